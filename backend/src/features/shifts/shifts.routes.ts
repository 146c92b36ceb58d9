import type { TCannedReplyList } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { bulkReassign } from './commands/bulk-reassign.js';
import { createHandover, listHandovers } from './commands/handovers.js';
import {
  createCannedReply,
  deleteCannedReply,
  listCannedReplies,
  updateCannedReply,
} from './canned-replies.js';

/**
 * A shift's routes: handover notes, moving every case one person holds (supervisors), the reply
 * box's canned replies and the administrators' editor of them.
 */
export function shiftRoutes(ctx: Context) {
  return {
    listHandovers: () => listHandovers(ctx),
    createHandover: ({ actor, body }) => createHandover(ctx, actor, body),
    bulkReassign: ({ actor, body }) => bulkReassign(ctx, actor, body),
    listCannedReplies: async () => {
      const body: TCannedReplyList = { replies: await listCannedReplies(ctx) };
      return body;
    },
    createCannedReply: ({ actor, body }) => createCannedReply(ctx, actor, body),
    updateCannedReply: ({ actor, params, body }) => updateCannedReply(ctx, actor, params.id, body),
    deleteCannedReply: async ({ actor, params }) => {
      await deleteCannedReply(ctx, actor, params.id);
      return { ok: true as const };
    },
  } satisfies RouteHandlers;
}
