import { Router } from 'express';
import { AppError, ZSetPresence, ZWrapUpCall, type TPresenceList } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { wrapUpCall } from './commands/wrap-up-call.js';
import { changePresence, presenceUsers, readPresence, readPresences } from './presence-status.js';

/** `/api/presence`: everyone's presence (supervisors), one's own, and choosing available/break. */
export function presenceRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/', requireActor(ctx, 'board.read'), async (_req, res) => {
    const body: TPresenceList = { people: await readPresences(ctx, await presenceUsers(ctx)) };
    res.json(body);
  });

  router.get('/me', requireActor(ctx, 'calls.answer'), async (req, res) => {
    res.json(await readPresence(ctx, actorOf(req)));
  });

  router.put('/me', requireActor(ctx, 'calls.answer'), async (req, res) => {
    const { status } = parse(ZSetPresence, jsonBody(req), 'body');
    const actor = actorOf(req);
    const presence = await changePresence(
      ctx,
      { id: actor.id, displayName: actor.displayName, role: actor.role },
      { status },
      // On a call the system decides; the call's end brings wrap-up.
      (current) => current?.status !== 'on_call',
    );
    if (!presence) {
      throw new AppError('CONFLICT', { message: 'You are on a call; it sets your status' });
    }
    res.json(presence);
  });

  return router;
}

/** `POST /api/calls/:id/wrap-up`: mounted beside the calls routes. */
export function wrapUpRoutes(ctx: Context): Router {
  const router = Router();
  router.post('/:id/wrap-up', requireActor(ctx, 'calls.answer'), async (req, res) => {
    const input = parse(ZWrapUpCall, jsonBody(req), 'body');
    res.json(await wrapUpCall(ctx, actorOf(req), uuidParam(req, 'id'), input));
  });
  return router;
}
