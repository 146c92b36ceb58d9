import { Router } from 'express';
import { ZDismissWarning, ZListWarningsQuery } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { acknowledgeWarning, dismissWarning, escalateWarning } from './commands/act-on-warning.js';
import { listWarnings } from './commands/list-warnings.js';

/**
 * `/api/warnings`: early warnings on the children's register. The permission gates the role
 * here; whose warnings (the region's subtree, or all for supervisors) is checked in the commands.
 */
export function warningsRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/', requireActor(ctx, 'warnings.read'), async (req, res) => {
    const query = parse(ZListWarningsQuery, req.query, 'query');
    res.json(await listWarnings(ctx, actorOf(req), query));
  });
  router.post('/:id/acknowledge', requireActor(ctx, 'warnings.act'), async (req, res) => {
    res.json(await acknowledgeWarning(ctx, actorOf(req), uuidParam(req, 'id')));
  });
  router.post('/:id/dismiss', requireActor(ctx, 'warnings.act'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZDismissWarning, jsonBody(req), 'body');
    res.json(await dismissWarning(ctx, actorOf(req), id, body.reason));
  });
  router.post('/:id/escalate', requireActor(ctx, 'warnings.act'), async (req, res) => {
    res.json(await escalateWarning(ctx, actorOf(req), uuidParam(req, 'id')));
  });
  return router;
}
