import type { RequestHandler } from 'express';
import { eq } from 'drizzle-orm';
import { can, type TCreateReportParsed } from '@hutong/shared';
import type { Context } from '../../context.js';
import { reporterOrgs } from '../../db/schema.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { idempotencyKey } from '../../http/validate.js';
import { redisRateLimit, redisUnavailable } from '../../http/rate-limit.js';
import { createReport, type Submitter } from './commands/create-report.js';
import { sessionToken } from '../auth/auth.middleware.js';
import { findActor } from '../auth/sessions.js';
import { authenticateApiKey, bearerToken } from '../orgs/api-keys.js';

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
 * Public intake (`createReport`): the web form and partners POST reports here. A partner sends
 * its organisation's key as `Authorization: Bearer <key>` and files on the `api` channel for it.
 * The rate limit, the key and the `Idempotency-Key` header are checked before the body.
 */
export function intakeRoutes(ctx: Context) {
  const limiter = redisRateLimit(ctx, 'intake', {
    windowMs: 60_000,
    limit: ctx.config.intakeRateLimit,
    // Reports are stored in PostgreSQL: with Redis gone they are still taken, unlimited.
    skip: redisUnavailable(ctx),
    message: 'Too many reports from this address. If a child is in danger right now, call 110.',
  });
  const partnerKey: RequestHandler = async (req, _res, next) => {
    const authorization = req.get('Authorization');
    // A request that carried a key is the partner's or nobody's: never taken as anonymous.
    if (authorization !== undefined) {
      req.partnerOrgId = (await authenticateApiKey(ctx.db, bearerToken(authorization))).orgId;
    }
    idempotencyKey(req);
    next();
  };

  return {
    createReport: {
      before: [limiter, partnerKey],
      handle: async ({ body, req, res }) => {
        const partnerOrgId = req.partnerOrgId;
        const key = idempotencyKey(req);
        const bound = partnerOrgId
          ? { userId: null, orgId: partnerOrgId }
          : await submitterOf(ctx, req.headers.cookie);
        const submitter = bound === 'inactive' ? undefined : bound;
        const input =
          submitter && 'orgName' in submitter ? filedFor(body, submitter.orgName) : body;
        const result = await createReport(ctx, input, {
          channel: partnerOrgId ? 'api' : 'web',
          // Partners choose their keys independently: one organisation's key never replays another's.
          ...(key ? { idempotencyKey: partnerOrgId ? `${partnerOrgId}:${key}` : key } : {}),
          ...(submitter ? { submitter: { userId: submitter.userId, orgId: submitter.orgId } } : {}),
        });
        if (result.replayed) res.set('Idempotent-Replayed', 'true');
        return bound === 'inactive' ? { ...result.body, notice: 'org_inactive' } : result.body;
      },
    },
  } satisfies RouteHandlers;
}
