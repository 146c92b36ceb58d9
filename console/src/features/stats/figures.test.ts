import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../lib/api-client';
import {
  askFiguresEarly,
  fetchFigures,
  firstView,
  loadFigures,
  monthOf,
  type FiguresQuery,
} from './figures';

/** A client that records what it was asked and answers with the route and query it got. */
function recordingApi() {
  const calls: { route: string; query: unknown }[] = [];
  const api = {
    request: (route: string, options: { query?: unknown } = {}) => {
      calls.push({ route, query: options.query });
      return Promise.resolve({ route, query: options.query });
    },
    file: () => Promise.reject(new Error('no files here')),
  } as unknown as ApiClient;
  return { api, calls };
}

const DECEMBER: FiguresQuery = {
  ...monthOf('2026-12-06', 0),
  metric: 'contacts.total',
  interval: 'day',
};

describe('the periods of the statistics page', () => {
  it('takes a calendar month, first to last day', () => {
    expect(monthOf('2026-12-06', 0)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthOf('2026-01-15', -1)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(monthOf('2028-02-10', 0)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('asking for the figures', () => {
  it('sends the three requests at once, the previous period worked out from the one asked for', async () => {
    const { api, calls } = recordingApi();
    const figures = fetchFigures(api, { ...DECEMBER, regionCode: '440100' });
    // All three are on their way before any answer.
    expect(calls).toEqual([
      {
        route: 'statsSummary',
        query: { from: '2026-12-01', to: '2026-12-31', regionCode: '440100' },
      },
      {
        route: 'statsSummary',
        query: { from: '2026-10-31', to: '2026-11-30', regionCode: '440100' },
      },
      {
        route: 'statsSeries',
        query: {
          from: '2026-12-01',
          to: '2026-12-31',
          regionCode: '440100',
          metric: 'contacts.total',
          interval: 'day',
        },
      },
    ]);
    const { summary, previous, series } = await figures;
    expect(
      [summary, previous, series].map((f) => (f as unknown as { route: string }).route),
    ).toEqual(['statsSummary', 'statsSummary', 'statsSeries']);
  });

  it('asks for the whole scope without a region', async () => {
    const { api, calls } = recordingApi();
    await fetchFigures(api, DECEMBER);
    expect(calls.map((c) => c.query)).toEqual([
      { from: '2026-12-01', to: '2026-12-31' },
      { from: '2026-10-31', to: '2026-11-30' },
      { from: '2026-12-01', to: '2026-12-31', metric: 'contacts.total', interval: 'day' },
    ]);
  });
});

describe('the first view, asked for before the page mounts', () => {
  it('is this month in Beijing, the whole scope, contacts by day', () => {
    // 16:30 UTC on 30 November is already 1 December in Beijing.
    expect(firstView(new Date('2026-11-30T16:30:00Z'))).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
      metric: 'contacts.total',
      interval: 'day',
    });
  });

  it('is taken by the page once, without asking again; later loads ask the server', async () => {
    const { api, calls } = recordingApi();
    askFiguresEarly(api);
    expect(calls).toHaveLength(3);
    const figures = await loadFigures(api, firstView());
    expect(calls).toHaveLength(3);
    expect((figures.summary as unknown as { query: unknown }).query).toEqual({
      from: firstView().from,
      to: firstView().to,
    });
    await loadFigures(api, firstView());
    expect(calls).toHaveLength(6);
  });

  it('is not used for another view', async () => {
    const { api, calls } = recordingApi();
    askFiguresEarly(api);
    await loadFigures(api, { ...firstView(), regionCode: '440100' });
    expect(calls).toHaveLength(6);
    expect(calls[3]!.query).toMatchObject({ regionCode: '440100' });
  });

  it('asks again when the early request failed, so the page shows its own answer or error', async () => {
    let fail = true;
    const calls: string[] = [];
    const api = {
      request: (route: string) => {
        calls.push(route);
        return fail ? Promise.reject(new Error('no session yet')) : Promise.resolve({ route });
      },
      file: () => Promise.reject(new Error('no files here')),
    } as unknown as ApiClient;
    askFiguresEarly(api);
    fail = false;
    const figures = await loadFigures(api, firstView());
    expect(calls).toHaveLength(6);
    expect((figures.series as unknown as { route: string }).route).toBe('statsSeries');
  });
});
