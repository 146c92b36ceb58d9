import { sql, type SQL } from 'drizzle-orm';
import type { StatInterval, StatSeriesMetric, StatsPeriod } from '@hutong/shared';
import type { Executor } from '../../db/client.js';

/**
 * Aggregate queries only: every row here is a count or a duration, never a report, case or
 * person. Days and hours are Beijing time (a fixed UTC+8, as shared/src/time.ts explains).
 */

/**
 * Which rows count: the whole line (null) or the region codes of a subtree.
 *
 * THE REGION RULE (one for every figure, live or rolled up): a record is placed by one region
 * code stored on it — a contact by its report's (where the child is), a case, its referrals and
 * re-openings by the case's, a call by its report's else its case's (`calls.region_code`), an SMS
 * conversation by its report's, a file on the register, its visits and check-in calls by the
 * file's village as it is now, a warning by the village it was raised for — and counts in that
 * region and every region above it in the current region tree. Nothing here reads a stored
 * lineage (`region_path`): the live figures test the code against the subtree (`inScope`), the
 * rollup maps the same code to its rollup region (`stats_region_keys`), and the two agree
 * whatever a row's path says.
 */
export type RegionScope = readonly string[] | null;

async function rows<T>(exec: Executor, query: SQL): Promise<T[]> {
  // node-postgres and PGlite both answer { rows }.
  const result: unknown = await exec.execute(query);
  return (result as { rows: T[] }).rows;
}

function inScope(column: SQL, scope: RegionScope): SQL {
  if (!scope) return sql`true`;
  // Region codes are digits only (checked on import); one array parameter however many.
  return sql`${column} = any(${`{${scope.join(',')}}`}::text[])`;
}

const inPeriod = (column: SQL, period: StatsPeriod) =>
  sql`(${column} >= ${period.start.toISOString()}::timestamptz and ${column} < ${period.end.toISOString()}::timestamptz)`;

/** Beijing wall-clock time of a timestamptz column, without depending on the server's tz data. */
const local = (column: SQL) => sql`((${column} at time zone 'UTC') + interval '8 hours')`;

/**
 * A case was taken up once someone claimed it, was assigned it, or started it from new: the
 * first such event's time is `cases.first_taken_up_at`, and the first move to resolved
 * `cases.first_resolved_at`, both kept from the timeline by a trigger (migration 0019).
 */

export interface ContactCell {
  channel: string;
  regionCode: string | null;
  priority: string | null;
  hour: number;
  responded: boolean;
  n: number;
}

/**
 * Where each region of the scope falls among the figures' rows: the region one level below the
 * one asked (`top`), or null for the one asked itself. `whole`: the whole line, where places
 * outside every mapping (none given) are kept as unplaced.
 */
export interface RegionRollup {
  whole: boolean;
  codes: readonly string[];
  tops: readonly (string | null)[];
}

/**
 * Contacts (reports received) by channel × row region × priority × hour × responded: grouped by
 * the row region in the database, so the answer is a few thousand cells at most, not one per
 * village.
 */
export function contactCells(exec: Executor, period: StatsPeriod, rollup: RegionRollup) {
  const codes = `{${rollup.codes.join(',')}}`;
  const tops = `{${rollup.tops.map((t) => t ?? 'NULL').join(',')}}`;
  const join = rollup.whole ? sql`left join` : sql`join`;
  return rows<ContactCell>(
    exec,
    sql`select r.channel, m.top as "regionCode", c.priority,
      extract(hour from ${local(sql`r.received_at`)})::int as hour,
      c.first_taken_up_at is not null as responded,
      count(*)::int as n
    from reports r
      ${join} unnest(${codes}::text[], ${tops}::text[]) as m(code, top) on m.code = r.region_code
      left join cases c on c.id = r.case_id
    where ${inPeriod(sql`r.received_at`, period)}
    group by 1, 2, 3, 4, 5`,
  );
}

export function contactCategories(exec: Executor, period: StatsPeriod, scope: RegionScope) {
  return rows<{ category: string; n: number }>(
    exec,
    sql`select cat as category, count(*)::int as n
    from reports r cross join lateral unnest(r.categories) as cat
    where ${inPeriod(sql`r.received_at`, period)} and ${inScope(sql`r.region_code`, scope)}
    group by 1`,
  );
}

/** A call is placed where its report (or else its case) is. */
const CALL_REGION = sql`coalesce(r.region_code, c.region_code)`;
/**
 * The calls queued in the period and placed in the scope (CALL_REGION), as a derived table: for a
 * region, the calls of its reports, and the calls placed by their case (no report, or a report
 * with no place) — joins the planner can hash from the smaller side, where a county's reports
 * are few beside a year's calls. For the whole line, no join at all.
 */
function callsInScope(period: StatsPeriod, scope: RegionScope): SQL {
  const queued = sql`k.queued_at is not null and ${inPeriod(sql`k.queued_at`, period)}`;
  if (!scope) return sql`(select k.* from calls k where ${queued})`;
  return sql`(select k.* from calls k join reports r on r.id = k.report_id
      where ${queued} and ${inScope(sql`r.region_code`, scope)}
    union all
    select k.* from calls k join cases c on c.id = k.case_id
      where ${queued} and ${inScope(sql`c.region_code`, scope)}
        and not exists (select 1 from reports r where r.id = k.report_id and r.region_code is not null))`;
}
const CALL_WAIT = sql`extract(epoch from (coalesce(k.answered_at, k.ended_at) - k.queued_at))`;

export async function callFigures(
  exec: Executor,
  period: StatsPeriod,
  scope: RegionScope,
  answerWithinSeconds: number,
) {
  const [row] = await rows<{
    offered: number;
    answered: number;
    answeredInTime: number;
    abandoned: number;
    waitP50: number | null;
    waitP90: number | null;
  }>(
    exec,
    sql`select count(*)::int as offered,
      count(*) filter (where k.answered_at is not null)::int as answered,
      count(*) filter (where k.answered_at is not null
        and k.answered_at - k.queued_at <= make_interval(secs => ${answerWithinSeconds}))::int as "answeredInTime",
      count(*) filter (where k.answered_at is null and k.status = 'abandoned')::int as abandoned,
      percentile_cont(0.5) within group (order by ${CALL_WAIT})
        filter (where coalesce(k.answered_at, k.ended_at) is not null) as "waitP50",
      percentile_cont(0.9) within group (order by ${CALL_WAIT})
        filter (where coalesce(k.answered_at, k.ended_at) is not null) as "waitP90"
    from ${callsInScope(period, scope)} k`,
  );
  return row!;
}

export async function smsFigures(
  exec: Executor,
  period: StatsPeriod,
  scope: RegionScope,
  replyWithinSeconds: number,
) {
  const [row] = await rows<{ conversations: number; repliedInTime: number }>(
    exec,
    sql`select count(*)::int as conversations,
      count(*) filter (where x.first_reply - x.began <= make_interval(secs => ${replyWithinSeconds}))::int
        as "repliedInTime"
    from (
      select coalesce((select min(m.created_at) from sms_messages m
          where m.conversation_id = s.id and m.direction = 'inbound'), s.created_at) as began,
        (select min(m.created_at) from sms_messages m
          where m.conversation_id = s.id and m.direction = 'outbound' and m.sent_by is not null)
          as first_reply
      from sms_conversations s
      where ${inPeriod(sql`s.created_at`, period)}
        and ${scope ? sql`s.report_id in (select r.id from reports r where ${inScope(sql`r.region_code`, scope)})` : sql`true`}
    ) x`,
  );
  return row!;
}

/** A move back from resolved or closed: the very predicate of case_events_reopened_idx. */
const REOPENED = sql.raw(
  `type = 'status_changed' and data->>'from' in ('resolved', 'closed', 'closed_no_action') and data->>'to' in ('new', 'triaging', 'dispatched', 'in_progress')`,
);

export async function caseFigures(exec: Executor, period: StatsPeriod, scope: RegionScope) {
  const [opened] = await rows<{
    opened: number;
    claimP50: number | null;
    claimP90: number | null;
  }>(
    exec,
    sql`select count(*)::int as opened,
      percentile_cont(0.5) within group (order by extract(epoch from (c.first_taken_up_at - c.created_at)))
        filter (where c.first_taken_up_at is not null) as "claimP50",
      percentile_cont(0.9) within group (order by extract(epoch from (c.first_taken_up_at - c.created_at)))
        filter (where c.first_taken_up_at is not null) as "claimP90"
    from cases c
    where ${inPeriod(sql`c.created_at`, period)} and ${inScope(sql`c.region_code`, scope)}`,
  );
  const [resolved] = await rows<{ resolved: number; resolutionP50: number | null }>(
    exec,
    sql`select count(*)::int as resolved,
      percentile_cont(0.5) within group (order by extract(epoch from (c.first_resolved_at - c.created_at)))
        as "resolutionP50"
    from cases c
    where ${inPeriod(sql`c.first_resolved_at`, period)} and ${inScope(sql`c.region_code`, scope)}`,
  );
  const row = { ...opened!, ...resolved! };
  const [reopened] = await rows<{ n: number }>(
    exec,
    sql`select count(*)::int as n from case_events e
    where ${REOPENED}
      and ${inPeriod(sql`e.created_at`, period)}
      and ${scope ? sql`e.case_id in (select c.id from cases c where ${inScope(sql`c.region_code`, scope)})` : sql`true`}`,
  );
  return { ...row, reopened: reopened!.n };
}

export function referralsByCentre(exec: Executor, period: StatsPeriod, scope: RegionScope) {
  return rows<{
    centreId: string;
    name: string;
    made: number;
    ackedInTime: number;
    escalated: number;
    declined: number;
    rerouted: number;
  }>(
    exec,
    sql`select f.centre_id as "centreId", ce.name, count(*)::int as made,
      count(*) filter (where f.acknowledged_at is not null
        and (f.ack_deadline is null or f.acknowledged_at <= f.ack_deadline))::int as "ackedInTime",
      count(*) filter (where f.escalation_level > 0)::int as escalated,
      count(*) filter (where f.status = 'declined')::int as declined,
      count(*) filter (where f.rerouted_to_id is not null)::int as rerouted
    from referrals f join centres ce on ce.id = f.centre_id
    where ${inPeriod(sql`f.created_at`, period)}
      and ${scope ? sql`f.case_id in (select c.id from cases c where ${inScope(sql`c.region_code`, scope)})` : sql`true`}
    group by 1, 2 order by made desc, ce.name`,
  );
}

function bucket(column: SQL, interval: StatInterval): SQL {
  const at = local(column);
  switch (interval) {
    case 'day':
      return sql`to_char(${at}, 'YYYY-MM-DD')`;
    case 'week':
      return sql`to_char(date_trunc('week', ${at}), 'YYYY-MM-DD')`;
    case 'month':
      return sql`to_char(date_trunc('month', ${at}), 'YYYY-MM-DD')`;
  }
}

/** The time column, the table and the region each series metric is counted by. */
function seriesSource(metric: StatSeriesMetric): { at: SQL; from: SQL; region: SQL; where: SQL } {
  switch (metric) {
    case 'contacts.total':
      return {
        at: sql`r.received_at`,
        from: sql`reports r`,
        region: sql`r.region_code`,
        where: sql`true`,
      };
    case 'calls.offered':
    case 'calls.answered':
    case 'calls.abandoned':
      return {
        at: sql`k.queued_at`,
        from: sql`calls k left join reports r on r.id = k.report_id left join cases c on c.id = k.case_id`,
        region: CALL_REGION,
        where:
          metric === 'calls.answered'
            ? sql`k.answered_at is not null`
            : metric === 'calls.abandoned'
              ? sql`k.answered_at is null and k.status = 'abandoned'`
              : sql`k.queued_at is not null`,
      };
    case 'sms.conversations':
      return {
        at: sql`s.created_at`,
        from: sql`sms_conversations s join reports r on r.id = s.report_id`,
        region: sql`r.region_code`,
        where: sql`true`,
      };
    case 'cases.opened':
      return {
        at: sql`c.created_at`,
        from: sql`cases c`,
        region: sql`c.region_code`,
        where: sql`true`,
      };
    case 'cases.resolved':
      return {
        at: sql`c.first_resolved_at`,
        from: sql`cases c`,
        region: sql`c.region_code`,
        where: sql`c.first_resolved_at is not null`,
      };
    case 'referrals.made':
      return {
        at: sql`f.created_at`,
        from: sql`referrals f join cases c on c.id = f.case_id`,
        region: sql`c.region_code`,
        where: sql`true`,
      };
  }
}

/** Counts per bucket (and per channel, for contacts); empty buckets are left for the caller. */
export function seriesCounts(
  exec: Executor,
  metric: StatSeriesMetric,
  interval: StatInterval,
  period: StatsPeriod,
  scope: RegionScope,
) {
  const source = seriesSource(metric);
  const channel = metric === 'contacts.total' ? sql`r.channel` : sql`null::text`;
  return rows<{ start: string; channel: string | null; n: number }>(
    exec,
    sql`select ${bucket(source.at, interval)} as start, ${channel} as channel, count(*)::int as n
    from ${source.from}
    where ${source.where} and ${inPeriod(source.at, period)} and ${inScope(source.region, scope)}
    group by 1, 2`,
  );
}

/** Files open at the end of the period: registered before it ended, not closed by then. */
const ON_FILE = (period: StatsPeriod) =>
  sql`(ch.created_at < ${period.end.toISOString()}::timestamptz
    and (ch.status = 'open' or ch.closed_at >= ${period.end.toISOString()}::timestamptz))`;

/** The register's figures of a period: files on file at its end, visits done, warnings. */
export interface RegisterFigures {
  onFile: number;
  high: number;
  medium: number;
  low: number;
  categories: { category: string; n: number }[];
  visitsDone: number;
  warningsRaised: number;
  warningsEscalated: number;
}

/** The register's figures from the records: children on file by risk and category, visits. */
export async function registerFigures(
  exec: Executor,
  period: StatsPeriod,
  codes: RegionScope,
): Promise<RegisterFigures> {
  const scope = inScope(sql`ch.region_code`, codes);
  const [files] = await rows<{ onFile: number; high: number; medium: number; low: number }>(
    exec,
    sql`select count(*)::int as "onFile",
      count(*) filter (where ch.risk_level = 'high')::int as high,
      count(*) filter (where ch.risk_level = 'medium')::int as medium,
      count(*) filter (where ch.risk_level = 'low')::int as low
    from children ch where ${scope} and ${ON_FILE(period)}`,
  );
  const categories = await rows<{ category: string; n: number }>(
    exec,
    sql`select cat as category, count(*)::int as n
    from children ch cross join lateral unnest(ch.categories) as cat
    where ${scope} and ${ON_FILE(period)}
    group by 1`,
  );
  const [visits] = await rows<{ n: number }>(
    exec,
    sql`select count(*)::int as n from child_visits v join children ch on ch.id = v.child_id
    where ${inPeriod(sql`v.visited_at`, period)} and ${scope}
      and (v.call_outcome is null or v.call_outcome = 'answered')`,
  );
  const [warned] = await rows<{ raised: number; escalated: number }>(
    exec,
    sql`select count(*) filter (where ${inPeriod(sql`w.created_at`, period)})::int as raised,
      count(*) filter (where ${inPeriod(sql`w.escalated_at`, period)})::int as escalated
    from warnings w where ${inScope(sql`w.region_code`, codes)}`,
  );
  return {
    ...files!,
    categories,
    visitsDone: visits!.n,
    warningsRaised: warned!.raised,
    warningsEscalated: warned!.escalated,
  };
}

/**
 * Open files whose next visit was due before the period ended (or before now, for a period not
 * over yet): always from the records, as the due dates move with every visit.
 */
export async function overdueFiles(
  exec: Executor,
  period: StatsPeriod,
  codes: RegionScope,
  now: Date,
): Promise<number> {
  const [row] = await rows<{ n: number }>(
    exec,
    sql`select count(*)::int as n from children ch
    where ch.status = 'open' and ch.created_at < ${period.end.toISOString()}::timestamptz
      and ch.next_visit_due < least(${period.end.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      and ${inScope(sql`ch.region_code`, codes)}`,
  );
  return row!.n;
}

/**
 * Check-in calls (回访) placed in the period from the files of children in the region, and those
 * the guardian or child answered. A call nobody answered is made, not answered.
 */
export async function outboundCallFigures(exec: Executor, period: StatsPeriod, codes: RegionScope) {
  const [row] = await rows<{ made: number; answered: number }>(
    exec,
    sql`select count(*)::int as made,
      count(*) filter (where k.checkin_outcome = 'answered')::int as answered
    from calls k join children ch on ch.id = k.child_id
    where k.direction = 'outbound' and ${inPeriod(sql`k.created_at`, period)}
      and ${inScope(sql`ch.region_code`, codes)}`,
  );
  return row!;
}

export interface UnansweredRow {
  reportId: string;
  reference: string;
  receivedAt: Date | string;
  channel: string;
  priority: string | null;
  regionCode: string | null;
  caseId: string | null;
  caseReference: string | null;
  caseStatus: string | null;
  total: number;
}

/**
 * The contacts of the period whose case nobody has taken up (the complement of `responded` in
 * contactCells), oldest first; `total` counts them all, whatever the limit. Identifiers only.
 */
export function unansweredContacts(
  exec: Executor,
  period: StatsPeriod,
  scope: RegionScope,
  limit: number,
) {
  return rows<UnansweredRow>(
    exec,
    sql`select r.id as "reportId", r.reference, r.received_at as "receivedAt", r.channel,
      c.priority, r.region_code as "regionCode", c.id as "caseId", c.reference as "caseReference",
      c.status as "caseStatus", (count(*) over ())::int as total
    from reports r left join cases c on c.id = r.case_id
    where ${inPeriod(sql`r.received_at`, period)} and ${inScope(sql`r.region_code`, scope)}
      and c.first_taken_up_at is null
    order by r.received_at, r.id
    limit ${limit}`,
  );
}
