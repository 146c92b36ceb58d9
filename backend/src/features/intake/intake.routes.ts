import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { eq } from 'drizzle-orm';
import {
  AppError,
  can,
  ZCreateReport,
  type TCreateReportParsed,
  type TCreateReportResponse,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { reporterOrgs } from '../../db/schema.js';
import { jsonBody, parse } from '../../http/validate.js';
import { rateLimitStore, rateLimited, redisUnavailable } from '../../http/rate-limit.js';
import { createReport, type Submitter } from './commands/create-report.js';
import { sessionToken } from '../auth/auth.middleware.js';
import { findActor } from '../auth/sessions.js';
import { authenticateApiKey, bearerToken } from '../orgs/api-keys.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/**
 * A reporter signed in at a reporting organisation files for it, so the organisation can follow
 * the report; anyone else (no session, other roles) reports as the public does. A reporter of an
 * organisation that has been deactivated may no longer act in its name, but the report about a
 * child must not be lost: it is filed as a public one, and the answer says so (`inactive`).
 */
async function submitterOf(
  ctx: Context,
  cookieHeader: string | undefined,
): Promise<(Submitter & { orgName: string }) | 'inactive' | undefined> {
  const token = sessionToken(cookieHeader);
  if (!token) return undefined;
  const actor = await findActor(ctx.db, token);
  if (!actor?.orgId || actor.mustChangePassword || !can(actor.role, 'org.reports.read')) {
    return undefined;
  }
  const [org] = await ctx.db
    .select({ active: reporterOrgs.active, name: reporterOrgs.name })
    .from(reporterOrgs)
    .where(eq(reporterOrgs.id, actor.orgId));
  if (!org?.active) return 'inactive';
  return { userId: actor.id, orgId: actor.orgId, orgName: org.name };
}

/**
 * A signed-in reporter files in the organisation's name, never anonymously: the organisation is
 * the mandatory reporter (the Opinion, art. 3). Its name comes from the register, not the form;
 * the reporter's own name and phone are kept as they gave them.
 */
function filedFor(report: TCreateReportParsed, orgName: string): TCreateReportParsed {
  const { name, phone } = report.reporter.type === 'anonymous' ? {} : report.reporter;
  return {
    ...report,
    reporter: {
      type: 'organisation',
      orgName,
      ...(name ? { name } : {}),
      ...(phone ? { phone } : {}),
    },
  };
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
    // Reports are stored in PostgreSQL: with Redis gone they are still taken, unlimited.
    skip: redisUnavailable(ctx),
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
    const parsed = parse(ZCreateReport, jsonBody(req), 'report');
    const bound = partner
      ? { userId: null, orgId: partner.orgId }
      : await submitterOf(ctx, req.headers.cookie);
    const submitter = bound === 'inactive' ? undefined : bound;
    const input =
      submitter && 'orgName' in submitter ? filedFor(parsed, submitter.orgName) : parsed;
    const result = await createReport(ctx, input, {
      channel: partner ? 'api' : 'web',
      // Partners choose their keys independently: one organisation's key never replays another's.
      ...(key ? { idempotencyKey: partner ? `${partner.orgId}:${key}` : key } : {}),
      ...(submitter ? { submitter: { userId: submitter.userId, orgId: submitter.orgId } } : {}),
    });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    const body: TCreateReportResponse =
      bound === 'inactive' ? { ...result.body, notice: 'org_inactive' } : result.body;
    res.status(201).json(body);
  });
  return router;
}
