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
    /^(?:EvaluateScript|FunctionCall|TimerFire|FireAnimationFrame|RunMicrotasks|EventDispatch|V8\.|v8\.|ProfileCall|XHRReadyStateChange|XHRLoad)/.test(
      name,
    )
  )
    return 'script';
  return 'other';
}

/**
 * Where the renderer's main thread spent its time in a Chrome trace (`browser.startTracing`),
 * up to the performance mark `mark` (the page usable): self time of every complete event, by
 * kind (script, style and layout, paint, garbage collection, HTML, other: the tasks' own
 * overhead) and by activity — script by its file (an event inside a call of a file's function,
 * e.g. V8.Execute, counts for that file: "script StatsChart-BV.js"), the rest by the event's
 * name — largest first.
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
      const parent = stack[stack.length - 1];
      const data = e.args?.data ?? e.args?.beginData ?? {};
      const script =
        fileName(data.url ?? data.stackTrace?.[0]?.url ?? e.args?.fileName) ||
        (parent?.script ?? '');
      const entry = { event: e, script, self: e.dur, end: e.ts + e.dur };
      if (parent) parent.self -= e.dur;
      else busyUs += e.dur;
      stack.push(entry);
      entries.push(entry);
    }
    for (const { event, script, self } of entries) {
      const kind = activityKind(event.name);
      const key = kind === 'script' ? `script ${script || '(no file)'}` : event.name;
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

/**
 * Where the renderer's main thread spent its time by V8's sampling profiler in a Chrome trace
 * (category `disabled-by-default-v8.cpu_profiler`), up to the performance mark `mark`: self time
 * of the sampled functions, by owner and by function. `locate(url, line, column)` names a
 * function's owner (e.g. the package its source map points to), by default its script's file;
 * `where(url, line, column)` its place (by default file:line:column of the built script).
 * `(program)` and `(garbage collector)` stand for themselves; idle time is left out.
 */
export function profileSamples(
  events,
  {
    mark = 'hutong:usable',
    top = 15,
    locate = (url) => fileName(url),
    where = (url, line, column) => `${fileName(url)}:${line + 1}:${column + 1}`,
  } = {},
) {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const until = events.find((e) => e.name === mark)?.ts ?? Infinity;
  const profiles = new Map();
  for (const e of events) {
    if (e.name === 'Profile' && mains.has(`${e.pid}:${e.tid}`))
      profiles.set(`${e.pid}:${e.id}`, { time: e.args?.data?.startTime ?? e.ts, nodes: new Map() });
  }
  const owners = new Map();
  const functions = new Map();
  let totalUs = 0;
  const chunks = events
    .filter((e) => e.name === 'ProfileChunk' && profiles.has(`${e.pid}:${e.id}`))
    .sort((a, b) => a.ts - b.ts);
  for (const e of chunks) {
    const profile = profiles.get(`${e.pid}:${e.id}`);
    const data = e.args?.data ?? {};
    for (const node of data.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    const deltas = data.timeDeltas ?? [];
    (data.cpuProfile?.samples ?? []).forEach((id, i) => {
      const dt = deltas[i] ?? 0;
      profile.time += dt;
      if (profile.time >= until) return;
      const frame = profile.nodes.get(id)?.callFrame ?? {};
      const name = frame.functionName || '(anonymous)';
      if (name === '(idle)') return;
      const owner = frame.url ? locate(frame.url, frame.lineNumber, frame.columnNumber) : name;
      const key = frame.url
        ? `${name} ${where(frame.url, frame.lineNumber, frame.columnNumber)}`
        : name;
      owners.set(owner, (owners.get(owner) ?? 0) + dt);
      functions.set(key, (functions.get(key) ?? 0) + dt);
      totalUs += dt;
    });
  }
  const ranked = (map) =>
    [...map]
      .map(([name, us]) => ({ name, ms: round(us / 1000, 1) }))
      .filter((a) => a.ms > 0)
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top);
  return {
    sampledMs: round(totalUs / 1000, 1),
    byOwner: ranked(owners),
    byFunction: ranked(functions),
  };
}
