import { sendDownload } from '../../http/download.js';
import { Router } from 'express';
import { eq } from 'drizzle-orm';
import { AppError, type TCentreSuggestions, type TInbox, type TReferralList } from '@hutong/shared';
import type { Context } from '../../context.js';
import { cases } from '../../db/schema.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { idempotencyKey, uuidParam } from '../../http/validate.js';
import { redisRateLimit } from '../../http/rate-limit.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { presentCentre } from '../centres/centres.presenter.js';
import { findCentres } from '../centres/centres.repository.js';
import { suggestCentres } from '../centres/commands/suggest-centres.js';
import { closureCheck } from './closure-rules.js';
import { addOutcomeAttachment, readOutcomeAttachment } from './commands/add-outcome-attachment.js';
import { createReferral } from './commands/create-referral.js';
import { issueLookupCodes } from './commands/issue-lookup-codes.js';
import { listReferralMessages } from './commands/list-referral-messages.js';
import { loadInbox } from './commands/load-inbox.js';
import { postReferralMessage } from './commands/post-referral-message.js';
import { readReferral } from './commands/read-referral.js';
import { recordCallback } from './commands/record-callback.js';
import { reportStatus } from './commands/report-status.js';
import { updateReferral } from './commands/update-referral.js';
import { loadReferrals } from './load-referrals.js';

/**
 * Dispatch: suggestions, referrals, closure and callback on a case; the centre's inbox (its own
 * only) and the operators' overview; a reporter's status lookup (public, rate-limited).
 */
export function dispatchRoutes(ctx: Context) {
  const lookupLimiter = redisRateLimit(ctx, 'report-status', {
    windowMs: 60_000,
    limit: 30,
    message: 'Too many lookups from this address; try again in a minute.',
  });
  return {
    suggestCentres: async ({ params }) => {
      const [row] = await ctx.db
        .select({ regionCode: cases.regionCode, categories: cases.categories })
        .from(cases)
        .where(eq(cases.id, params.id));
      if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
      const all = await findCentres(ctx.db, { activeOnly: true });
      const body: TCentreSuggestions = {
        suggestions: suggestCentres(ctx.regions, all, row).map((s) => ({
          centre: presentCentre(s.centre, ctx.regions),
          reason: s.reason,
        })),
      };
      return body;
    },
    listCaseReferrals: async ({ params }) => {
      const body: TReferralList = { referrals: await loadReferrals(ctx.db, { caseId: params.id }) };
      return body;
    },
    createReferral: async ({ actor, params, body, req, res }) => {
      const result = await createReferral(ctx, actor, params.id, body, idempotencyKey(req));
      if (result.replayed) res.set('Idempotent-Replayed', 'true');
      return result.body;
    },
    issueLookupCodes: ({ actor, params }) => issueLookupCodes(ctx, actor, params.id),
    closureCheck: ({ params }) => closureCheck(ctx.db, params.id),
    recordCallback: ({ actor, params, body }) => recordCallback(ctx, actor, params.id, body),
    listReferrals: async ({ actor }) => {
      const body: TInbox = await loadInbox(ctx, actor);
      return body;
    },
    getReferral: ({ actor, params }) => readReferral(ctx, actor, params.id),
    listReferralMessages: ({ actor, params }) => listReferralMessages(ctx, actor, params.id),
    postReferralMessage: ({ actor, params, body }) =>
      postReferralMessage(ctx, actor, params.id, body),
    addOutcomeAttachment: ({ actor, params, body }) =>
      addOutcomeAttachment(ctx, actor, params.id, body),
    updateReferral: ({ actor, params, body }) => updateReferral(ctx, { actor }, params.id, body),
    reportStatus: {
      before: [lookupLimiter],
      handle: ({ query }) => reportStatus(ctx, query.reference, query.code),
    },
  } satisfies RouteHandlers;
}

/** `GET /api/referrals/:id/attachments/:attachmentId`: a file, not JSON, so outside the table. */
export function referralFileRoutes(ctx: Context): Router {
  const router = Router();
  router.get(
    '/:id/attachments/:attachmentId',
    requireActor(ctx, 'referrals.read'),
    async (req, res) => {
      sendDownload(
        res,
        await readOutcomeAttachment(
          ctx,
          actorOf(req),
          uuidParam(req, 'id'),
          uuidParam(req, 'attachmentId'),
        ),
      );
    },
  );
  return router;
}
