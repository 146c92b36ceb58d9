import { inArray, getTableColumns, sql } from 'drizzle-orm';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { isDeadlock } from '../../../db/errors.js';
import { caseEvents, cases, outbox, reports } from '../../../db/schema.js';
import type { CaseRow } from '../../cases/cases.repository.js';
import { DIRECT } from '../../outbox/outbox.js';
import type { Committed } from '../../outbox/relay.js';
import { newReportBroadcast } from '../../org-reports/org-report-events.js';
import {
  committedFor,
  isConstraintViolation,
  linkableCase,
  newCaseRow,
  planFor,
  triageReportRead,
  type Opened,
  type Plan,
  type ReportRow,
  type TriageOutcome,
} from './triage-report.js';

/** What triage made of one report, with the report as it read it (absent when missing). */
export interface Triaged {
  result: TriageOutcome;
  report?: ReportRow;
}

interface Fresh {
  report: ReportRow;
  /** The report's row version as read without a lock (see openCases' gate). */
  rowVersion: string;
  plan: Plan;
}

/**
 * Triages many reports with a few set-based statements instead of a handful of round trips
 * each, keeping every guarantee of the one-report path (triageReportRead):
 * - one read of every report; triaged ones are answered as they are (idempotent per report);
 * - the reports about no child with an open case, and about no child another report of the
 *   batch names, open their cases in one statement (openCases), gated per report on it being
 *   still untriaged and still the row version triage scored;
 * - everything else — a report to link to an open case, two reports of the batch about the same
 *   child, a missing report, a report whose gate failed — goes through the one-report path one
 *   at a time in the order the reports arrived, where linking is decided under row locks.
 * The new cases' broadcasts are handed to the relay together, after commit.
 */
export async function triageReports(
  ctx: Context,
  reportIds: readonly string[],
): Promise<Map<string, Triaged>> {
  const ids = [...new Set(reportIds)];
  const out = new Map<string, Triaged>();
  const read = await ctx.db
    .select({ ...getTableColumns(reports), rowVersion: sql<string>`${reports}.xmin::text` })
    .from(reports)
    .where(inArray(reports.id, ids));
  const byId = new Map(read.map((r) => [r.id, r]));

  const fresh: Fresh[] = [];
  const oneByOne: ReportRow[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) {
      missing.push(id);
      continue;
    }
    const { rowVersion, ...report } = row;
    if (report.caseId) {
      out.set(id, { result: { outcome: 'already_triaged', caseId: report.caseId }, report });
      continue;
    }
    fresh.push({ report, rowVersion, plan: planFor(ctx, report) });
  }

  // Which reports may open their case without looking further: no open case about their
  // children, and no other report of this batch about them.
  const keys = [...new Set(fresh.flatMap((f) => f.plan.keys))];
  const openKeys = keys.length > 0 ? await keysOfOpenCases(ctx.db, keys) : new Set<string>();
  const named = new Map<string, number>();
  for (const f of fresh)
    for (const k of new Set(f.plan.keys)) named.set(k, (named.get(k) ?? 0) + 1);
  const direct: Fresh[] = [];
  for (const f of fresh) {
    if (f.plan.keys.some((k) => openKeys.has(k) || named.get(k)! > 1)) oneByOne.push(f.report);
    else direct.push(f);
  }

  if (direct.length > 0) {
    const caseRows = direct.map((f) => newCaseRow(f.report, f.plan));
    let opened: Map<string, Opened> | null = null;
    try {
      opened = await openCases(ctx.db, direct, caseRows);
    } catch (err) {
      // A gate failed: another run triaged one of them first, or an SMS changed one since it
      // was read. Or PostgreSQL broke a deadlock with a transaction that locks reports in
      // another order (openCases itself always locks them in id order). Nothing was written;
      // each goes the one-report way, which decides it.
      if (!isConstraintViolation(err) && !isDeadlock(err)) throw err;
      oneByOne.push(...direct.map((f) => f.report));
    }
    if (opened) {
      const committed: Required<Committed> = {
        outboxIds: [],
        jobs: [],
        broadcasts: [],
        orgReports: [],
      };
      for (const [i, f] of direct.entries()) {
        const caseRow = caseRows[i]!;
        const event = opened.get(caseRow.id)!;
        const orgReport = await newReportBroadcast(ctx.db, f.report, caseRow);
        const one = committedFor(ctx, caseRow, f.report, event, orgReport);
        committed.outboxIds.push(...one.outboxIds);
        committed.broadcasts.push(...one.broadcasts);
        committed.orgReports.push(...(one.orgReports ?? []));
        out.set(f.report.id, {
          result: {
            outcome: 'opened',
            caseId: caseRow.id,
            priority: f.plan.priority,
            channel: f.report.channel,
          },
          report: { ...f.report, caseId: caseRow.id, triagedAt: caseRow.updatedAt },
        });
      }
      ctx.kickOutbox(committed);
    }
  }

  // Reports about the same child wait for each other, in arrival order (the second links to
  // the case the first opens); unrelated chains run side by side.
  const keysOf = new Map(fresh.map((f) => [f.report.id, f.plan.keys]));
  const chains = chainsByChild(oneByOne, (r) => keysOf.get(r.id) ?? []);
  await inParallel(chains, ONE_BY_ONE_AT_ONCE, async (chain) => {
    for (const report of chain) out.set(report.id, await triageReportRead(ctx, report.id));
  });
  for (const id of missing) out.set(id, await triageReportRead(ctx, id));
  return out;
}

/** Chains of a batch's one-report path run at once, each holding a connection at a time. */
const ONE_BY_ONE_AT_ONCE = 8;

/**
 * Reports grouped so that any two sharing a link key (directly, or through others) are in one
 * chain, each chain in arrival order.
 */
function chainsByChild(
  batch: readonly ReportRow[],
  keysOf: (report: ReportRow) => readonly string[],
): ReportRow[][] {
  const root = batch.map((_, i) => i);
  const find = (i: number): number => (root[i] === i ? i : (root[i] = find(root[i]!)));
  const holder = new Map<string, number>();
  batch.forEach((report, i) => {
    for (const key of keysOf(report)) {
      const j = holder.get(key);
      if (j === undefined) holder.set(key, i);
      else root[find(i)] = find(j);
    }
  });
  const chains = new Map<number, ReportRow[]>();
  batch.forEach((report, i) => {
    const chain = chains.get(find(i));
    if (chain) chain.push(report);
    else chains.set(find(i), [report]);
  });
  return [...chains.values()].map((chain) =>
    chain.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()),
  );
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Which of these link keys an open case reported on recently carries. */
async function keysOfOpenCases(exec: Executor, keys: string[]): Promise<Set<string>> {
  const rows = await exec
    .select({ linkKeys: cases.linkKeys })
    .from(cases)
    .where(linkableCase(keys));
  return new Set(rows.flatMap((r) => r.linkKeys));
}

/**
 * openCase for many reports in one statement: their cases, `case_opened` events, links and
 * DIRECT broadcast rows. Each report is linked only if still untriaged and still the row version
 * read; each case's version counts its report so linked, and a 0 (a gate that failed) makes
 * `cases_version_positive` refuse the whole statement, so then nothing at all is written.
 * Answers each case's event and outbox row by case id.
 *
 * The statement's text is the same for every batch: the rows travel as one jsonb parameter
 * (`jsonb_to_recordset`), not as a parameter per column per row, which drizzle built and
 * node-postgres serialised one by one (the largest share of triage's own CPU in the bench's
 * profile). The columns left out take their defaults, which are what a new case holds.
 */
async function openCases(
  exec: Executor,
  items: readonly Fresh[],
  caseRows: readonly CaseRow[],
): Promise<Map<string, Opened>> {
  type Written = { outbox_id: string; event_id: string; case_id: string };
  const data = caseRows.map((c, i) => ({
    reportId: items[i]!.report.id,
    reference: c.reference,
    priority: c.priority,
  }));
  const rows = JSON.stringify(
    caseRows.map((c, i) => ({
      ord: i,
      report_id: items[i]!.report.id,
      row_version: items[i]!.rowVersion,
      case_id: c.id,
      reference: c.reference,
      priority: c.priority,
      priority_reasons: c.priorityReasons,
      categories: c.categories,
      immediate_danger: c.immediateDanger,
      channel: c.channel,
      region_code: c.regionCode,
      link_keys: c.linkKeys,
      claim_deadline: c.claimDeadline,
      last_report_at: c.lastReportAt,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      event_data: data[i],
    })),
  );
  const result: unknown = await exec.execute<Written>(openCasesStatement(rows));
  // node-postgres and PGlite both answer { rows }.
  const written = (result as { rows: Written[] }).rows;
  const byCase = new Map(caseRows.map((c, i) => [c.id, { c, data: data[i]! }]));
  const opened = new Map<string, Opened>();
  for (const row of written) {
    const { c, data: d } = byCase.get(row.case_id)!;
    opened.set(row.case_id, {
      event: {
        id: Number(row.event_id),
        caseId: c.id,
        type: 'case_opened',
        actorId: null,
        data: d,
        createdAt: c.updatedAt,
      },
      outboxIds: [Number(row.outbox_id)],
    });
  }
  return opened;
}

/**
 * openCases' statement, the batch's rows its one parameter (a JSON array). The reports are locked first, in id order, so
 * that two batches sharing reports wait for each other instead of deadlocking (an UPDATE … FROM
 * locks rows in whatever order its join visits them). A row another run changed meanwhile is
 * read again once locked: its new version fails the gate. Cases and events are inserted in the
 * batch's order.
 */
const openCasesStatement = (rows: string) => sql`
  with v as materialized (
    select * from jsonb_to_recordset(${rows}::jsonb) as v(
      ord int, report_id uuid, row_version xid, case_id uuid, reference text, priority text,
      priority_reasons jsonb, categories text[], immediate_danger boolean, channel text,
      region_code text, link_keys text[], claim_deadline timestamptz, last_report_at timestamptz,
      created_at timestamptz, updated_at timestamptz, event_data jsonb)),
  l as materialized (
    select ${reports.id} as id from ${reports}
      where ${reports.id} in (select report_id from v) order by ${reports.id} for update),
  r as (
    update ${reports} set case_id = v.case_id, triaged_at = v.updated_at
      from v, l
      where ${reports.id} = v.report_id and l.id = v.report_id
        and ${reports.caseId} is null and ${reports}.xmin = v.row_version
      returning ${reports.id} as id),
  c as (
    insert into ${cases} (id, reference, priority, priority_reasons, categories, immediate_danger,
        channel, region_code, link_keys, claim_deadline, last_report_at, created_at, updated_at,
        version)
      select case_id, reference, priority, priority_reasons, categories, immediate_danger,
          channel, region_code, link_keys, claim_deadline, last_report_at, created_at, updated_at,
          (select count(*)::int from r where r.id = v.report_id)
        from v order by ord),
  e as (
    insert into ${caseEvents} (case_id, type, actor_id, data, created_at)
      select case_id, 'case_opened', null, event_data, updated_at from v order by ord
      returning id, case_id),
  o as (
    insert into ${outbox} (topic, payload)
      select 'realtime', jsonb_build_object('eventId', e.id, ${DIRECT}::text, true) from e
      returning id, (payload ->> 'eventId')::bigint as event_id)
  select o.id::text as outbox_id, e.id::text as event_id, e.case_id::text as case_id
    from o join e on e.id = o.event_id`;
