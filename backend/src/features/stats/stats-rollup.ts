import {
  addDays,
  ANSWER_WITHIN_SECONDS,
  CHANNELS,
  CHILD_CATEGORIES,
  type StatInterval,
  type StatSeriesMetric,
  shanghaiDayStart,
  SITUATION_CATEGORIES,
  SMS_REPLY_WITHIN_SECONDS,
  type IsoDate,
  type StatsPeriod,
} from '@hutong/shared';
import { inArray } from 'drizzle-orm';
import type { Context } from '../../context.js';
import { centres as centresTable } from '../../db/schema.js';
import { COUNTERS, HIST_BUCKETS, PRIORITY_KEYS, at, rollupMapping } from './rollup-layout.js';
import { childRegions, regionRollup } from './stats-scope.js';
import type { RegisterFigures } from './stats.repository.js';
import {
  bucketValues,
  contactRowCounts,
  HISTOGRAM,
  liveCounters,
  liveReferrals,
  liveSeries,
  rollupState,
  storedCounters,
  storedReferrals,
  storedSums,
  storedSeries,
  type DurationMetric,
  type KeyScope,
  type Range,
  type StoredPart,
} from './stats-rollup.repository.js';

/** The contacts' figures as the summary shows them (marginals only). */
export interface ContactTotals {
  total: number;
  responded: number;
  byChannel: Map<string, number>;
  byPriority: Map<string, number>;
  byHour: number[];
  /** Contacts per figures' row region (null: unplaced or the region itself). */
  byTop: Map<string | null, number>;
}

export interface RollupFigures {
  contacts: ContactTotals;
  categories: { category: string; n: number }[];
  calls: {
    offered: number;
    answered: number;
    answeredInTime: number;
    abandoned: number;
    waitP50: number | null;
    waitP90: number | null;
  };
  /** Check-in calls placed from files in the region, and those answered. */
  outbound: { made: number; answered: number };
  sms: { conversations: number; repliedInTime: number };
  cases: {
    opened: number;
    resolved: number;
    claimP50: number | null;
    claimP90: number | null;
    resolutionP50: number | null;
    reopened: number;
  };
  centres: {
    centreId: string;
    name: string;
    made: number;
    ackedInTime: number;
    escalated: number;
    declined: number;
    rerouted: number;
  }[];
  register: RegisterFigures;
}

/** Which days of a period are read from the rollup (as months or days) and which live. */
export interface DayPlan {
  stored: StoredPart;
  live: Range[];
  liveDays: IsoDate[];
}

const monthStart = (d: IsoDate) => `${d.slice(0, 7)}-01`;
const monthEnd = (m: IsoDate) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return addDays(mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`, -1);
};

/**
 * Splits the period: a day is live when the rollup has not reached it (`rolledTo` and after) or
 * it was marked dirty since; a complete month with no live day is read as its month row (unless
 * `useMonths` is false: a series by day or week reads day rows).
 */
export function planDays(
  from: IsoDate,
  to: IsoDate,
  rolledTo: IsoDate,
  dirty: ReadonlySet<IsoDate>,
  useMonths = true,
): DayPlan {
  const isLive = (d: IsoDate) => d >= rolledTo || dirty.has(d);
  const months: IsoDate[] = [];
  const days: IsoDate[] = [];
  const liveDays: IsoDate[] = [];
  for (let d = from; d <= to;) {
    const m = monthStart(d);
    const last = monthEnd(m);
    if (useMonths && d === m && last <= to && last < rolledTo) {
      let clean = true;
      for (let x = m; x <= last; x = addDays(x, 1)) if (dirty.has(x)) clean = false;
      if (clean) {
        months.push(m);
        d = addDays(last, 1);
        continue;
      }
    }
    (isLive(d) ? liveDays : days).push(d);
    d = addDays(d, 1);
  }
  const live: Range[] = [];
  for (const d of liveDays) {
    const start = shanghaiDayStart(d);
    const end = shanghaiDayStart(addDays(d, 1));
    const last = live[live.length - 1];
    if (last && last.end.getTime() === start.getTime()) last.end = end;
    else live.push({ start, end });
  }
  return { stored: { months, days }, live, liveDays };
}

/**
 * The rollup regions in the subtree of `code` (itself a rollup region): those whose lineage
 * holds it. A few hundred for a province, against its ~14,000 regions.
 */
function keysUnder(ctx: Context, code: string): string[] {
  const { keys } = rollupMapping(ctx);
  const out: string[] = [];
  for (const key of new Set(keys.values()))
    if (ctx.regions.lineage(key).some((r) => r.code === code)) out.push(key);
  return out;
}

/**
 * The figures' row a rollup region counts in: the region one level below `code` on its lineage
 * (for the whole line: its top-level region), or null for `code` itself and for unplaced ('').
 */
function rowOf(ctx: Context, code: string | null, key: string): string | null {
  const lineage = ctx.regions.lineage(key);
  const below = code ? lineage.findIndex((r) => r.code === code) + 1 : 0;
  if (code && below === 0) return null;
  return lineage[below]?.code ?? null;
}

/** The register's flows, summed before a period for the files on file at its end. */
const STOCK_COUNTERS = COUNTERS.flatMap((name, i) =>
  name.startsWith('register.added') || name.startsWith('register.left') ? [i] : [],
);

/** Runs the thunks together (a server's pool) or one after another (PGlite). */
async function all<T extends readonly (() => Promise<unknown>)[]>(
  together: boolean,
  thunks: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (together) return (await Promise.all(thunks.map((t) => t()))) as never;
  const out: unknown[] = [];
  for (const thunk of thunks) out.push(await thunk());
  return out as never;
}

/** percentile_cont's interpolation, in PostgreSQL's own arithmetic (float8_lerp). */
function lerp(lo: number, hi: number, p: number) {
  return lo + (hi - lo) * p;
}

/**
 * The figures of the summary from the rollup plus the live days, or null when the rollup cannot
 * answer (not built yet, another layout, a scope below its regions): then the caller reads
 * everything live. Exactly the live figures: counts are sums of the same predicates per day, and
 * each percentile reads its one or two ranks from the histogram bucket that holds them.
 */
export async function readRollupFigures(
  ctx: Context,
  period: StatsPeriod,
  regionCode: string | null,
): Promise<RollupFigures | null> {
  const { keys: keyOf, layout } = rollupMapping(ctx);
  if (regionCode && keyOf.get(regionCode) !== regionCode) return null;
  const state = await rollupState(ctx.db);
  if (!state.rolledTo || state.layout !== layout) return null;

  const plan = planDays(period.from, period.to, state.rolledTo, state.dirty);
  // Every query filters by the scope's rollup regions (a county: one; a province: its cities and
  // counties), the stored rows by their key and the records through `stats_region_keys`.
  const scope: KeyScope = regionCode ? keysUnder(ctx, regionCode) : null;
  const children = childRegions(ctx, regionCode);
  // The figures' rows are the scope's children: the rollup places them when each is a rollup
  // region itself; otherwise (a county's townships) the contacts are counted live per row.
  const rowsFromRollup = children.every((c) => keyOf.get(c.code) === c.code);
  const whole: Range = { start: period.start, end: period.end };

  // The register's files on file are a stock: its flows are summed from the first day counted
  // (a stored row's or a dirty day's) to the period's end; `before` is the part before the period.
  const first = [state.firstDay, ...state.dirty].reduce<IsoDate | null>(
    (a, d) => (d !== null && (a === null || d < a) ? d : a),
    null,
  );
  const before =
    first !== null && first < period.from
      ? planDays(first, addDays(period.from, -1), state.rolledTo, state.dirty)
      : null;

  const together = ctx.config.databaseUrl !== undefined;
  const [stored, live, storedBefore, liveBefore, storedRefs, liveRefs, rowCounts] = await all(
    together,
    [
      () => storedCounters(ctx.db, plan.stored, scope),
      () => liveCounters(ctx.db, plan.live, scope, ANSWER_WITHIN_SECONDS, SMS_REPLY_WITHIN_SECONDS),
      () =>
        before
          ? storedSums(ctx.db, before.stored, scope, STOCK_COUNTERS)
          : Promise.resolve(STOCK_COUNTERS.map(() => 0)),
      () =>
        before
          ? liveCounters(
              ctx.db,
              before.live,
              scope,
              ANSWER_WITHIN_SECONDS,
              SMS_REPLY_WITHIN_SECONDS,
            )
          : Promise.resolve([]),
      () => storedReferrals(ctx.db, plan.stored, scope),
      () => liveReferrals(ctx.db, plan.live, scope),
      () => {
        if (rowsFromRollup) return Promise.resolve(null);
        const rollup = regionRollup(ctx, regionCode);
        return contactRowCounts(ctx.db, whole, rollup.codes, rollup.tops);
      },
    ] as const,
  );

  const counts = new Array<number>(COUNTERS.length).fill(0);
  const totalByKey = new Map<string, number>();
  const TOTAL = at('contacts.total');
  for (const row of stored) {
    row.counts.forEach((v, i) => (counts[i]! += Number(v)));
    totalByKey.set(row.key, (totalByKey.get(row.key) ?? 0) + Number(row.counts[TOTAL]));
  }
  for (const row of live) {
    counts[row.idx]! += row.n;
    if (row.idx === TOTAL) totalByKey.set(row.key, (totalByKey.get(row.key) ?? 0) + row.n);
  }
  const c = (name: string) => counts[at(name)]!;
  const earlier = new Array<number>(COUNTERS.length).fill(0);
  STOCK_COUNTERS.forEach((idx, i) => (earlier[idx]! += storedBefore[i]!));
  for (const row of liveBefore) earlier[row.idx]! += row.n;
  /** Files on file at the period's end: registered before it, less those that left before it. */
  const onFile = (suffix: string) =>
    earlier[at(`register.added${suffix}`)]! +
    c(`register.added${suffix}`) -
    earlier[at(`register.left${suffix}`)]! -
    c(`register.left${suffix}`);

  const byTop = new Map<string | null, number>();
  if (rowCounts) {
    let placed = 0;
    for (const row of rowCounts) {
      if (row.top === null) continue;
      byTop.set(row.top, row.n);
      placed += row.n;
    }
    byTop.set(null, c('contacts.total') - placed);
  } else {
    for (const [key, n] of totalByKey) {
      const top = rowOf(ctx, regionCode, key);
      byTop.set(top, (byTop.get(top) ?? 0) + n);
    }
  }

  const percentile = async (metric: DurationMetric, p: number): Promise<number | null> => {
    const first = HISTOGRAM[metric];
    const hist = counts.slice(first, first + HIST_BUCKETS);
    const total = hist.reduce((a, b) => a + b, 0);
    if (total === 0) return null;
    const h = p * (total - 1);
    const ranks = [Math.floor(h), Math.ceil(h)] as const;
    const place = (rank: number) => {
      let before = 0;
      let bucket = 0;
      while (before + hist[bucket]! <= rank) before += hist[bucket++]!;
      return { bucket, offset: rank - before };
    };
    const [lo, hi] = [place(ranks[0]), place(ranks[1])];
    // Both ranks in one bucket (the usual case): one read of one or two values.
    const values =
      lo.bucket === hi.bucket
        ? await bucketValues(
            ctx.db,
            metric,
            lo.bucket,
            lo.offset,
            hi.offset - lo.offset + 1,
            whole,
            scope,
          )
        : [
            ...(await bucketValues(ctx.db, metric, lo.bucket, lo.offset, 1, whole, scope)),
            ...(await bucketValues(ctx.db, metric, hi.bucket, hi.offset, 1, whole, scope)),
          ];
    // A bucket that changed between the reads: a rare race with a write; the next read agrees.
    if (values.length < (lo.bucket === hi.bucket ? hi.offset - lo.offset + 1 : 2)) return null;
    values[1] ??= values[0]!;
    return lerp(values[0]!, values[1], h - ranks[0]);
  };
  const [waitP50, waitP90, claimP50, claimP90, resolutionP50, names] = await all(together, [
    () => percentile('wait', 0.5),
    () => percentile('wait', 0.9),
    () => percentile('claim', 0.5),
    () => percentile('claim', 0.9),
    () => percentile('resolution', 0.5),
    () => {
      const ids = [...new Set([...storedRefs, ...liveRefs].map((r) => r.centreId))];
      return ids.length === 0
        ? Promise.resolve([] as { id: string; name: string }[])
        : ctx.db
            .select({ id: centresTable.id, name: centresTable.name })
            .from(centresTable)
            .where(inArray(centresTable.id, ids));
    },
  ] as const);

  const byCentre = new Map<string, number[]>();
  for (const row of [...storedRefs, ...liveRefs]) {
    const sum = byCentre.get(row.centreId) ?? [0, 0, 0, 0, 0];
    row.counts.forEach((v, i) => (sum[i]! += Number(v)));
    byCentre.set(row.centreId, sum);
  }
  const nameOf = new Map(names.map((r) => [r.id, r.name]));
  const centres = [...byCentre]
    .filter(([id, s]) => s[0]! > 0 && nameOf.has(id))
    .map(([centreId, s]) => ({
      centreId,
      name: nameOf.get(centreId)!,
      made: s[0]!,
      ackedInTime: s[1]!,
      escalated: s[2]!,
      declined: s[3]!,
      rerouted: s[4]!,
    }))
    .sort((a, b) => b.made - a.made || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  return {
    contacts: {
      total: c('contacts.total'),
      responded: c('contacts.responded'),
      byChannel: new Map(
        CHANNELS.map((ch) => [ch, c(`contacts.channel.${ch}`)] as const).filter(([, n]) => n > 0),
      ),
      byPriority: new Map(PRIORITY_KEYS.map((p) => [p, c(`contacts.priority.${p}`)])),
      byHour: Array.from({ length: 24 }, (_, h) => c(`contacts.hour.${h}`)),
      byTop,
    },
    categories: SITUATION_CATEGORIES.map((cat) => ({
      category: cat,
      n: c(`contacts.category.${cat}`),
    })).filter((r) => r.n > 0),
    calls: {
      offered: c('calls.offered'),
      answered: c('calls.answered'),
      answeredInTime: c('calls.answeredInTime'),
      abandoned: c('calls.abandoned'),
      waitP50,
      waitP90,
    },
    outbound: { made: c('calls.outbound.made'), answered: c('calls.outbound.answered') },
    sms: { conversations: c('sms.conversations'), repliedInTime: c('sms.repliedInTime') },
    cases: {
      opened: c('cases.opened'),
      resolved: c('cases.resolved'),
      claimP50,
      claimP90,
      resolutionP50,
      reopened: c('cases.reopened'),
    },
    centres,
    register: {
      onFile: onFile(''),
      high: onFile('.risk.high'),
      medium: onFile('.risk.medium'),
      low: onFile('.risk.low'),
      categories: CHILD_CATEGORIES.map((cat) => ({
        category: cat,
        n: onFile(`.category.${cat}`),
      })).filter((r) => r.n > 0),
      visitsDone: c('register.visits'),
      warningsRaised: c('register.warningsRaised'),
      warningsEscalated: c('register.warningsEscalated'),
    },
  };
}

/** A series' count on a day, week or month (`start`), by channel for contacts. */
export interface SeriesCount {
  start: IsoDate;
  channel: string | null;
  n: number;
}

/** The counters a series metric sums (contacts: one per channel), or the referral rows. */
function seriesCounters(metric: StatSeriesMetric): { idx: number; channel: string | null }[] {
  if (metric === 'contacts.total')
    return CHANNELS.map((channel) => ({ idx: at(`contacts.channel.${channel}`), channel }));
  if (metric === 'referrals.made') return [{ idx: 0, channel: null }];
  return [{ idx: at(metric), channel: null }];
}

/**
 * A series from the rollup plus the live days, or null when the rollup cannot answer (as for
 * the summary). Day rows for days and weeks, month rows where a month is complete and clean;
 * `bucketOf` names the day, week or month a row's first day falls in.
 */
export async function readRollupSeries(
  ctx: Context,
  metric: StatSeriesMetric,
  interval: StatInterval,
  period: StatsPeriod,
  regionCode: string | null,
  bucketOf: (day: IsoDate, interval: StatInterval) => IsoDate,
): Promise<SeriesCount[] | null> {
  const { keys: keyOf, layout } = rollupMapping(ctx);
  if (regionCode && keyOf.get(regionCode) !== regionCode) return null;
  const state = await rollupState(ctx.db);
  if (!state.rolledTo || state.layout !== layout) return null;

  const plan = planDays(period.from, period.to, state.rolledTo, state.dirty, interval === 'month');
  const scope: KeyScope = regionCode ? keysUnder(ctx, regionCode) : null;
  const counters = seriesCounters(metric);
  const idxs = metric === 'referrals.made' ? 'referrals' : counters.map((c) => c.idx);
  const channelOf = new Map(counters.map((c) => [c.idx, c.channel]));
  const together = ctx.config.databaseUrl !== undefined;
  const [stored, live] = await all(together, [
    () => storedSeries(ctx.db, plan.stored, scope, idxs),
    () =>
      liveSeries(ctx.db, plan.live, scope, idxs, ANSWER_WITHIN_SECONDS, SMS_REPLY_WITHIN_SECONDS),
  ] as const);
  const sums = new Map<string, SeriesCount>();
  for (const row of [...stored, ...live]) {
    if (row.n === 0) continue;
    const start = bucketOf(row.start, interval);
    const channel = channelOf.get(Number(row.idx)) ?? null;
    const id = `${start}|${channel ?? ''}`;
    const sum = sums.get(id) ?? { start, channel, n: 0 };
    sum.n += Number(row.n);
    sums.set(id, sum);
  }
  return [...sums.values()];
}
