import {
  addDays,
  previousPeriod,
  shanghaiDate,
  type StatInterval,
  type StatSeriesMetric,
  type TStatsSeries,
  type TStatsSummary,
} from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';
import { askEarly, takeEarly } from '../../lib/early';

/** What the statistics page shows: a period, a region (none: the whole scope), a figure over time. */
export interface FiguresQuery {
  from: string;
  to: string;
  regionCode?: string;
  metric: StatSeriesMetric;
  interval: StatInterval;
}

/** The period's summary, the previous period's (for the change) and the figure over time. */
export interface Figures {
  summary: TStatsSummary;
  previous: TStatsSummary;
  series: TStatsSeries;
}

/** The calendar month `offset` months from the one of `date` (YYYY-MM-DD), first to last day. */
export function monthOf(date: string, offset: number): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + offset, 1));
  const next = new Date(Date.UTC(y, m + offset, 1));
  return {
    from: first.toISOString().slice(0, 10),
    to: addDays(next.toISOString().slice(0, 10), -1),
  };
}

/**
 * The three requests, together: with from and to given, the server answers for exactly that
 * period, so the one before follows from it without waiting for the first answer.
 */
export async function fetchFigures(api: ApiClient, query: FiguresQuery): Promise<Figures> {
  const { from, to, regionCode, metric, interval } = query;
  const scope = regionCode ? { regionCode } : {};
  const [summary, previous, series] = await Promise.all([
    api.request('statsSummary', { query: { from, to, ...scope } }),
    api.request('statsSummary', { query: { ...previousPeriod(from, to), ...scope } }),
    api.request('statsSeries', { query: { from, to, ...scope, metric, interval } }),
  ]);
  return { summary, previous, series };
}

/** What the page shows when it opens: this month (the line's calendar), the whole scope, contacts by day. */
export function firstView(now = new Date()): FiguresQuery {
  return { ...monthOf(shanghaiDate(now), 0), metric: 'contacts.total', interval: 'day' };
}

const earlyKey = ({ from, to, regionCode, metric, interval }: FiguresQuery) =>
  `stats:${from}:${to}:${regionCode ?? ''}:${metric}:${interval}`;

/** Asks for the first view's figures before the page has mounted; the page takes them (`loadFigures`). */
export function askFiguresEarly(api: ApiClient): void {
  const query = firstView();
  askEarly(api, earlyKey(query), () => fetchFigures(api, query));
}

/**
 * The figures for `query`: the early answer when it was asked for exactly this (and arrived),
 * otherwise from the server. An early request that failed is asked again, so an error shown is
 * always the page's own.
 */
export async function loadFigures(api: ApiClient, query: FiguresQuery): Promise<Figures> {
  const early = takeEarly<Figures>(api, earlyKey(query));
  if (early) {
    try {
      return await early;
    } catch {
      // Asked again below.
    }
  }
  return fetchFigures(api, query);
}
