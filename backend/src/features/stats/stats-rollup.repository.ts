import { sql, type SQL } from 'drizzle-orm';
import {
  CHANNELS,
  CHILD_CATEGORIES,
  CHILD_RISK_LEVELS,
  SITUATION_CATEGORIES,
  type IsoDate,
} from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { COUNTERS, HIST_BUCKETS, PRIORITY_KEYS, REFERRAL_COUNTERS, at } from './rollup-layout.js';

/**
 * The rollup's queries: the counters of whole Beijing days computed from the records (for the
 * job, and for the days a summary reads live), the rollup rows summed, and the exact values a
 * percentile needs. Counts and durations only.
 */

async function rows<T>(exec: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await exec.execute(query);
  return (result as { rows: T[] }).rows;
}

/** Instants `[start, end)`; a set of them is the days a query covers. */
export interface Range {
  start: Date;
  end: Date;
}

function inRanges(column: SQL, ranges: readonly Range[]): SQL {
  if (ranges.length === 0) return sql`false`;
  return sql.join(
    ranges.map(
      (r) =>
        sql`(${column} >= ${r.start.toISOString()}::timestamptz and ${column} < ${r.end.toISOString()}::timestamptz)`,
    ),
    sql` or `,
  );
}

/**
 * Which rows count, by rollup region: null keeps every row (a place outside the mapping or none
 * is key ''); otherwise only rows whose region's rollup region is among the keys (a scope's
 * subtree is exactly the rows of its rollup regions: the scope is a rollup region itself).
 */
export type KeyScope = readonly string[] | null;

const textArray = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/**
 * The stored mapping `stats_region_keys` as m(code, key), joined on `column` (written by the job
 * with the layout; readers use it only when its layout is theirs).
 */
function mapped(column: SQL, scope: KeyScope): SQL {
  if (!scope) return sql`left join stats_region_keys m on m.code = ${column}`;
  return sql`join stats_region_keys m on m.code = ${column} and m.key = any(${textArray(scope)}::text[])`;
}

/** `column` is a region of the scope (a semi-join on the mapping; true for the whole line). */
function inKeys(column: SQL, scope: KeyScope): SQL {
  if (!scope) return sql`true`;
  return sql`${column} in (select m.code from stats_region_keys m where m.key = any(${textArray(scope)}::text[]))`;
}

const local = (column: SQL) => sql`((${column} at time zone 'UTC') + interval '8 hours')`;
const seconds = (later: SQL, earlier: SQL) =>
  sql`extract(epoch from (${later} - ${earlier}))::double precision`;
/** The wait of a call, the claim and the resolution time of a case (as the indexes spell them). */
const WAIT = sql`extract(epoch from (coalesce(answered_at, ended_at) - queued_at))::double precision`;
const CLAIM = sql`extract(epoch from (first_taken_up_at - created_at))::double precision`;
const RESOLUTION = sql`extract(epoch from (first_resolved_at - created_at))::double precision`;

const REOPENED = sql.raw(
  `e.type = 'status_changed' and e.data->>'from' in ('resolved', 'closed', 'closed_no_action') and e.data->>'to' in ('new', 'triaging', 'dispatched', 'in_progress')`,
);

const n = (name: string) => sql.raw(String(at(name)));
/** A counter's position when the condition holds, else null (dropped). */
const when = (condition: SQL, name: string) => sql`case when ${condition} then ${n(name)} end`;

/**
 * One row per (Beijing day, rollup region, counter) with its count, for the days in `ranges`:
 * the same predicates as the live figures in stats.repository.ts, counted per day. A call is
 * placed by its stored `region_code` (its report's region, else its case's; kept by triggers),
 * where the live figures join its report and case.
 */
function counterFacts(
  ranges: readonly Range[],
  scope: KeyScope,
  answerWithin: number,
  replyWithin: number,
): SQL {
  const key = sql`coalesce(m.key, '')`;
  const channels = textArray(CHANNELS);
  const priorities = textArray(PRIORITY_KEYS.slice(0, 4));
  const categories = textArray(SITUATION_CATEGORIES);
  return sql`
    select stats_day(r.received_at) as day, ${key} as key, x.idx
    from reports r ${mapped(sql`r.region_code`, scope)}
      left join cases c on c.id = r.case_id
      cross join lateral unnest(array[
        ${n('contacts.total')},
        ${when(sql`c.first_taken_up_at is not null`, 'contacts.responded')},
        ${n(`contacts.channel.${CHANNELS[0]}`)} - 1 + array_position(${channels}::text[], r.channel::text),
        ${n('contacts.priority.P1')} - 1 + coalesce(array_position(${priorities}::text[], c.priority::text), 5),
        ${n('contacts.hour.0')} + extract(hour from ${local(sql`r.received_at`)})::int
      ] || array(select ${n(`contacts.category.${SITUATION_CATEGORIES[0]}`)} - 1
          + array_position(${categories}::text[], cat::text) from unnest(r.categories) cat)) as x(idx)
    where ${inRanges(sql`r.received_at`, ranges)}
    union all
    select stats_day(k.queued_at), ${key}, x.idx
    from calls k ${mapped(sql`k.region_code`, scope)}
      cross join lateral unnest(array[
        ${n('calls.offered')},
        ${when(sql`k.answered_at is not null`, 'calls.answered')},
        ${when(sql`k.answered_at is not null and k.answered_at - k.queued_at <= make_interval(secs => ${answerWithin})`, 'calls.answeredInTime')},
        ${when(sql`k.answered_at is null and k.status = 'abandoned'`, 'calls.abandoned')},
        case when coalesce(k.answered_at, k.ended_at) is not null
          then ${n('calls.wait.0')} + stats_bucket(${seconds(sql`coalesce(k.answered_at, k.ended_at)`, sql`k.queued_at`)}) end
      ]) as x(idx)
    where k.queued_at is not null and (${inRanges(sql`k.queued_at`, ranges)})
    union all
    select stats_day(s.created_at), ${key}, x.idx
    from (
      select s.*, coalesce((select min(m.created_at) from sms_messages m
          where m.conversation_id = s.id and m.direction = 'inbound'), s.created_at) as began,
        (select min(m.created_at) from sms_messages m
          where m.conversation_id = s.id and m.direction = 'outbound' and m.sent_by is not null)
          as first_reply
      from sms_conversations s where ${inRanges(sql`s.created_at`, ranges)}
    ) s
      left join reports r on r.id = s.report_id
      ${mapped(sql`r.region_code`, scope)}
      cross join lateral unnest(array[
        ${n('sms.conversations')},
        ${when(sql`s.first_reply - s.began <= make_interval(secs => ${replyWithin})`, 'sms.repliedInTime')}
      ]) as x(idx)
    union all
    select stats_day(c.created_at), ${key}, x.idx
    from cases c ${mapped(sql`c.region_code`, scope)}
      cross join lateral unnest(array[
        ${n('cases.opened')},
        case when c.first_taken_up_at is not null
          then ${n('cases.claim.0')} + stats_bucket(${seconds(sql`c.first_taken_up_at`, sql`c.created_at`)}) end
      ]) as x(idx)
    where ${inRanges(sql`c.created_at`, ranges)}
    union all
    select stats_day(c.first_resolved_at), ${key}, x.idx
    from cases c ${mapped(sql`c.region_code`, scope)}
      cross join lateral unnest(array[
        ${n('cases.resolved')},
        ${n('cases.resolution.0')} + stats_bucket(${seconds(sql`c.first_resolved_at`, sql`c.created_at`)})
      ]) as x(idx)
    where c.first_resolved_at is not null and (${inRanges(sql`c.first_resolved_at`, ranges)})
    union all
    select stats_day(e.created_at), ${key}, ${n('cases.reopened')}
    from case_events e join cases c on c.id = e.case_id ${mapped(sql`c.region_code`, scope)}
    where ${REOPENED} and (${inRanges(sql`e.created_at`, ranges)})
    union all
    select stats_day(ch.created_at), ${key}, x.idx
    from children ch ${mapped(sql`ch.region_code`, scope)}
      cross join lateral unnest(${registerFlow('added')}) as x(idx)
    where ${inRanges(sql`ch.created_at`, ranges)}
    union all
    select stats_day(${LEFT_AT}), ${key}, x.idx
    from children ch ${mapped(sql`ch.region_code`, scope)}
      cross join lateral unnest(${registerFlow('left')}) as x(idx)
    where ch.status <> 'open' and (${inRanges(LEFT_AT, ranges)})
    union all
    select stats_day(v.visited_at), ${key}, ${n('register.visits')}
    from child_visits v join children ch on ch.id = v.child_id ${mapped(sql`ch.region_code`, scope)}
    where (v.call_outcome is null or v.call_outcome = 'answered')
      and (${inRanges(sql`v.visited_at`, ranges)})
    union all
    select stats_day(k.created_at), ${key}, x.idx
    from calls k join children ch on ch.id = k.child_id ${mapped(sql`ch.region_code`, scope)}
      cross join lateral unnest(array[
        ${n('calls.outbound.made')},
        ${when(sql`k.checkin_outcome = 'answered'`, 'calls.outbound.answered')}
      ]) as x(idx)
    where k.direction = 'outbound' and (${inRanges(sql`k.created_at`, ranges)})
    union all
    select stats_day(w.created_at), ${key}, ${n('register.warningsRaised')}
    from warnings w ${mapped(sql`w.region_code`, scope)}
    where ${inRanges(sql`w.created_at`, ranges)}
    union all
    select stats_day(w.escalated_at), ${key}, ${n('register.warningsEscalated')}
    from warnings w ${mapped(sql`w.region_code`, scope)}
    where w.escalated_at is not null and (${inRanges(sql`w.escalated_at`, ranges)})`;
}

/**
 * When a file left the register, for the figures: the later of its registration and its closing
 * (a closed file with no date leaves when registered). The expression of children_left_idx.
 */
const LEFT_AT = sql`greatest(ch.created_at, coalesce(ch.closed_at, ch.created_at))`;

/** A file's counters of one flow (`register.added…` or `register.left…`): risk and categories. */
function registerFlow(flow: 'added' | 'left'): SQL {
  const risks = textArray(CHILD_RISK_LEVELS);
  const categories = textArray(CHILD_CATEGORIES);
  return sql`array[
      ${n(`register.${flow}`)},
      ${n(`register.${flow}.risk.${CHILD_RISK_LEVELS[0]}`)} - 1 + array_position(${risks}::text[], ch.risk_level::text)
    ] || array(select ${n(`register.${flow}.category.${CHILD_CATEGORIES[0]}`)} - 1
      + array_position(${categories}::text[], cat::text) from unnest(ch.categories) cat)`;
}

/** Referrals per (day, rollup region, centre): the counters of REFERRAL_COUNTERS. */
function referralFacts(ranges: readonly Range[], scope: KeyScope): SQL {
  return sql`select stats_day(f.created_at) as day, coalesce(m.key, '') as key, f.centre_id as "centreId",
      array[count(*),
        count(*) filter (where f.acknowledged_at is not null
          and (f.ack_deadline is null or f.acknowledged_at <= f.ack_deadline)),
        count(*) filter (where f.escalation_level > 0),
        count(*) filter (where f.status = 'declined'),
        count(*) filter (where f.rerouted_to_id is not null)]::int[] as counts
    from referrals f join cases c on c.id = f.case_id ${mapped(sql`c.region_code`, scope)}
    where ${inRanges(sql`f.created_at`, ranges)}
    group by 1, 2, 3`;
}

export interface CounterRow {
  key: string;
  idx: number;
  n: number;
}

/** The live counters of the days in `ranges`, per rollup region (the days summed). */
export function liveCounters(
  exec: Executor,
  ranges: readonly Range[],
  scope: KeyScope,
  answerWithin: number,
  replyWithin: number,
) {
  if (ranges.length === 0) return Promise.resolve([] as CounterRow[]);
  return rows<CounterRow>(
    exec,
    sql`select f.key, f.idx, count(*)::int as n
    from (${counterFacts(ranges, scope, answerWithin, replyWithin)}) f
    where f.idx is not null group by 1, 2`,
  );
}

export interface ReferralRow {
  centreId: string;
  counts: number[];
}

/** The live referral counters of the days in `ranges`, per centre. */
export function liveReferrals(exec: Executor, ranges: readonly Range[], scope: KeyScope) {
  if (ranges.length === 0) return Promise.resolve([] as ReferralRow[]);
  return rows<ReferralRow>(
    exec,
    sql`select "centreId", ${sumArray('counts', REFERRAL_COUNTERS.length)} as counts
    from (${referralFacts(ranges, scope)}) f group by 1`,
  );
}

/** `array[sum(col[1]), …, sum(col[n])]::int[]`. */
function sumArray(column: string, length: number): SQL {
  const parts = Array.from({ length }, (_, i) => `coalesce(sum(${column}[${i + 1}]), 0)`);
  return sql.raw(`array[${parts.join(', ')}]::int[]`);
}

/** Which stored rows a read covers: complete months, and the days outside them. */
export interface StoredPart {
  months: readonly IsoDate[];
  days: readonly IsoDate[];
}

function storedWhere(part: StoredPart, keys: readonly string[] | null): SQL {
  const scope = keys ? sql`and region_key = any(${textArray(keys)}::text[])` : sql``;
  return sql`((grain = 'month' and start = any(${textArray(part.months)}::date[]))
      or (grain = 'day' and start = any(${textArray(part.days)}::date[]))) ${scope}`;
}

/** The stored counters summed per rollup region (`keys`: the regions counted; null: all). */
export function storedCounters(exec: Executor, part: StoredPart, keys: readonly string[] | null) {
  if (part.months.length + part.days.length === 0)
    return Promise.resolve([] as { key: string; counts: number[] }[]);
  return rows<{ key: string; counts: number[] }>(
    exec,
    sql`select region_key as key, ${sumArray('counts', COUNTERS.length)} as counts
    from stats_rollup where ${storedWhere(part, keys)} group by 1`,
  );
}

/** The counters `idxs` of the stored rows summed over the scope (one number each, in order). */
export async function storedSums(
  exec: Executor,
  part: StoredPart,
  keys: readonly string[] | null,
  idxs: readonly number[],
): Promise<number[]> {
  if (part.months.length + part.days.length === 0) return idxs.map(() => 0);
  const sums = idxs.map((i) => `coalesce(sum(counts[${i + 1}]), 0)::int`).join(', ');
  const [row] = await rows<{ sums: number[] }>(
    exec,
    sql`select array[${sql.raw(sums)}] as sums from stats_rollup where ${storedWhere(part, keys)}`,
  );
  return row!.sums.map(Number);
}

/** The stored referral counters summed per centre. */
export function storedReferrals(exec: Executor, part: StoredPart, keys: readonly string[] | null) {
  if (part.months.length + part.days.length === 0) return Promise.resolve([] as ReferralRow[]);
  return rows<ReferralRow>(
    exec,
    sql`select centre_id as "centreId", ${sumArray('counts', REFERRAL_COUNTERS.length)} as counts
    from stats_rollup_referrals where ${storedWhere(part, keys)} group by 1`,
  );
}

/** A count of one counter on one day or month (its first day) of a series. */
export interface SeriesRow {
  start: string;
  idx: number;
  n: number;
}

/**
 * For a series: the counters `idxs` of the stored rows summed per row (day or month, named by
 * its first day); `referrals`: the referral rows' `made` instead (idx 0).
 */
export function storedSeries(
  exec: Executor,
  part: StoredPart,
  scope: KeyScope,
  idxs: readonly number[] | 'referrals',
) {
  if (part.months.length + part.days.length === 0) return Promise.resolve([] as SeriesRow[]);
  if (idxs === 'referrals')
    return rows<SeriesRow>(
      exec,
      sql`select start::text as start, 0 as idx, sum(counts[1])::int as n
      from stats_rollup_referrals where ${storedWhere(part, scope)} group by 1`,
    );
  return rows<SeriesRow>(
    exec,
    sql`select start::text as start, x.idx, sum(counts[x.idx + 1])::int as n
    from stats_rollup cross join unnest(${`{${idxs.join(',')}}`}::int[]) as x(idx)
    where ${storedWhere(part, scope)} group by 1, 2`,
  );
}

/** The same per Beijing day from the records, for the days in `ranges` (the live days). */
export function liveSeries(
  exec: Executor,
  ranges: readonly Range[],
  scope: KeyScope,
  idxs: readonly number[] | 'referrals',
  answerWithin: number,
  replyWithin: number,
) {
  if (ranges.length === 0) return Promise.resolve([] as SeriesRow[]);
  if (idxs === 'referrals')
    return rows<SeriesRow>(
      exec,
      sql`select day::text as start, 0 as idx, sum(counts[1])::int as n
      from (${referralFacts(ranges, scope)}) f group by 1`,
    );
  return rows<SeriesRow>(
    exec,
    sql`select f.day::text as start, f.idx, count(*)::int as n
    from (${counterFacts(ranges, scope, answerWithin, replyWithin)}) f
    where f.idx = any(${`{${idxs.join(',')}}`}::int[]) group by 1, 2`,
  );
}

/**
 * The watermark, the layout the rows have (null unless the stored region mapping has it too),
 * and the days marked dirty since.
 */
export async function rollupState(exec: Executor) {
  const [state] = await rows<{
    rolledTo: string | null;
    layout: string | null;
    firstDay: string | null;
  }>(
    exec,
    sql`select rolled_to::text as "rolledTo",
      case when layout = keys_layout then layout end as layout,
      (select min(start) from stats_rollup where grain = 'day')::text as "firstDay"
    from stats_rollup_state where id = 1`,
  );
  const dirty = await rows<{ day: string }>(
    exec,
    sql`select distinct day::text as day from stats_dirty`,
  );
  return {
    rolledTo: state?.rolledTo ?? null,
    layout: state?.layout ?? null,
    /** The first day with a stored row (the register's stock is summed from there). */
    firstDay: state?.firstDay ?? null,
    dirty: new Set(dirty.map((d) => d.day)),
  };
}

// ---- The job's statements (inside its transaction) ----

/** Takes the rollup's lock for the transaction; false when another worker holds it. */
export async function tryRollupLock(exec: Executor): Promise<boolean> {
  const [row] = await rows<{ ok: boolean }>(
    exec,
    sql`select pg_try_advisory_xact_lock(hashtext('hutong.stats_rollup')) as ok`,
  );
  return row!.ok;
}

/** The state row, locked (created on the first run). */
export async function lockRollupState(exec: Executor) {
  await exec.execute(sql`insert into stats_rollup_state (id) values (1) on conflict do nothing`);
  const [row] = await rows<{
    rolledTo: string | null;
    layout: string | null;
    keysLayout: string | null;
  }>(
    exec,
    sql`select rolled_to::text as "rolledTo", layout, keys_layout as "keysLayout"
    from stats_rollup_state where id = 1 for update`,
  );
  return row!;
}

/** Writes every region's rollup region (`stats_region_keys`) for `layout`. */
export async function replaceRegionKeys(
  exec: Executor,
  keyOf: ReadonlyMap<string, string>,
  layout: string,
) {
  await exec.execute(sql`delete from stats_region_keys`);
  await exec.execute(sql`insert into stats_region_keys (code, key)
    select * from unnest(${textArray([...keyOf.keys()])}::text[], ${textArray([...keyOf.values()])}::text[])`);
  await exec.execute(sql`update stats_rollup_state set keys_layout = ${layout} where id = 1`);
}

export async function setRollupState(exec: Executor, rolledTo: IsoDate, layout: string) {
  await exec.execute(
    sql`update stats_rollup_state set rolled_to = ${rolledTo}::date, layout = ${layout} where id = 1`,
  );
}

/** Consumes the dirty marks: the distinct days (marks written after this stay for the next run). */
export async function takeDirtyDays(exec: Executor): Promise<IsoDate[]> {
  const marks = await rows<{ day: string }>(
    exec,
    sql`with taken as (delete from stats_dirty returning day) select distinct day::text as day from taken`,
  );
  return marks.map((m) => m.day);
}

export async function clearRollup(exec: Executor) {
  await exec.execute(sql`delete from stats_rollup`);
  await exec.execute(sql`delete from stats_rollup_referrals`);
  await exec.execute(sql`delete from stats_dirty`);
}

/** The first Beijing day any figure counts a record on (null: no records). */
export async function firstFactDay(exec: Executor): Promise<IsoDate | null> {
  const [row] = await rows<{ day: string | null }>(
    exec,
    sql`select stats_day(least(
      (select min(received_at) from reports),
      (select min(queued_at) from calls),
      (select min(created_at) from cases),
      (select min(first_resolved_at) from cases),
      (select min(created_at) from sms_conversations),
      (select min(created_at) from referrals),
      (select min(e.created_at) from case_events e where ${REOPENED}),
      (select min(created_at) from children),
      (select min(visited_at) from child_visits),
      (select min(created_at) from warnings),
      (select min(escalated_at) from warnings),
      (select min(created_at) from calls where direction = 'outbound' and child_id is not null)))::text as day`,
  );
  return row?.day ?? null;
}

/** Recomputes the day rows of `days` (one range of whole days) from the records. */
export async function rebuildDays(
  exec: Executor,
  days: readonly IsoDate[],
  range: Range,
  scope: KeyScope,
  answerWithin: number,
  replyWithin: number,
) {
  const dayList = textArray(days);
  await exec.execute(
    sql`delete from stats_rollup where grain = 'day' and start = any(${dayList}::date[])`,
  );
  await exec.execute(
    sql`delete from stats_rollup_referrals where grain = 'day' and start = any(${dayList}::date[])`,
  );
  await exec.execute(sql`insert into stats_rollup (grain, start, region_key, counts)
    select 'day', day, key,
      array(select coalesce((g.j->>i::text)::int, 0) from generate_series(0, ${COUNTERS.length - 1}) i)
    from (select day, key, jsonb_object_agg(idx, n) as j
      from (select f.day, f.key, f.idx, count(*) as n
        from (${counterFacts([range], scope, answerWithin, replyWithin)}) f
        where f.idx is not null group by 1, 2, 3) c
      group by 1, 2) g`);
  await exec.execute(sql`insert into stats_rollup_referrals (grain, start, region_key, centre_id, counts)
    select 'day', day, key, "centreId", counts from (${referralFacts([range], scope)}) f`);
}

/** Recomputes the month rows of `months` (their first days) from their day rows. */
export async function rebuildMonths(exec: Executor, months: readonly IsoDate[]) {
  if (months.length === 0) return;
  const list = textArray(months);
  const monthOf = sql.raw(`date_trunc('month', start)::date`);
  for (const [table, length] of [
    ['stats_rollup', COUNTERS.length],
    ['stats_rollup_referrals', REFERRAL_COUNTERS.length],
  ] as const) {
    const centre = table === 'stats_rollup_referrals' ? sql.raw(', centre_id') : sql``;
    await exec.execute(
      sql`delete from ${sql.raw(table)} where grain = 'month' and start = any(${list}::date[])`,
    );
    await exec.execute(sql`insert into ${sql.raw(table)} (grain, start, region_key${centre}, counts)
      select 'month', ${monthOf}, region_key${centre}, ${sumArray('counts', length)}
      from ${sql.raw(table)}
      where grain = 'day' and ${monthOf} = any(${list}::date[])
      group by 2, 3${centre}`);
  }
}

// ---- Percentiles ----

export type DurationMetric = 'wait' | 'claim' | 'resolution';

/** The first histogram counter of each duration. */
export const HISTOGRAM: Record<DurationMetric, number> = {
  wait: at('calls.wait.0'),
  claim: at('cases.claim.0'),
  resolution: at('cases.resolution.0'),
};
export { HIST_BUCKETS };

/**
 * The values of one histogram bucket in the period and scope, from the `offset`-th smallest:
 * read through the bucket's expression index (index-only: it carries what the value is computed
 * from and the row's place), so a percentile is exact without sorting the year.
 */
export async function bucketValues(
  exec: Executor,
  metric: DurationMetric,
  bucket: number,
  offset: number,
  limit: number,
  range: Range,
  scope: KeyScope,
): Promise<number[]> {
  const period = (column: string) =>
    sql`${sql.raw(column)} >= ${range.start.toISOString()}::timestamptz and ${sql.raw(column)} < ${range.end.toISOString()}::timestamptz`;
  let query: SQL;
  switch (metric) {
    case 'wait':
      query = sql`select ${WAIT} as v from calls
        where coalesce(answered_at, ended_at) is not null and queued_at is not null
          and ${period('queued_at')} and stats_bucket(${WAIT}) = ${bucket}
          and ${inKeys(sql`region_code`, scope)}
        order by v offset ${offset} limit ${limit}`;
      break;
    case 'claim':
      query = sql`select ${CLAIM} as v from cases
        where first_taken_up_at is not null and ${period('created_at')}
          and stats_bucket(${CLAIM}) = ${bucket} and ${inKeys(sql`region_code`, scope)}
        order by v offset ${offset} limit ${limit}`;
      break;
    case 'resolution':
      query = sql`select ${RESOLUTION} as v from cases
        where first_resolved_at is not null and ${period('first_resolved_at')}
          and stats_bucket(${RESOLUTION}) = ${bucket} and ${inKeys(sql`region_code`, scope)}
        order by v offset ${offset} limit ${limit}`;
      break;
  }
  return (await rows<{ v: number | string }>(exec, query)).map((r) => Number(r.v));
}

/** Contacts per figures' row region, live (for a scope whose rows lie below the rollup regions). */
export function contactRowCounts(
  exec: Executor,
  range: Range,
  codes: readonly string[],
  tops: readonly (string | null)[],
) {
  return rows<{ top: string | null; n: number }>(
    exec,
    sql`select m.top, count(*)::int as n
    from reports r join unnest(${textArray(codes)}::text[], ${`{${tops.map((t) => t ?? 'NULL').join(',')}}`}::text[]) as m(code, top)
      on m.code = r.region_code
    where r.received_at >= ${range.start.toISOString()}::timestamptz and r.received_at < ${range.end.toISOString()}::timestamptz
    group by 1`,
  );
}
