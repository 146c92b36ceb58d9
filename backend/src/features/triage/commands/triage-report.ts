import { randomUUID } from 'node:crypto';
import {
  and,
  arrayOverlaps,
  asc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  sql,
} from 'drizzle-orm';
import {
  assessPriority,
  OPEN_CASE_STATUSES,
  PRIORITY_META,
  type Channel,
  type Priority,
  type PriorityReason,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Db, Executor } from '../../../db/client.js';
import { caseEvents, cases, outbox, reports } from '../../../db/schema.js';
import { scaledMs } from '../../../lib/clock.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { presentCaseEvent, presentCaseSummary } from '../../cases/cases.presenter.js';
import type { CaseRow } from '../../cases/cases.repository.js';
import { DIRECT } from '../../outbox/outbox.js';
import type { Committed } from '../../outbox/relay.js';
import {
  newReportBroadcast,
  type OrgReportBroadcast,
} from '../../org-reports/org-report-events.js';
import { openChildren } from '../../privacy/case-content.js';
import { linkKeys } from '../link-keys.js';

/** Reports about the same child link to an open case last reported within this window. */
export const LINK_WINDOW_DAYS = 30;

export type TriageOutcome =
  | { outcome: 'opened' | 'linked'; caseId: string; priority: Priority; channel: Channel }
  | { outcome: 'already_triaged'; caseId: string }
  | { outcome: 'missing' };

export type ReportRow = typeof reports.$inferSelect;

/**
 * Scores a report, links it to an open case about the same child or opens one, and sets the
 * claim deadline (the claim sweep marks it when it passes unclaimed). Safe to run twice: a triaged report is left as it is.
 */
export async function triageReport(ctx: Context, reportId: string): Promise<TriageOutcome> {
  return (await triageReportRead(ctx, reportId)).result;
}

/**
 * triageReport, also handing back the report row as triage read it (absent when missing), so
 * the triage job's next step (linkReportToFiles) need not read it again.
 */
export async function triageReportRead(
  ctx: Context,
  reportId: string,
): Promise<{ result: TriageOutcome; report?: ReportRow }> {
  return (await openDirectly(ctx, reportId)) ?? triageInTransaction(ctx, reportId);
}

/**
 * The common case without a transaction: an untriaged report about no child with an open case
 * opens a case in one statement (see openCase), after two plain reads. Returns null for
 * everything else — a missing or triaged report, a case to link to, a race lost to another run
 * — which the transactional path decides under row locks.
 */
async function openDirectly(
  ctx: Context,
  reportId: string,
): Promise<{ result: TriageOutcome; report: ReportRow } | null> {
  const [read] = await reportById(ctx.db).execute({ id: reportId });
  if (!read || read.caseId) return null;
  const { rowVersion, ...report } = read;
  const plan = planFor(ctx, report);
  if (plan.keys.length > 0 && (await findOpenCase(ctx.db, plan.keys, false))) return null;
  const caseRow = newCaseRow(report, plan);
  let opened: Opened;
  try {
    opened = await openCase(ctx.db, caseRow, report, rowVersion);
  } catch (err) {
    // Another run triaged the report first (the gate in openCase), or opened its case.
    if (isConstraintViolation(err)) return null;
    throw err;
  }
  const orgReport = await newReportBroadcast(ctx.db, report, caseRow);
  ctx.kickOutbox(committedFor(ctx, caseRow, report, opened, orgReport));
  // As linked: caseId and triagedAt are what openCase wrote.
  const linked: ReportRow = { ...report, caseId: caseRow.id, triagedAt: caseRow.updatedAt };
  return {
    result: {
      outcome: 'opened',
      caseId: caseRow.id,
      priority: plan.priority,
      channel: report.channel,
    },
    report: linked,
  };
}

async function triageInTransaction(
  ctx: Context,
  reportId: string,
): Promise<{ result: TriageOutcome; report?: ReportRow }> {
  /** A new case's event and jobs, published straight after commit (see openCase). */
  let committed: Committed | undefined;
  let read: ReportRow | undefined;
  const result = await ctx.db.transaction(async (tx): Promise<TriageOutcome> => {
    const [report] = await tx.select().from(reports).where(eq(reports.id, reportId)).for('update');
    if (!report) return { outcome: 'missing' };
    read = report;
    if (report.caseId) return { outcome: 'already_triaged', caseId: report.caseId };

    const plan = planFor(ctx, report);
    const { priority, reasons, keys, claimBy, now } = plan;
    const open = keys.length ? await findOpenCase(tx, keys, true) : undefined;

    if (!open) {
      const caseRow = newCaseRow(report, plan);
      const opened = await openCase(tx, caseRow, report, null);
      committed = committedFor(
        ctx,
        caseRow,
        report,
        opened,
        await newReportBroadcast(tx, report, caseRow),
      );
      return { outcome: 'opened', caseId: caseRow.id, priority, channel: report.channel };
    }
    const finalPriority = open.priority < priority ? open.priority : priority;
    // A more urgent report tightens an unclaimed case's deadline; it never loosens one.
    const deadline =
      open.status === 'new' && open.claimDeadline && claimBy < open.claimDeadline
        ? claimBy
        : open.claimDeadline;
    await tx
      .update(cases)
      .set({
        priority: finalPriority,
        priorityReasons: mergeReasons(open.priorityReasons, reasons),
        categories: [...new Set([...open.categories, ...report.categories])],
        immediateDanger: open.immediateDanger || report.immediateDanger,
        linkKeys: [...new Set([...open.linkKeys, ...keys])],
        regionCode: open.regionCode ?? report.regionCode,
        claimDeadline: deadline,
        lastReportAt: report.receivedAt,
        updatedAt: now,
        version: sql`${cases.version} + 1`,
      })
      .where(eq(cases.id, open.id));
    await appendCaseEvent(tx, {
      caseId: open.id,
      type: 'report_linked',
      actorId: null,
      data: {
        reportId: report.id,
        reference: report.reference,
        priority,
        previousPriority: open.priority,
      },
    });
    await tx
      .update(reports)
      .set({ caseId: open.id, triagedAt: now })
      .where(eq(reports.id, report.id));
    return {
      outcome: 'linked',
      caseId: open.id,
      priority: finalPriority,
      channel: report.channel,
    };
  });
  ctx.kickOutbox(committed);
  return read ? { result, report: read } : { result };
}

export interface Plan {
  priority: Priority;
  reasons: PriorityReason[];
  keys: string[];
  claimBy: Date;
  now: Date;
}

export function planFor(ctx: Context, report: ReportRow): Plan {
  const { priority, reasons } = assessPriority(report);
  const county = report.regionCode
    ? ctx.regions.ancestorAt(report.regionCode, 'county')?.code
    : undefined;
  return {
    priority,
    reasons,
    // Names are stored encrypted; decrypting a few in memory costs microseconds, no round trip.
    keys: linkKeys(
      ctx.config.dataKey,
      county,
      openChildren(report.children, [ctx.config.dataKey, ...ctx.config.previousDataKeys]),
    ),
    // The claim window runs from when the report reached us, not from when triage got to it.
    claimBy: new Date(report.receivedAt.getTime() + claimWindowMs(ctx, priority)),
    now: new Date(),
  };
}

/** A case a report with these link keys links to: open, reported on recently, about one of them. */
export function linkableCase(keys: string[]) {
  return and(
    inArray(cases.status, [...OPEN_CASE_STATUSES]),
    arrayOverlaps(cases.linkKeys, keys),
    gt(cases.lastReportAt, sql`now() - make_interval(days => ${LINK_WINDOW_DAYS})`),
  );
}

/** The oldest open case, reported on recently, about one of these children. */
async function findOpenCase(exec: Executor, keys: string[], lock: boolean) {
  const query = exec
    .select()
    .from(cases)
    .where(linkableCase(keys))
    .orderBy(asc(cases.createdAt))
    .limit(1);
  const [open] = lock ? await query.for('update') : await query;
  return open;
}

/** The report by id: the hottest read there is, prepared once per database handle. */
const reportByIdQueries = new WeakMap<Db, ReturnType<typeof prepareReportById>>();
function prepareReportById(db: Db) {
  return db
    .select({
      ...getTableColumns(reports),
      // The row version (its creating transaction): changes with every update of the report.
      rowVersion: sql<string>`${reports}.xmin::text`,
    })
    .from(reports)
    .where(eq(reports.id, sql.placeholder('id')))
    .prepare('hutong_triage_report_by_id');
}
function reportById(db: Db) {
  let query = reportByIdQueries.get(db);
  if (!query) reportByIdQueries.set(db, (query = prepareReportById(db)));
  return query;
}

/** The case a report opens, exactly as it is stored (every column, defaults included). */
export function newCaseRow(report: ReportRow, plan: Plan): CaseRow {
  return {
    id: randomUUID(),
    reference: report.reference,
    status: 'new',
    priority: plan.priority,
    priorityReasons: plan.reasons,
    categories: report.categories,
    immediateDanger: report.immediateDanger,
    channel: report.channel,
    regionCode: report.regionCode,
    linkKeys: plan.keys,
    assigneeId: null,
    claimedAt: null,
    claimDeadline: plan.claimBy,
    lastReportAt: report.receivedAt,
    createdAt: report.receivedAt,
    updatedAt: plan.now,
    closedAt: null,
    closedReason: null,
    assessment: {},
    priorityOverride: null,
    policeNotifiedAt: null,
    version: 1,
    searchTokens: [],
    claimOverdueDeadline: null,
    firstTakenUpAt: null,
    firstResolvedAt: null,
  };
}

/** What a new case publishes right after commit, built from the rows just written. */
export function committedFor(
  ctx: Context,
  caseRow: CaseRow,
  report: ReportRow,
  opened: Opened,
  orgReport: OrgReportBroadcast | null,
): Committed {
  // As the relay would present them after reading them back: one report, no assignee.
  const summary = presentCaseSummary(
    { ...caseRow, assigneeName: null, reportCount: 1, children: report.children },
    ctx.regions,
  );
  return {
    outboxIds: opened.outboxIds,
    jobs: [],
    ...(orgReport ? { orgReports: [orgReport] } : {}),
    broadcasts: [
      {
        name: 'case.created',
        caseId: caseRow.id,
        payload: {
          seq: opened.event.id,
          case: summary,
          event: presentCaseEvent(opened.event, null),
        },
      },
    ],
  };
}

export interface Opened {
  event: typeof caseEvents.$inferSelect;
  outboxIds: number[];
}

/**
 * Opens a case for a report in one statement: the case, its `case_opened` event, the report's
 * link to it, and the DIRECT outbox row for the event's broadcast — one
 * round trip instead of six, atomic without a transaction (foreign keys are checked at the end
 * of the statement). The report is linked only if it is still untriaged and, read without a
 * lock, still the row version triage was computed from (an SMS may add "in danger now" in
 * between); the case's version is the number of reports so linked: 0 when another run or an
 * update got there first, which the `cases_version_positive` check refuses, so then nothing at
 * all is written.
 */
async function openCase(
  exec: Executor,
  caseRow: CaseRow,
  report: ReportRow,
  /** The report's row version as read, when it was read without a lock. */
  rowVersion: string | null,
): Promise<Opened> {
  const now = caseRow.updatedAt;
  const data = { reportId: report.id, reference: caseRow.reference, priority: caseRow.priority };
  type Written = { realtime_row: string; event_id: string };
  // getSQL(): embedded as they are, query builders would be parenthesised like subqueries.
  const linkReport = exec
    .update(reports)
    .set({ caseId: caseRow.id, triagedAt: now })
    .where(
      and(
        eq(reports.id, report.id),
        isNull(reports.caseId),
        rowVersion === null ? undefined : sql`${reports}.xmin = ${rowVersion}::xid`,
      ),
    )
    .returning({ id: reports.id })
    .getSQL();
  const insertCase = exec
    .insert(cases)
    .values({ ...caseRow, version: sql`(select count(*)::int from r)` })
    .getSQL();
  const insertEvent = exec
    .insert(caseEvents)
    .values({ caseId: caseRow.id, type: 'case_opened', actorId: null, data, createdAt: now })
    .returning({ id: caseEvents.id })
    .getSQL();
  const result: unknown = await exec.execute<Written>(sql`
    with r as (${linkReport}), c as (${insertCase}), e as (${insertEvent})
    insert into ${outbox} (topic, payload)
      select 'realtime', jsonb_build_object('eventId', e.id, ${DIRECT}::text, true) from e
    returning id::text as realtime_row, (select id from e)::text as event_id`);
  // node-postgres and PGlite both answer { rows }.
  const row = (result as { rows: Written[] }).rows[0]!;
  return {
    event: {
      id: Number(row.event_id),
      caseId: caseRow.id,
      type: 'case_opened',
      actorId: null,
      data,
      createdAt: now,
    },
    outboxIds: [Number(row.realtime_row)],
  };
}

/** A check or unique violation, from pg or PGlite (drizzle may wrap it in `cause`). */
export function isConstraintViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '23514' || code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function claimWindowMs(ctx: Context, priority: Priority): number {
  return scaledMs(PRIORITY_META[priority].claimWithinSeconds, ctx.config.timeScale);
}

/** Reasons from every report, one per rule and category, most severe first. */
function mergeReasons(a: PriorityReason[], b: PriorityReason[]): PriorityReason[] {
  const seen = new Map<string, PriorityReason>();
  for (const r of [...a, ...b]) {
    const key = r.rule === 'category' ? `category:${r.category}` : r.rule;
    const prev = seen.get(key);
    if (!prev || r.priority < prev.priority) seen.set(key, r);
  }
  return [...seen.values()].sort((x, y) => x.priority.localeCompare(y.priority));
}
