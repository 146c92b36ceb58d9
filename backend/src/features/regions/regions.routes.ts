import { Router } from 'express';
import type { Context } from '../../context.js';

/** The region tree, public: the reporting form's picker needs it before anyone signs in. */
export function regionRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300');
    res.json({ regions: ctx.regions.list() });
  });
  return router;
}
