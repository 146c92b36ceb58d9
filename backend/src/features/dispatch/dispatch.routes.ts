import { sendDownload } from '../../http/download.js';
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { eq } from 'drizzle-orm';
import {
  AppError,
  ZAddAttachment,
  ZCreateReferral,
  ZPostReferralMessage,
  ZRecordCallback,
  ZReportStatusQuery,
  ZUpdateReferral,
  type TCentreSuggestions,
  type TInbox,
  type TReferralList,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { cases } from '../../db/schema.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { rateLimitStore, rateLimited } from '../../http/rate-limit.js';
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
import { loadReferrals } from './dispatch.repository.js';

/** Dispatch routes under `/api/cases/:id/…`: suggestions, referrals, closure, callback. */
export function caseDispatchRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/:id/centre-suggestions', requireActor(ctx, 'referrals.create'), async (req, res) => {
    const [row] = await ctx.db
      .select({ regionCode: cases.regionCode, categories: cases.categories })
      .from(cases)
      .where(eq(cases.id, uuidParam(req, 'id')));
    if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
    const all = await findCentres(ctx.db, { activeOnly: true });
    const body: TCentreSuggestions = {
      suggestions: suggestCentres(ctx.regions, all, row).map((s) => ({
        centre: presentCentre(s.centre, ctx.regions),
        reason: s.reason,
      })),
    };
    res.json(body);
  });

  router.get('/:id/referrals', requireActor(ctx, 'cases.read'), async (req, res) => {
    const body: TReferralList = {
      referrals: await loadReferrals(ctx.db, { caseId: uuidParam(req, 'id') }),
    };
    res.json(body);
  });

  router.post('/:id/referrals', requireActor(ctx, 'referrals.create'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZCreateReferral, jsonBody(req), 'body');
    res.status(201).json(await createReferral(ctx, actorOf(req), id, body));
  });

  router.post('/:id/lookup-codes', requireActor(ctx, 'cases.claim'), async (req, res) => {
    res.json(await issueLookupCodes(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.get('/:id/closure', requireActor(ctx, 'cases.read'), async (req, res) => {
    res.json(await closureCheck(ctx.db, uuidParam(req, 'id')));
  });

  router.post('/:id/callback', requireActor(ctx, 'cases.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZRecordCallback, jsonBody(req), 'body');
    res.json(await recordCallback(ctx, actorOf(req), id, body));
  });

  return router;
}

/** `/api/referrals`: the centre's inbox (its own only) and the operators' overview. */
export function referralRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/', requireActor(ctx, 'referrals.read'), async (req, res) => {
    const body: TInbox = await loadInbox(ctx, actorOf(req));
    res.json(body);
  });

  router.get('/:id', requireActor(ctx, 'referrals.read'), async (req, res) => {
    res.json(await readReferral(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.get('/:id/messages', requireActor(ctx, 'referrals.read'), async (req, res) => {
    res.json(await listReferralMessages(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.post('/:id/messages', requireActor(ctx, 'referrals.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZPostReferralMessage, jsonBody(req), 'body');
    res.status(201).json(await postReferralMessage(ctx, actorOf(req), id, body));
  });

  router.post('/:id/attachments', requireActor(ctx, 'referrals.attach'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZAddAttachment, jsonBody(req), 'body');
    res.status(201).json(await addOutcomeAttachment(ctx, actorOf(req), id, body));
  });

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

  router.patch('/:id', requireActor(ctx, 'referrals.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZUpdateReferral, jsonBody(req), 'body');
    res.json(await updateReferral(ctx, { actor: actorOf(req) }, id, body));
  });

  return router;
}

/** `GET /api/reports/status`: a reporter's lookup by reference and code (public, rate-limited). */
export function reportStatusRoutes(ctx: Context): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: rateLimitStore(ctx, 'report-status'),
    handler: rateLimited('Too many lookups from this address; try again in a minute.'),
  });
  router.get('/', limiter, async (req, res) => {
    const query = parse(ZReportStatusQuery, req.query, 'query');
    res.json(await reportStatus(ctx, query.reference, query.code));
  });
  return router;
}
