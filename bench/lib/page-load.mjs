// Pure helpers of `npm run bench -- --stats-page` (bench/stats-page.mjs): the load average, and
// what one page load's timings say (where its time went) and what N of them add up to.
import { round, summary } from './stats.mjs';

/** The three load averages of a /proc/loadavg line ("0.88 2.56 1.63 1/182 13536"). */
export function parseLoadavg(text) {
  const values = String(text).trim().split(/\s+/).slice(0, 3).map(Number);
  if (values.length !== 3 || values.some((v) => !Number.isFinite(v)))
    throw new Error(`not a /proc/loadavg line: ${JSON.stringify(text)}`);
  return values;
}

/** p50/p95/max (nearest rank) of a list of milliseconds, and how many there were. */
export function percentiles(values) {
  const kept = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  const s = summary(kept);
  return { n: kept.length, p50: s.p50, p95: s.p95, max: s.max };
}

/** `a / b` to three places; null when either is missing or b is 0. */
export function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? round(a / b, 3) : null;
}

/**
 * Where one page load's time went, from its navigation and resource timings (milliseconds from
 * the start of the navigation, as `performance` reports them in the page):
 * - `documentMs`: the HTML document's response ended;
 * - `dataRequestedMs`: the page asked for its first `/api/stats/` figures (its code has loaded and
 *   the session is known by then);
 * - `dataReceivedMs`: the last `/api/stats/` answer ended;
 * - `serverMs`: each stats request's time from sent to the first byte of the answer, by path
 *   (`/api/stats/summary` twice: the period and the one before), in the order sent;
 * - `chartCodeMs`: the charts' code (the lazily loaded `StatsChart-*.js` chunk, ECharts) received;
 * - `renderMs`: from the last answer to the page being usable (React, ECharts, the canvases);
 * - `assets`: script and style files loaded, and how many came over the network (a 304 counts:
 *   its headers did) rather than from a cache.
 * A page without stats requests (the baseline) has nulls for the data figures.
 */
export function breakdown(sample) {
  const resources = sample.resources ?? [];
  const stats = resources
    .filter((r) => r.path.startsWith('/api/stats/'))
    .sort((a, b) => a.startTime - b.startTime);
  const serverMs = {};
  for (const r of stats) {
    const ms = r.responseStart > 0 && r.requestStart > 0 ? r.responseStart - r.requestStart : null;
    (serverMs[r.path] ??= []).push(ms === null ? null : round(ms, 1));
  }
  const assets = resources.filter((r) => /\.(?:js|mjs|css)$/.test(r.path));
  const dataReceivedMs = stats.length ? Math.max(...stats.map((r) => r.responseEnd)) : null;
  const chartCode = resources.find((r) => /\/StatsChart-[^/]*\.js$/.test(r.path));
  return {
    usableMs: round(sample.usableMs, 1),
    documentMs: round(sample.nav?.responseEnd ?? null, 1),
    dataRequestedMs: stats.length ? round(stats[0].startTime, 1) : null,
    dataReceivedMs: round(dataReceivedMs, 1),
    serverMs,
    chartCodeMs: round(chartCode?.responseEnd ?? null, 1),
    renderMs: dataReceivedMs === null ? null : round(sample.usableMs - dataReceivedMs, 1),
    assets: {
      files: assets.length,
      overNetwork: assets.filter((r) => r.transferSize > 0).length,
      bytesOverNetwork: assets.reduce((n, r) => n + (r.transferSize > 0 ? r.transferSize : 0), 0),
    },
  };
}

/**
 * N page loads of one case, summed up: p50/p95/max of the time to usable and of each part of
 * `breakdown`; the summary request's server time over every summary request of the runs.
 */
export function summarise(samples) {
  const parts = samples.map(breakdown);
  const pick = (key) => percentiles(parts.map((p) => p[key]));
  const server = {};
  for (const p of parts)
    for (const [path, values] of Object.entries(p.serverMs)) (server[path] ??= []).push(...values);
  return {
    usableMs: pick('usableMs'),
    documentMs: pick('documentMs'),
    dataRequestedMs: pick('dataRequestedMs'),
    dataReceivedMs: pick('dataReceivedMs'),
    chartCodeMs: pick('chartCodeMs'),
    renderMs: pick('renderMs'),
    serverMs: Object.fromEntries(Object.entries(server).map(([k, v]) => [k, percentiles(v)])),
    assetsOverNetwork: percentiles(parts.map((p) => p.assets.overNetwork)),
  };
}

/** A script's file name from a URL ("…/assets/StatsChart-BV.js?v=1" → "StatsChart-BV.js"). */
const fileName = (url) => (url ? (url.split(/[?#]/)[0].split('/').pop() ?? '') : '');

/** The kind of work a trace event of the renderer's main thread is. */
export function activityKind(name) {
  if (/GC|garbage/i.test(name)) return 'garbage collection';
  if (/^(?:UpdateLayoutTree|Layout|RecalculateStyles|ParseAuthorStyleSheet)$/.test(name))
    return 'style and layout';
  if (/^(?:Paint|PrePaint|PaintImage|Layerize|UpdateLayer|UpdateLayerTree|Commit)$/.test(name))
    return 'paint';
  if (name === 'ParseHTML') return 'HTML';
  if (
    /^(?:EvaluateScript|FunctionCall|TimerFire|FireAnimationFrame|RunMicrotasks|EventDispatch|V8\.Execute|v8\.|ProfileCall|XHRReadyStateChange|XHRLoad)/.test(
      name,
    )
  )
    return 'script';
  return 'other';
}

/**
 * Where the renderer's main thread spent its time in a Chrome trace (`browser.startTracing`),
 * up to the performance mark `mark` (the page usable): self time of every complete event, by
 * kind (script, style and layout, paint, garbage collection, HTML, other) and by activity (the
 * event's name with its script's file, e.g. "FunctionCall StatsChart-BV.js"), largest first.
 */
export function traceActivity(events, { mark = 'hutong:usable', top = 15 } = {}) {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const until = events.find((e) => e.name === mark)?.ts ?? Infinity;
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number' || e.ts >= until) continue;
    const thread = `${e.pid}:${e.tid}`;
    if (!mains.has(thread)) continue;
    if (!byThread.has(thread)) byThread.set(thread, []);
    byThread.get(thread).push(e);
  }
  const activity = new Map();
  const kinds = new Map();
  let busyUs = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    const entries = [];
    for (const e of list) {
      while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
      const entry = { event: e, self: e.dur, end: e.ts + e.dur };
      if (stack.length) stack[stack.length - 1].self -= e.dur;
      else busyUs += e.dur;
      stack.push(entry);
      entries.push(entry);
    }
    for (const { event, self } of entries) {
      const data = event.args?.data ?? event.args?.beginData ?? {};
      const script = fileName(data.url ?? data.stackTrace?.[0]?.url ?? event.args?.fileName);
      const key = script ? `${event.name} ${script}` : event.name;
      const kind = activityKind(event.name);
      activity.set(key, (activity.get(key) ?? 0) + self);
      kinds.set(kind, (kinds.get(kind) ?? 0) + self);
    }
  }
  const ranked = (map) =>
    [...map]
      .map(([name, us]) => ({ name, ms: round(us / 1000, 1) }))
      .filter((a) => a.ms > 0)
      .sort((a, b) => b.ms - a.ms);
  return {
    busyMs: round(busyUs / 1000, 1),
    byKind: ranked(kinds),
    byActivity: ranked(activity).slice(0, top),
  };
}
