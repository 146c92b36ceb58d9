import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, max, sql } from 'drizzle-orm';
import { OPEN_CASE_STATUSES, type TChild } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { attachments, caseEvents, cases, reporterOrgs, reports, users } from '../../db/schema.js';

export type CaseRow = typeof cases.$inferSelect;

/** A case row with what its summary needs from other tables. */
export interface CaseSummaryRow extends CaseRow {
  assigneeName: string | null;
  reportCount: number;
  children: TChild[];
}

export const summaryColumns = {
  assigneeName: users.displayName,
  reportCount: sql<number>`(select count(*)::int from ${reports} r where r.case_id = ${cases.id})`,
  children: sql<TChild[]>`(select coalesce(jsonb_agg(ch order by r.received_at), '[]'::jsonb)
      from ${reports} r, jsonb_array_elements(r.children) ch where r.case_id = ${cases.id})`,
};

/** Cases with what their summaries need; callers add where/order/limit. */
function selectSummaryRows(exec: Executor) {
  return exec
    .select({ c: cases, ...summaryColumns })
    .from(cases)
    .leftJoin(users, eq(users.id, cases.assigneeId))
    .$dynamic();
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectSummaryRows>['execute']>>[number];
const flatten = ({ c, ...rest }: SelectedRow): CaseSummaryRow => ({ ...c, ...rest });

export async function findSummaryRows(exec: Executor, ids: string[]): Promise<CaseSummaryRow[]> {
  if (ids.length === 0) return [];
  return (await selectSummaryRows(exec).where(inArray(cases.id, ids))).map(flatten);
}

/**
 * The operator queue's order, the SQL twin of `compareQueueOrder` in shared (keep them in step):
 * unclaimed first, P1 first, the earliest claim deadline among unclaimed cases (overdue ones
 * first, no deadline last), the oldest, then the id.
 */
const QUEUE_ORDER = [
  sql`(${cases.assigneeId} is not null)`,
  asc(cases.priority),
  sql`(case when ${cases.assigneeId} is null then ${cases.claimDeadline} end) asc nulls last`,
  asc(cases.createdAt),
  asc(cases.id),
];

/** Open cases (or one operator's), in the queue's triage order. */
export async function findOpenSummaryRows(
  exec: Executor,
  options: { limit: number; assigneeId?: string },
): Promise<CaseSummaryRow[]> {
  const rows = await selectSummaryRows(exec)
    .where(
      and(
        inArray(cases.status, [...OPEN_CASE_STATUSES]),
        options.assigneeId ? eq(cases.assigneeId, options.assigneeId) : undefined,
      ),
    )
    .orderBy(...QUEUE_ORDER)
    .limit(options.limit);
  return rows.map(flatten);
}

/** A case nobody has claimed although its claim deadline has passed. */
export function overdueClaim(now: Date) {
  return and(eq(cases.status, 'new'), isNull(cases.assigneeId), lt(cases.claimDeadline, now));
}

/** Unclaimed cases past their claim deadline, most urgent first, then oldest first. */
export async function findOverdueClaimRows(
  exec: Executor,
  now: Date,
  limit: number,
): Promise<CaseSummaryRow[]> {
  const rows = await selectSummaryRows(exec)
    .where(overdueClaim(now))
    .orderBy(asc(cases.priority), asc(cases.createdAt))
    .limit(limit);
  return rows.map(flatten);
}

export async function findAllSummaryRows(exec: Executor, limit: number): Promise<CaseSummaryRow[]> {
  return (await selectSummaryRows(exec).orderBy(desc(cases.createdAt)).limit(limit)).map(flatten);
}

/** A case's holder (null when unclaimed), or null when there is no such case. */
export async function findCaseHolder(
  exec: Executor,
  caseId: string,
): Promise<{ assigneeId: string | null } | null> {
  const [row] = await exec
    .select({ assigneeId: cases.assigneeId })
    .from(cases)
    .where(eq(cases.id, caseId));
  return row ?? null;
}

/** The highest event seq now: a list read with it lets the client resume from there. */
export async function currentSeq(exec: Executor): Promise<number> {
  const [row] = await exec.select({ seq: max(caseEvents.id) }).from(caseEvents);
  return Number(row?.seq ?? 0);
}

/**
 * How far back a resume also replays events the client may already have. A seq is drawn when the
 * event is inserted, not when it commits: a transaction that drew seq N can commit after one that
 * drew N+1, and a client that saw N+1 live and lost its socket before N's broadcast reached it
 * would otherwise never ask for N (the chaos harness saw this on two nodes under kills). Every
 * transaction that writes case events lasts far less than this; clients keep the newer version of
 * a case, so a repeat changes nothing.
 */
export const RESUME_OVERLAP_MS = 30_000;

/**
 * What a client resuming from `lastSeq` is sent: `after`, the events past it (up to `limit`, one
 * more than the caller will replay so that it can tell "too many"), and `overlap`, the events
 * below it written within RESUME_OVERLAP_MS of the newest event up to it (the nearest `limit`).
 */
export async function findEventsToReplay(exec: Executor, lastSeq: number, limit: number) {
  const after = await exec
    .select()
    .from(caseEvents)
    .where(gt(caseEvents.id, lastSeq))
    .orderBy(asc(caseEvents.id))
    .limit(limit);
  const [newest] = await exec
    .select({ createdAt: caseEvents.createdAt })
    .from(caseEvents)
    .where(lte(caseEvents.id, lastSeq))
    .orderBy(desc(caseEvents.id))
    .limit(1);
  if (!newest) return { overlap: [], after };
  const overlap = await exec
    .select()
    .from(caseEvents)
    .where(
      and(
        lt(caseEvents.id, lastSeq),
        gt(caseEvents.id, lastSeq - limit),
        gte(caseEvents.createdAt, new Date(newest.createdAt.getTime() - RESUME_OVERLAP_MS)),
      ),
    )
    .orderBy(desc(caseEvents.id))
    .limit(limit);
  return { overlap: overlap.reverse(), after };
}

export async function findEventsByIds(exec: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return exec
    .select()
    .from(caseEvents)
    .where(inArray(caseEvents.id, ids))
    .orderBy(asc(caseEvents.id));
}

export async function findCaseEvents(exec: Executor, caseId: string) {
  return exec
    .select({ e: caseEvents, actorName: users.displayName })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.id));
}

/** A case's reports, oldest first, each with the name of the organisation that filed it. */
export async function findCaseReports(exec: Executor, caseId: string) {
  return exec
    .select({ report: reports, orgName: reporterOrgs.name })
    .from(reports)
    .leftJoin(reporterOrgs, eq(reporterOrgs.id, reports.orgId))
    .where(eq(reports.caseId, caseId))
    .orderBy(asc(reports.receivedAt));
}

export async function userNames(exec: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await exec
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A case's attachments without their bytes, newest last. */
export async function findAttachments(exec: Executor, caseId: string) {
  return exec
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
      uploadedBy: attachments.uploadedBy,
      uploaderName: users.displayName,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.createdAt));
}
export type AttachmentListRow = Awaited<ReturnType<typeof findAttachments>>[number];

/** Active operators and supervisors: who a case can be reassigned to. */
export async function findAssignees(exec: Executor) {
  return exec
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.role, ['operator', 'supervisor']), isNull(users.disabledAt)))
    .orderBy(asc(users.displayName));
}
