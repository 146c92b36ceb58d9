import { desc, eq } from 'drizzle-orm';
import { AppError, type TOrgReportList, type TOrgReporterProfile } from '@hutong/shared';
import type { Context } from '../../context.js';
import { cases, reporterOrgs, reports, users } from '../../db/schema.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { orgReportColumns, presentOrgReport } from './org-report-events.js';

/** The actor's organisation; 403 without one, ORG_INACTIVE once it has been deactivated. */
async function activeOrgOf(ctx: Context, orgId: string | null) {
  if (!orgId) throw new AppError('FORBIDDEN', { message: 'Your account has no organisation' });
  const [org] = await ctx.db
    .select({ id: reporterOrgs.id, name: reporterOrgs.name, active: reporterOrgs.active })
    .from(reporterOrgs)
    .where(eq(reporterOrgs.id, orgId));
  if (!org) throw new AppError('FORBIDDEN', { message: 'Your account has no organisation' });
  // A deactivated organisation no longer follows reports, even with sessions still open.
  if (!org.active) {
    throw new AppError('ORG_INACTIVE', { message: 'Your organisation is no longer active' });
  }
  return org;
}

/** The most recent reports one page shows. */
const ORG_REPORTS_MAX = 200;

/**
 * `GET /api/org/reports`: a reporting organisation's own reports — made by its signed-in
 * reporters — with only their stage and generic outcome (never the case, the child or the
 * centre), newest first. Not for an organisation that has been deactivated (403 ORG_INACTIVE).
 */
export function orgReportRoutes(ctx: Context) {
  return {
    orgProfile: async ({ actor }) => {
      const org = await activeOrgOf(ctx, actor.orgId);
      const body: TOrgReporterProfile = {
        org: { id: org.id, name: org.name },
        reporter: { displayName: actor.displayName },
      };
      return body;
    },
    orgReports: async ({ actor }) => {
      const org = await activeOrgOf(ctx, actor.orgId);
      const rows = await ctx.db
        .select(orgReportColumns)
        .from(reports)
        .leftJoin(cases, eq(cases.id, reports.caseId))
        .leftJoin(users, eq(users.id, reports.submittedBy))
        .where(eq(reports.orgId, org.id))
        .orderBy(desc(reports.receivedAt))
        .limit(ORG_REPORTS_MAX);
      const body: TOrgReportList = {
        org: { id: org.id, name: org.name },
        reports: rows.map(presentOrgReport),
      };
      return body;
    },
  } satisfies RouteHandlers;
}
