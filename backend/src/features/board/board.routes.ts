import { Router } from 'express';
import type { Context } from '../../context.js';
import { requireActor } from '../auth/auth.middleware.js';
import { readBoard } from './commands/read-board.js';

/** `GET /api/board`: the supervisors' duty board (counts and references, no personal data). */
export function boardRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/', requireActor(ctx, 'board.read'), async (_req, res) => {
    res.json(await readBoard(ctx));
  });
  return router;
}
