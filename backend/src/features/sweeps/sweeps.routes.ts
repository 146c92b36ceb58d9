import { Router } from 'express';
import { AppError, ZCreateSweep, ZEndSweep, ZListSweepsQuery } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { createSweep } from './commands/create-sweep.js';
import { endSweep } from './commands/end-sweep.js';
import { listSweeps, readSweep } from './commands/read-sweeps.js';

/** As intake takes it: 8 to 200 printable ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/**
 * `/api/sweeps`: sweeps (摸底排查) of the children's register. The permission gates the role
 * here; which regions (one's own subtree, or anywhere for supervisors) is checked in the commands.
 */
export function sweepsRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/', requireActor(ctx, 'sweeps.read'), async (req, res) => {
    const query = parse(ZListSweepsQuery, req.query, 'query');
    res.json(await listSweeps(ctx, actorOf(req), query));
  });
  router.post('/', requireActor(ctx, 'sweeps.create'), async (req, res) => {
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The Idempotency-Key header is invalid',
        data: { 'Idempotency-Key': 'Use 8 to 200 printable ASCII characters, e.g. a UUID' },
      });
    }
    const body = parse(ZCreateSweep, jsonBody(req), 'body');
    const result = await createSweep(ctx, actorOf(req), body, key);
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).json(result.body);
  });
  router.get('/:id', requireActor(ctx, 'sweeps.read'), async (req, res) => {
    res.json(await readSweep(ctx, actorOf(req), uuidParam(req, 'id')));
  });
  router.post('/:id/close', requireActor(ctx, 'sweeps.end'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZEndSweep, jsonBody(req), 'body');
    res.json(await endSweep(ctx, actorOf(req), id, 'closed', body));
  });
  router.post('/:id/cancel', requireActor(ctx, 'sweeps.end'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZEndSweep, jsonBody(req), 'body');
    res.json(await endSweep(ctx, actorOf(req), id, 'cancelled', body));
  });
  return router;
}
