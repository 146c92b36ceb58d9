import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError, can, ZCreateReport } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse } from '../../http/validate.js';
import { rateLimitStore, rateLimited } from '../../http/rate-limit.js';
import { createReport, type Submitter } from './commands/create-report.js';
import { sessionToken } from '../auth/auth.middleware.js';
import { findActor } from '../auth/sessions.js';
import { authenticateApiKey, bearerToken } from '../orgs/api-keys.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/**
 * A reporter signed in at a reporting organisation files for it, so the organisation can follow
 * the report; anyone else (no session, other roles) reports as the public does.
 */
async function submitterOf(
  ctx: Context,
  cookieHeader: string | undefined,
): Promise<Submitter | undefined> {
  const token = sessionToken(cookieHeader);
  if (!token) return undefined;
  const actor = await findActor(ctx.db, token);
  if (!actor?.orgId || actor.mustChangePassword || !can(actor.role, 'org.reports.read')) {
    return undefined;
  }
  return { userId: actor.id, orgId: actor.orgId };
}

/**
 * Public intake: the web form and partners POST reports here. A partner sends its
 * organisation's key as `Authorization: Bearer <key>` and files on the `api` channel for it.
 */
export function intakeRoutes(ctx: Context): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: ctx.config.intakeRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: rateLimitStore(ctx, 'intake'),
    handler: rateLimited(
      'Too many reports from this address. If a child is in danger right now, call 110.',
    ),
  });

  router.post('/', limiter, async (req, res) => {
    const authorization = req.get('Authorization');
    // A request that carried a key is the partner's or nobody's: never taken as anonymous.
    const partner =
      authorization === undefined
        ? undefined
        : await authenticateApiKey(ctx.db, bearerToken(authorization));
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The Idempotency-Key header is invalid',
        data: { 'Idempotency-Key': 'Use 8 to 200 printable ASCII characters, e.g. a UUID' },
      });
    }
    const input = parse(ZCreateReport, jsonBody(req), 'report');
    const submitter = partner
      ? { userId: null, orgId: partner.orgId }
      : await submitterOf(ctx, req.headers.cookie);
    const result = await createReport(ctx, input, {
      channel: partner ? 'api' : 'web',
      // Partners choose their keys independently: one organisation's key never replays another's.
      ...(key ? { idempotencyKey: partner ? `${partner.orgId}:${key}` : key } : {}),
      ...(submitter ? { submitter } : {}),
    });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).json(result.body);
  });
  return router;
}
