import { Router } from 'express';
import {
  ZBulkReassign,
  ZCreateHandover,
  ZSaveCannedReply,
  type TCannedReplyList,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { bulkReassign } from './commands/bulk-reassign.js';
import { createHandover, listHandovers } from './commands/handovers.js';
import {
  createCannedReply,
  deleteCannedReply,
  listCannedReplies,
  updateCannedReply,
} from './canned-replies.js';

/** `/api/shift`: handover notes, and moving every case one person holds (supervisors). */
export function shiftRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/handovers', requireActor(ctx, 'shift.handover'), async (_req, res) => {
    res.json(await listHandovers(ctx));
  });
  router.post('/handovers', requireActor(ctx, 'shift.handover'), async (req, res) => {
    const input = parse(ZCreateHandover, jsonBody(req), 'body');
    res.status(201).json(await createHandover(ctx, actorOf(req), input));
  });
  router.post('/reassign', requireActor(ctx, 'cases.reassign'), async (req, res) => {
    const input = parse(ZBulkReassign, jsonBody(req), 'body');
    res.json(await bulkReassign(ctx, actorOf(req), input));
  });
  return router;
}

/** `GET /api/canned-replies`: the reply box's picker. */
export function cannedReplyRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/', requireActor(ctx, 'replies.read'), async (_req, res) => {
    const body: TCannedReplyList = { replies: await listCannedReplies(ctx) };
    res.json(body);
  });
  return router;
}

/** `/api/admin/canned-replies`: administrators edit the canned replies. */
export function cannedReplyAdminRoutes(ctx: Context): Router {
  const router = Router();
  router.post('/', requireActor(ctx, 'settings.manage'), async (req, res) => {
    const input = parse(ZSaveCannedReply, jsonBody(req), 'body');
    res.status(201).json(await createCannedReply(ctx, actorOf(req), input));
  });
  router.put('/:id', requireActor(ctx, 'settings.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const input = parse(ZSaveCannedReply, jsonBody(req), 'body');
    res.json(await updateCannedReply(ctx, actorOf(req), id, input));
  });
  router.delete('/:id', requireActor(ctx, 'settings.manage'), async (req, res) => {
    await deleteCannedReply(ctx, actorOf(req), uuidParam(req, 'id'));
    res.json({ ok: true });
  });
  return router;
}
