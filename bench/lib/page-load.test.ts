import { describe, expect, it } from 'vitest';
import {
  activityKind,
  breakdown,
  parseLoadavg,
  percentiles,
  profileSamples,
  ratio,
  summarise,
  traceActivity,
  type PageSample,
  type ResourceTiming,
  type TraceEvent,
} from './page-load.mjs';

const resource = (
  path: string,
  startTime: number,
  requestStart: number,
  responseStart: number,
  responseEnd: number,
  transferSize = 300,
): ResourceTiming => ({ path, startTime, requestStart, responseStart, responseEnd, transferSize });

/** A load of the statistics page: two chunks (one cached), the two summaries and the series. */
const statsLoad = (usableMs: number, summaryServer: number): PageSample => ({
  usableMs,
  nav: { responseEnd: 12 },
  resources: [
    resource('/assets/index-abc.js', 15, 16, 20, 40, 0),
    resource('/assets/StatsPage-def.js', 60, 61, 64, 80, 20_000),
    resource('/assets/StatsChart-BVupGMRq.js', 236, 237, 240, 250, 0),
    resource('/api/stats/series', 200, 201, 230, 232),
    resource('/api/stats/summary', 100, 101, 101 + summaryServer, 150),
    resource('/api/stats/summary', 150, 152, 152 + summaryServer, 199),
  ],
});

describe('the load average', () => {
  it('reads the three averages of a /proc/loadavg line', () => {
    expect(parseLoadavg('0.88 2.56 1.63 1/182 13536\n')).toEqual([0.88, 2.56, 1.63]);
  });
  it('refuses anything else', () => {
    expect(() => parseLoadavg('')).toThrow(/not a \/proc\/loadavg line/);
    expect(() => parseLoadavg('0.1 high 0.3')).toThrow(/not a \/proc\/loadavg line/);
  });
});

describe('percentiles of page loads', () => {
  it('takes the nearest rank: with ten loads p50 is the 5th and p95 the slowest', () => {
    const ms = [900, 100, 800, 200, 700, 300, 600, 400, 500, 1000];
    expect(percentiles(ms)).toEqual({ n: 10, p50: 500, p95: 1000, max: 1000 });
  });
  it('leaves out missing values and has nothing to say about none', () => {
    expect(percentiles([null, 30, undefined, 10, 20])).toEqual({ n: 3, p50: 20, p95: 30, max: 30 });
    expect(percentiles([])).toEqual({ n: 0, p50: null, p95: null, max: null });
  });
  it('puts a figure beside its baseline as a ratio, or says nothing without one', () => {
    expect(ratio(450, 300)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.333);
    expect(ratio(450, 0)).toBeNull();
    expect(ratio(null, 300)).toBeNull();
  });
});

describe('where a page load went', () => {
  it('splits it into document, code, the figures asked for and received, and the drawing', () => {
    expect(breakdown(statsLoad(300, 20))).toEqual({
      usableMs: 300,
      documentMs: 12,
      dataRequestedMs: 100,
      dataReceivedMs: 232,
      // In the order sent: the period's summary, then the one before.
      serverMs: { '/api/stats/summary': [20, 20], '/api/stats/series': [29] },
      chartCodeMs: 250,
      renderMs: 68,
      assets: { files: 3, overNetwork: 1, bytesOverNetwork: 20_000 },
    });
  });
  it('has no data figures for a page that asks for none (the baseline)', () => {
    const b = breakdown({
      usableMs: 90,
      nav: { responseEnd: 10 },
      resources: [resource('/assets/index-abc.js', 15, 16, 20, 40, 0)],
    });
    expect(b).toMatchObject({
      usableMs: 90,
      dataRequestedMs: null,
      chartCodeMs: null,
      renderMs: null,
      serverMs: {},
    });
  });
  it('counts no server time where the browser gives no request timings', () => {
    const b = breakdown({
      usableMs: 90,
      resources: [resource('/api/stats/summary', 5, 0, 0, 40)],
    });
    expect(b.serverMs).toEqual({ '/api/stats/summary': [null] });
    expect(b.documentMs).toBeNull();
  });
  it('sums N loads up per part, every summary request of every load counted', () => {
    const s = summarise([statsLoad(300, 20), statsLoad(500, 40), statsLoad(400, 30)]);
    expect(s.usableMs).toEqual({ n: 3, p50: 400, p95: 500, max: 500 });
    expect(s.renderMs).toEqual({ n: 3, p50: 168, p95: 268, max: 268 });
    expect(s.serverMs['/api/stats/summary']).toEqual({ n: 6, p50: 30, p95: 40, max: 40 });
    expect(s.assetsOverNetwork).toEqual({ n: 3, p50: 1, p95: 1, max: 1 });
  });
});

describe("where the renderer's main thread went, from a Chrome trace", () => {
  const main = { pid: 1, tid: 1 };
  const x = (name: string, ts: number, dur: number, url?: string): TraceEvent => ({
    ...main,
    ph: 'X',
    name,
    ts,
    dur,
    ...(url ? { args: { data: { url } } } : {}),
  });
  const events: TraceEvent[] = [
    { ...main, ph: 'M', name: 'thread_name', ts: 0, args: { name: 'CrRendererMain' } },
    { pid: 1, tid: 2, ph: 'M', name: 'thread_name', ts: 0, args: { name: 'Compositor' } },
    x('RunTask', 0, 1000),
    x('EvaluateScript', 100, 500, 'http://127.0.0.1:4000/assets/index-a.js'),
    x('v8.compile', 100, 100, 'http://127.0.0.1:4000/assets/index-a.js'),
    x('FunctionCall', 700, 200, 'http://127.0.0.1:4000/assets/StatsChart-x.js?v=1'),
    // Inside the call: V8's own event, without a file, counts for the caller's.
    x('V8.Execute', 750, 120),
    x('Layout', 900, 50),
    // Another thread's work, and the main thread's after the page was usable: not counted.
    { pid: 1, tid: 2, ph: 'X', name: 'Paint', ts: 10, dur: 5000 },
    { ...main, ph: 'R', name: 'hutong:usable', ts: 960 },
    x('Paint', 970, 30),
  ];

  it('counts self time up to the page being usable, by activity and by kind', () => {
    expect(traceActivity(events)).toEqual({
      busyMs: 1,
      byKind: [
        { name: 'script', ms: 0.7 },
        { name: 'other', ms: 0.3 },
        { name: 'style and layout', ms: 0.1 },
      ],
      byActivity: [
        { name: 'script index-a.js', ms: 0.5 },
        { name: 'RunTask', ms: 0.3 },
        { name: 'script StatsChart-x.js', ms: 0.2 },
        { name: 'Layout', ms: 0.1 },
      ],
    });
  });
  it('names the kinds of work', () => {
    expect(activityKind('UpdateLayoutTree')).toBe('style and layout');
    expect(activityKind('MinorGC')).toBe('garbage collection');
    expect(activityKind('FireAnimationFrame')).toBe('script');
    expect(activityKind('V8.BytecodeBudgetInterrupt')).toBe('script');
    expect(activityKind('V8.GC_SCAVENGER')).toBe('garbage collection');
    expect(activityKind('Paint')).toBe('paint');
    expect(activityKind('ParseHTML')).toBe('HTML');
  });
});

describe("the main thread's sampled functions, from a Chrome trace", () => {
  const frame = (functionName: string, url = '', lineNumber = -1, columnNumber = -1) => ({
    functionName,
    url,
    lineNumber,
    columnNumber,
  });
  const chunk = (tid: number, id: string, samples: number[]): TraceEvent => ({
    pid: 1,
    tid,
    id,
    ph: 'P',
    name: 'ProfileChunk',
    ts: 2000,
    args: {
      data: {
        cpuProfile: {
          nodes: [
            { id: 1, callFrame: frame('(root)') },
            { id: 2, callFrame: frame('render', 'http://x/assets/index-a.js', 0, 99), parent: 1 },
            { id: 3, callFrame: frame('(idle)'), parent: 1 },
            { id: 4, callFrame: frame('(garbage collector)'), parent: 1 },
          ],
          samples,
        },
        timeDeltas: samples.map(() => 100),
      },
    },
  });
  const events: TraceEvent[] = [
    { pid: 1, tid: 1, ph: 'M', name: 'thread_name', ts: 0, args: { name: 'CrRendererMain' } },
    { pid: 1, tid: 2, ph: 'M', name: 'thread_name', ts: 0, args: { name: 'ServiceWorker' } },
    {
      pid: 1,
      tid: 1,
      id: '0x1',
      ph: 'P',
      name: 'Profile',
      ts: 0,
      args: { data: { startTime: 1000 } },
    },
    {
      pid: 1,
      tid: 2,
      id: '0x2',
      ph: 'P',
      name: 'Profile',
      ts: 0,
      args: { data: { startTime: 1000 } },
    },
    // Samples at 1100, 1200 (render), 1300 (idle), 1400 (GC), 1500 (after the mark).
    chunk(1, '0x1', [2, 2, 3, 4, 2]),
    chunk(2, '0x2', [2, 2, 2, 2, 2]),
    { pid: 1, tid: 1, ph: 'R', name: 'hutong:usable', ts: 1450 },
  ];

  it('sums self time until usable by file and function, idle and other threads left out', () => {
    expect(profileSamples(events)).toEqual({
      sampledMs: 0.3,
      byOwner: [
        { name: 'index-a.js', ms: 0.2 },
        { name: '(garbage collector)', ms: 0.1 },
      ],
      byFunction: [
        { name: 'render index-a.js:1:100', ms: 0.2 },
        { name: '(garbage collector)', ms: 0.1 },
      ],
    });
  });
  it('names owners as it is told (e.g. by source map)', () => {
    const { byOwner } = profileSamples(events, { locate: () => 'react-dom' });
    expect(byOwner[0]).toEqual({ name: 'react-dom', ms: 0.2 });
  });
});
