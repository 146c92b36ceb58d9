import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CaseEventType, CaseStatus, TOrgReport } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { cases, reporterOrgs, reports, users, type caseEvents } from '../../db/schema.js';
import { presentReportStatus } from '../dispatch/commands/report-status.js';

type EventRow = typeof caseEvents.$inferSelect;

/** The columns one row of "Our reports" is made from. */
export const orgReportColumns = {
  id: reports.id,
  reference: reports.reference,
  receivedAt: reports.receivedAt,
  caseStatus: cases.status,
  caseUpdatedAt: cases.updatedAt,
  submittedBy: users.displayName,
};

/** One row of "Our reports": the stage and generic outcome only, never the case or the child. */
export function presentOrgReport(row: {
  id: string;
  reference: string;
  receivedAt: Date;
  caseStatus: CaseStatus | null;
  caseUpdatedAt: Date | null;
  submittedBy: string | null;
}): TOrgReport {
  return {
    ...presentReportStatus(row),
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    submittedBy: row.submittedBy,
  };
}

/** Events that put a report on a case or move its case between stages. */
const STAGE_EVENTS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'case_opened',
  'report_linked',
  'report_merged',
  'claimed',
  'released',
  'status_changed',
]);

/** What a reporter sees of a case status (stage and outcome), to tell a visible move. */
function progressOf(status: unknown): string {
  const shown = presentReportStatus({
    reference: '',
    receivedAt: new Date(0),
    caseStatus: typeof status === 'string' ? (status as CaseStatus) : null,
    caseUpdatedAt: null,
  });
  return `${shown.stage}/${shown.outcome ?? ''}`;
}

/** Whether the event can change what an organisation's reporters see of a report. */
function movesStage(event: EventRow): boolean {
  if (!STAGE_EVENTS.has(event.type)) return false;
  // A status change within one stage (triaging → dispatched …) shows nothing new.
  if (event.type === 'status_changed') {
    return progressOf(event.data.from) !== progressOf(event.data.to);
  }
  return true;
}

/** An `org.report.updated` ready for one organisation's room. */
export interface OrgReportBroadcast {
  orgId: string;
  payload: TOrgReport;
}

/**
 * For committed case events that move a case's stage: the current row of every report on those
 * cases that an active reporting organisation filed, for that organisation's room only. A
 * deactivated organisation gets nothing (as its list answers 403).
 */
export async function orgReportBroadcasts(
  exec: Executor,
  events: readonly EventRow[],
): Promise<OrgReportBroadcast[]> {
  const caseIds = [...new Set(events.filter(movesStage).map((e) => e.caseId))];
  if (caseIds.length === 0) return [];
  const rows = await exec
    .select({ ...orgReportColumns, orgId: reporterOrgs.id })
    .from(reports)
    .innerJoin(reporterOrgs, and(eq(reporterOrgs.id, reports.orgId), eq(reporterOrgs.active, true)))
    .leftJoin(cases, eq(cases.id, reports.caseId))
    .leftJoin(users, eq(users.id, reports.submittedBy))
    .where(inArray(reports.caseId, caseIds));
  return rows.map(({ orgId, ...row }) => ({ orgId, payload: presentOrgReport(row) }));
}

/**
 * A new case's report filed for an active organisation: its first row of "Our reports", for
 * that organisation's room (the colleagues of whoever filed it). Null for any other report.
 * Triage publishes a new case straight after commit, past the relay that would build this.
 */
export async function newReportBroadcast(
  exec: Executor,
  report: {
    id: string;
    orgId: string | null;
    submittedBy: string | null;
    reference: string;
    receivedAt: Date;
  },
  caseRow: { status: CaseStatus; updatedAt: Date },
): Promise<OrgReportBroadcast | null> {
  if (!report.orgId) return null;
  const [org] = await exec
    .select({ active: reporterOrgs.active, submittedBy: users.displayName })
    .from(reporterOrgs)
    .leftJoin(users, report.submittedBy ? eq(users.id, report.submittedBy) : sql`false`)
    .where(eq(reporterOrgs.id, report.orgId));
  if (!org?.active) return null;
  return {
    orgId: report.orgId,
    payload: presentOrgReport({
      id: report.id,
      reference: report.reference,
      receivedAt: report.receivedAt,
      caseStatus: caseRow.status,
      caseUpdatedAt: caseRow.updatedAt,
      submittedBy: org.submittedBy ?? null,
    }),
  };
}

/** Whether the organisation exists and is active (its reporters' sockets join its room). */
export async function isActiveOrg(exec: Executor, orgId: string): Promise<boolean> {
  const [org] = await exec
    .select({ active: reporterOrgs.active })
    .from(reporterOrgs)
    .where(eq(reporterOrgs.id, orgId));
  return org?.active === true;
}
