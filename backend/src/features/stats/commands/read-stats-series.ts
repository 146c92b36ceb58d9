import {
  addDays,
  statsPeriod,
  type IsoDate,
  type StatInterval,
  type TStatsSeries,
  type TStatsSeriesQuery,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { resolveStatsScope } from '../stats-scope.js';
import { seriesCounts } from '../stats.repository.js';
import { readRollupSeries } from '../stats-rollup.js';
import { channelName, emptyByChannel } from './read-stats-summary.js';

/** The first day of the bucket a date falls in: itself, its week's Monday, its month's 1st. */
export function bucketStart(date: IsoDate, interval: StatInterval): IsoDate {
  if (interval === 'day') return date;
  if (interval === 'month') return `${date.slice(0, 7)}-01`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

function nextBucket(start: IsoDate, interval: StatInterval): IsoDate {
  if (interval === 'day') return addDays(start, 1);
  if (interval === 'week') return addDays(start, 7);
  const [y, m] = start.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** One figure over time, every bucket of the period present (empty ones as 0). */
export async function readStatsSeries(
  ctx: Context,
  actor: Actor,
  query: TStatsSeriesQuery,
  now = new Date(),
  options: { live?: boolean } = {},
): Promise<TStatsSeries> {
  const { regionCode, codes } = resolveStatsScope(ctx, actor, query.regionCode);
  const period = statsPeriod(query.from, query.to, now);
  // From the rollup and the days it has not caught up with; where it cannot answer (or
  // `options.live`), from the records.
  const counts =
    (options.live
      ? null
      : await readRollupSeries(
          ctx,
          query.metric,
          query.interval,
          period,
          regionCode,
          bucketStart,
        )) ?? (await seriesCounts(ctx.db, query.metric, query.interval, period, codes));
  const withChannels = query.metric === 'contacts.total';
  const points = new Map<IsoDate, TStatsSeries['points'][number]>();
  for (
    let start = bucketStart(period.from, query.interval);
    start <= period.to;
    start = nextBucket(start, query.interval)
  ) {
    points.set(start, {
      start,
      value: 0,
      ...(withChannels ? { byChannel: emptyByChannel() } : {}),
    });
  }
  for (const row of counts) {
    const point = points.get(row.start);
    if (!point) continue;
    point.value += row.n;
    if (point.byChannel && row.channel) {
      const channel = channelName(row.channel);
      point.byChannel[channel] = (point.byChannel[channel] ?? 0) + row.n;
    }
  }
  return {
    metric: query.metric,
    interval: query.interval,
    from: period.from,
    to: period.to,
    regionCode,
    points: [...points.values()],
  };
}
