import { Router } from 'express';
import { desc, eq } from 'drizzle-orm';
import { AppError, type TOrgReportList } from '@hutong/shared';
import type { Context } from '../../context.js';
import { cases, reporterOrgs, reports, users } from '../../db/schema.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { presentReportStatus } from '../dispatch/commands/report-status.js';

/** The most recent reports one page shows. */
export const ORG_REPORTS_MAX = 200;

/**
 * `GET /api/org/reports`: a reporting organisation's own reports — made by its signed-in
 * reporters — with only their stage and generic outcome (never the case, the child or the
 * centre), newest first.
 */
export function orgReportRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/reports', requireActor(ctx, 'org.reports.read'), async (req, res) => {
    const { orgId } = actorOf(req);
    if (!orgId) throw new AppError('FORBIDDEN', { message: 'Your account has no organisation' });
    const [org] = await ctx.db
      .select({ id: reporterOrgs.id, name: reporterOrgs.name })
      .from(reporterOrgs)
      .where(eq(reporterOrgs.id, orgId));
    if (!org) throw new AppError('FORBIDDEN', { message: 'Your account has no organisation' });
    const rows = await ctx.db
      .select({
        id: reports.id,
        reference: reports.reference,
        receivedAt: reports.receivedAt,
        caseStatus: cases.status,
        caseUpdatedAt: cases.updatedAt,
        submittedBy: users.displayName,
      })
      .from(reports)
      .leftJoin(cases, eq(cases.id, reports.caseId))
      .leftJoin(users, eq(users.id, reports.submittedBy))
      .where(eq(reports.orgId, orgId))
      .orderBy(desc(reports.receivedAt))
      .limit(ORG_REPORTS_MAX);
    const body: TOrgReportList = {
      org,
      reports: rows.map((row) => ({
        ...presentReportStatus(row),
        id: row.id,
        receivedAt: row.receivedAt.toISOString(),
        submittedBy: row.submittedBy,
      })),
    };
    res.json(body);
  });
  return router;
}
