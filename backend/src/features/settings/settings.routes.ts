import { Router } from 'express';
import { ZDispatchSettings } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { updateDispatchSettings } from './commands/update-dispatch-settings.js';
import { presentDispatchSettings } from './settings.repository.js';

/** `/api/admin/settings`: administrators' settings (the referral acknowledgement deadlines). */
export function settingsRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/dispatch', requireActor(ctx, 'settings.manage'), async (_req, res) => {
    res.json(await presentDispatchSettings(ctx.db));
  });

  router.put('/dispatch', requireActor(ctx, 'settings.manage'), async (req, res) => {
    const body = parse(ZDispatchSettings, jsonBody(req), 'body');
    res.json(await updateDispatchSettings(ctx, actorOf(req), body));
  });

  return router;
}
