// `npm run bench -- --stats-page`: how long the statistics page takes to load on PGlite with the
// demo data (issue 13: "the page loads in under a second"). Starts Hutong as `npm start` does on
// its embedded defaults (PGlite, a private redis-server, demo data) in a temporary data dir on a
// free port, signs in as the demo supervisor (the whole line) and as `analyst` (广州市) in a real
// Chromium, and loads /stats from a fresh navigation N times after unmeasured warm-ups: with the
// browser's cache as a returning user has it (warm, the everyday case) and in a new browser
// context (cold: no HTTP cache, no service worker). A load ends when the page is usable: the six
// headline figures shown, every chart's canvas drawn (non-blank pixels), no loading spinner left.
// The baseline, in the same run and the same way: a tiny screen of the same console
// (/account/password, no data). The API's own part is timed separately from Node. See
// docs/PERFORMANCE.md ("The statistics page on PGlite").
/* global document, window, location, requestAnimationFrame -- usableProbe, whatIsMissing,
   collectTimings and the waits run in the page, not in Node */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { resolveBrowser } from '../scripts/browser.mjs';
import { root } from '../scripts/lib.mjs';
import {
  breakdown,
  parseLoadavg,
  percentiles,
  profileSamples,
  ratio,
  summarise,
  traceActivity,
} from './lib/page-load.mjs';
import {
  cleanup,
  freePort,
  installSignalHandlers,
  onCleanup,
  sleep,
  startProcess,
  tempDir,
} from './lib/processes.mjs';
import { reportFactory } from './lib/reports.mjs';
import { parseJson, request, round, table } from './lib/stats.mjs';
import { login, waitReady } from './stats.mjs';

const STATS_PATH = '/stats';
/** The baseline: a screen of the same signed-in console that asks the server for nothing. */
const BASELINE_PATH = '/account/password';
const USERS = [
  { username: 'supervisor', scope: 'whole line' },
  { username: 'analyst', scope: '广州市 (440100)' },
];
const WARMUP = 2;
const TARGET_MS = 1000;
/** A desk, in the console's first language. */
const CONTEXT = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' };
/** What the public intake takes from one address in a minute by default. */
const INTAKE_RATE_LIMIT = 30;

const t0 = Date.now();
const log = (msg) =>
  console.log(`› ${String(round((Date.now() - t0) / 1000, 1)).padStart(5)}s  ${msg}`);

/** The load average, from /proc/loadavg where there is one. */
function loadAverage() {
  return existsSync('/proc/loadavg')
    ? parseLoadavg(readFileSync('/proc/loadavg', 'utf8'))
    : os.loadavg().map((v) => round(v));
}

/**
 * Runs in every page before its own scripts (an init script): on every animation frame until it
 * holds, checks whether the page is usable, and then records the time (ms since the navigation
 * started) in `window.__hutongUsable` and as the performance mark `hutong:usable`.
 */
function usableProbe({ statsPath, baselinePath }) {
  if (window.top !== window) return;
  const SPINNER = '.loading, .page-loading, .ant-spin-spinning, [aria-busy="true"]';
  const drawn = (canvas) => {
    if (!canvas.width || !canvas.height) return false;
    const context = canvas.getContext('2d');
    if (!context) return false;
    const pixels = new Uint32Array(
      context.getImageData(0, 0, canvas.width, canvas.height).data.buffer,
    );
    for (let i = 0; i < pixels.length; i++) if (pixels[i] !== 0) return true;
    return false;
  };
  const checks = {
    [statsPath]: () => {
      const page = document.querySelector('.stats-page');
      if (!page) return null;
      const figures = page.querySelectorAll('.stats-figure .ant-statistic-content').length;
      if (figures < 6 || document.querySelector(SPINNER)) return null;
      const charts = [...page.querySelectorAll('[data-testid$="-chart"]')];
      if (charts.length === 0) return null;
      if (!charts.every((c) => [...c.querySelectorAll('canvas')].some(drawn))) return null;
      return { figures, charts: charts.length };
    },
    [baselinePath]: () => {
      if (!document.querySelector('main h1, #main h1')) return null;
      if (!document.querySelector('#main input[type=password]')) return null;
      if (document.querySelector(SPINNER)) return null;
      return { figures: 0, charts: 0 };
    },
  };
  const check = checks[location.pathname];
  if (!check) return;
  const tick = () => {
    const found = check();
    if (!found) {
      requestAnimationFrame(tick);
      return;
    }
    const at = performance.now();
    performance.mark('hutong:usable');
    window.__hutongUsable = { at, ...found };
  };
  requestAnimationFrame(tick);
}

/** What a page that did not become usable shows instead (for the error message). */
function whatIsMissing() {
  const spinner = document.querySelector(
    '.loading, .page-loading, .ant-spin-spinning, [aria-busy="true"]',
  );
  return {
    path: location.pathname,
    heading: document.querySelector('h1')?.textContent ?? null,
    figures: document.querySelectorAll('.stats-figure .ant-statistic-content').length,
    charts: document.querySelectorAll('[data-testid$="-chart"]').length,
    canvases: document.querySelectorAll('[data-testid$="-chart"] canvas').length,
    spinner: spinner ? spinner.outerHTML.slice(0, 200) : null,
    alert: document.querySelector('[role=alert]')?.textContent ?? null,
  };
}

/** The page's own timings once it is usable. */
function collectTimings() {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    usableMs: window.__hutongUsable.at,
    figures: window.__hutongUsable.figures,
    charts: window.__hutongUsable.charts,
    nav: nav
      ? {
          responseStart: nav.responseStart,
          responseEnd: nav.responseEnd,
          domContentLoadedMs: nav.domContentLoadedEventEnd,
          transferSize: nav.transferSize,
        }
      : null,
    resources: performance.getEntriesByType('resource').map((r) => {
      const url = new URL(r.name);
      return {
        path: url.pathname,
        search: url.search,
        initiatorType: r.initiatorType,
        startTime: r.startTime,
        requestStart: r.requestStart,
        responseStart: r.responseStart,
        responseEnd: r.responseEnd,
        transferSize: r.transferSize,
      };
    }),
  };
}

/** Hutong as `npm start` runs it: nothing of the shell's database, Redis or mode passed on. */
function startHutong({ dataDir, port, password, reports }) {
  return startProcess(
    'hutong (as npm start)',
    process.execPath,
    [join(root, 'backend/dist/main.js')],
    {
      cwd: root,
      env: {
        HUTONG_DATA_DIR: dataDir,
        PORT: String(port),
        HUTONG_DEMO_PASSWORD: password,
        // Undefined is left out of the child's environment: the embedded defaults apply.
        DATABASE_URL: undefined,
        REDIS_URL: undefined,
        NODE_ENV: undefined,
        HUTONG_MODE: undefined,
        HUTONG_ROLE: undefined,
        HOST: undefined,
        HUTONG_PUBLIC_URL: undefined,
        // More reports than the public intake takes from one address in a minute.
        ...(reports > INTAKE_RATE_LIMIT ? { HUTONG_INTAKE_RATE_LIMIT: String(reports) } : {}),
      },
    },
  );
}

/** Beijing's date (the line's calendar), as the console computes "today". */
const beijingDate = (at = Date.now()) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Files `n` varied reports through the public intake (every category among the first 20) so
 * that every chart of the page has something to draw, and waits until the day's figures count
 * them and have settled (triage done). Returns what was filed and what the figures show.
 */
async function fileReports(base, cookie, n) {
  if (n === 0) return { asked: 0, filed: 0, contactsToday: 0, casesToday: 0 };
  const regions = parseJson((await request(base, '/api/regions')).text)?.regions ?? [];
  const build = reportFactory({ regionCodes: regions.map((r) => r.code), seed: 13 });
  let filed = 0;
  for (let i = 0; i < n; i++) {
    const res = await request(base, '/api/reports', { method: 'POST', body: build(i) });
    if (res.status === 201) filed++;
    else throw new Error(`filing report ${i + 1}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  }
  const today = beijingDate();
  const read = async () =>
    parseJson(
      (
        await request(base, `/api/stats/summary?from=${today}&to=${today}`, {
          headers: { cookie },
        })
      ).text,
    );
  const deadline = Date.now() + 120_000;
  let last = null;
  for (;;) {
    const s = await read();
    const now = { contacts: s?.contacts?.total ?? 0, cases: s?.cases?.opened ?? 0 };
    if (now.contacts >= filed && last && now.cases === last.cases && now.cases > 0) {
      return { asked: n, filed, contactsToday: now.contacts, casesToday: now.cases };
    }
    if (Date.now() > deadline)
      throw new Error(`the figures did not count the ${filed} reports: ${JSON.stringify(now)}`);
    last = now;
    await sleep(2000);
  }
}

/** Signs in through the console's own form; the landing page loads, the service worker installs. */
async function signIn(browser, base, username, password) {
  const context = await browser.newContext(CONTEXT);
  await context.addInitScript(usableProbe, { statsPath: STATS_PATH, baselinePath: BASELINE_PATH });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const worker = await page
    .evaluate(() =>
      Promise.race([
        navigator.serviceWorker?.ready.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 15_000)),
      ]),
    )
    .catch(() => false);
  const cookies = await context.cookies(base);
  return {
    context,
    page,
    serviceWorker: worker === true,
    storageState: await context.storageState(),
    cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
  };
}

/** One fresh navigation to `path` in `page`, until usable; the page's timings. */
async function loadOnce(page, base, path) {
  await page.goto('about:blank');
  await page.goto(`${base}${path}`, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => window.__hutongUsable !== undefined, undefined, {
      timeout: 30_000,
      polling: 50,
    });
  } catch (err) {
    const missing = await page.evaluate(whatIsMissing).catch(() => null);
    throw new Error(
      `${path} was not usable within 30 s: ${JSON.stringify(missing)} (${err instanceof Error ? err.message.split('\n')[0] : err})`,
    );
  }
  return page.evaluate(collectTimings);
}

/** The same load in a new browser context with the user's cookies and storage: nothing cached. */
async function loadCold(browser, storageState, base, path) {
  const context = await browser.newContext({ ...CONTEXT, storageState });
  try {
    await context.addInitScript(usableProbe, {
      statsPath: STATS_PATH,
      baselinePath: BASELINE_PATH,
    });
    return await loadOnce(await context.newPage(), base, path);
  } finally {
    await context.close();
  }
}

/**
 * `runs` loads of the page and of the baseline after `WARMUP` unmeasured ones, one after the
 * other (the order alternating), so both see the same machine.
 */
async function measureCase({ load, runs, label }) {
  const samples = { stats: [], baseline: [] };
  for (let i = 0; i < WARMUP + runs; i++) {
    const order = i % 2 === 0 ? ['stats', 'baseline'] : ['baseline', 'stats'];
    for (const which of order) {
      const sample = await load(which === 'stats' ? STATS_PATH : BASELINE_PATH);
      if (i >= WARMUP) samples[which].push(sample);
    }
  }
  const stats = summarise(samples.stats);
  const baseline = summarise(samples.baseline);
  const out = {
    ...label,
    runs,
    stats,
    baseline,
    ratioP50: ratio(stats.usableMs.p50, baseline.usableMs.p50),
    ratioP95: ratio(stats.usableMs.p95, baseline.usableMs.p95),
    targetMet: stats.usableMs.p95 !== null && stats.usableMs.p95 < TARGET_MS,
    charts: Math.min(...samples.stats.map((s) => s.charts)),
    loadAverage: loadAverage(),
    samples: {
      stats: samples.stats.map(breakdown),
      baseline: samples.baseline.map(breakdown),
    },
    // The requests the page made for its figures (the API phase replays them).
    statsRequests: (samples.stats[0]?.resources ?? [])
      .filter((r) => r.path.startsWith('/api/stats/'))
      .sort((a, b) => a.startTime - b.startTime)
      .map((r) => `${r.path}${r.search}`),
  };
  log(
    `  ${label.user}, ${label.cache} cache: /stats p50 ${stats.usableMs.p50} ms, p95 ${stats.usableMs.p95} ms; baseline p50 ${baseline.usableMs.p50} ms, p95 ${baseline.usableMs.p95} ms; load ${out.loadAverage[0]}`,
  );
  return out;
}

/**
 * The API's own part, from Node: the page's stats requests in its order, and GET /api/auth/me
 * (the smallest signed-in request) as their baseline, `runs` times after `WARMUP`.
 */
async function measureApi({ base, cookie, paths, runs }) {
  const times = new Map([...paths, '/api/auth/me'].map((p) => [p, []]));
  const sequence = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    let total = 0;
    for (const path of times.keys()) {
      const started = performance.now();
      const res = await request(base, path, { headers: { cookie } });
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${res.text}`);
      if (i < WARMUP) continue;
      times.get(path).push(ms);
      if (path !== '/api/auth/me') total += ms;
    }
    if (i >= WARMUP) sequence.push(total);
  }
  const me = percentiles(times.get('/api/auth/me'));
  return {
    requests: paths.map((p) => ({ path: p, ...percentiles(times.get(p)) })),
    pageSequenceMs: percentiles(sequence),
    baseline: { path: '/api/auth/me', ...me },
    summaryRatioP50: ratio(percentiles(times.get(paths[0]) ?? []).p50, me.p50),
  };
}

/**
 * Chrome's trace categories for `--stats-page-profile`: the DevTools timeline and V8's sampling
 * profiler (without the timeline's stacks and the high-resolution sampling, which would slow the
 * traced load down more).
 */
const TRACE_CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'toplevel',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
];

/** The console build the server serves (its source maps name the code a profile sampled). */
const consoleDir = () => process.env.HUTONG_CONSOLE_DIR ?? join(root, 'console', 'dist');

/**
 * Names sampled code by the console build's source maps: the npm package, or the console's
 * (or shared's) source folder; the built file where there is no map.
 */
function sourceMaps(dir) {
  const maps = new Map();
  const entry = (url, line, column) => {
    const path = new URL(url).pathname;
    if (!maps.has(path)) {
      let map = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(join(dir, `${path}.map`), 'utf8')));
      } catch {
        // No map (another origin, or a build without them).
      }
      maps.set(path, map);
    }
    return maps.get(path)?.findEntry(line, column) ?? {};
  };
  const builtFile = (url) => new URL(url).pathname.split('/').pop();
  return {
    locate(url, line, column) {
      const source = entry(url, line, column).originalSource;
      if (!source) return builtFile(url);
      const nm = source.lastIndexOf('node_modules/');
      if (nm >= 0) {
        const [scope, name, folder] = source.slice(nm + 'node_modules/'.length).split('/');
        // antd by component (antd/es/<component>/…): which of its components cost the time.
        if (scope === 'antd' && folder) return `antd/${folder.replace(/\.js$/, '')}`;
        return scope.startsWith('@') ? `${scope}/${name}` : scope;
      }
      const ours = /(?:^|\/)(shared|console)?\/?src\/(.*)$/.exec(source);
      if (!ours) return source;
      const parts = ours[2].split('/');
      return `${ours[1] ?? 'console'}/src/${parts.slice(0, parts[0] === 'features' ? 2 : 1).join('/')}`;
    },
    where(url, line, column) {
      const e = entry(url, line, column);
      if (!e.originalSource) return `${builtFile(url)}:${line + 1}:${column + 1}`;
      const source = e.originalSource.replace(/^(?:\.\.\/)+/, '');
      return `${e.name ? `(${e.name}) ` : ''}${source}:${e.originalLine + 1}`;
    },
  };
}

/**
 * One more load of the statistics page with Chrome tracing on (not among the figures: tracing
 * slows it): the trace is written to `file` (open it in DevTools' Performance panel) and the
 * renderer's main thread until usable is summed up by kind of work and by script.
 */
async function tracedLoad(browser, load, file) {
  await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
  let sample;
  try {
    sample = await load(STATS_PATH);
  } finally {
    const buffer = await browser.stopTracing();
    writeFileSync(file, buffer);
  }
  const trace = JSON.parse(readFileSync(file, 'utf8'));
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  return {
    usableMs: round(sample.usableMs, 1),
    ...traceActivity(events),
    sampled: profileSamples(events, { top: 20, ...sourceMaps(consoleDir()) }),
  };
}

const pair = (p) => (p?.p50 === null || p?.p50 === undefined ? '—' : `${p.p50} / ${p.p95} ms`);

function printResult(r) {
  console.log(
    `\nThe statistics page on PGlite with the demo data${r.reports.filed ? ` and ${r.reports.filed} reports filed` : ''} — ${r.machine.cpus} CPUs, Chromium ${r.browser.version}, ${r.runs} loads per figure after ${r.warmup} unmeasured, load average ${r.machine.loadAverageAtStart.join(' ')} → ${r.machine.loadAverageAtEnd.join(' ')}\n`,
  );
  const rows = [
    [
      'user, cache',
      '/stats usable p50 / p95',
      `${BASELINE_PATH} p50 / p95`,
      'ratio p50 / p95',
      `p95 < ${TARGET_MS} ms`,
    ],
  ];
  for (const c of r.cases) {
    rows.push([
      `${c.user}, ${c.cache}`,
      pair(c.stats.usableMs),
      pair(c.baseline.usableMs),
      `${c.ratioP50 ?? '—'} / ${c.ratioP95 ?? '—'}`,
      c.targetMet ? 'met' : 'NOT MET',
    ]);
  }
  console.log(table(rows));
  console.log('\n  Where the time went, p50 / p95 (ms from the start of the navigation):');
  const parts = [
    [
      'user, cache',
      'document',
      'figures asked',
      'figures received',
      'chart code received',
      'drawn after',
      'summary server',
    ],
  ];
  for (const c of r.cases) {
    parts.push([
      `${c.user}, ${c.cache}`,
      pair(c.stats.documentMs),
      pair(c.stats.dataRequestedMs),
      pair(c.stats.dataReceivedMs),
      pair(c.stats.chartCodeMs),
      pair(c.stats.renderMs),
      pair(c.stats.serverMs['/api/stats/summary']),
    ]);
  }
  console.log(table(parts));
  console.log(`\n  The API alone, from Node (${r.runs} rounds, p50 / p95):`);
  const api = [
    ['user', "the page's requests in a row", 'each', 'GET /api/auth/me', 'summary ÷ me p50'],
  ];
  for (const a of r.api) {
    api.push([
      a.user,
      pair(a.pageSequenceMs),
      a.requests.map((q) => `${q.path.replace('/api/stats/', '')} ${pair(q)}`).join(', '),
      pair(a.baseline),
      a.summaryRatioP50 ?? '—',
    ]);
  }
  console.log(table(api));
  for (const p of r.profile ?? []) {
    console.log(
      `\n  Traced load, ${p.user}, ${p.cache} cache: usable at ${p.usableMs} ms (slowed by tracing), main thread busy ${p.busyMs} ms before — ${p.trace}`,
    );
    console.log(`    by kind: ${p.byKind.map((k) => `${k.name} ${k.ms} ms`).join(', ')}`);
    for (const a of p.byActivity.slice(0, 8))
      console.log(`    ${String(a.ms).padStart(7)} ms  ${a.name}`);
    console.log(`    sampled by V8 (${p.sampled.sampledMs} ms), by code:`);
    for (const a of p.sampled.byOwner.slice(0, 10))
      console.log(`    ${String(a.ms).padStart(7)} ms  ${a.name}`);
    console.log('    by function:');
    for (const a of p.sampled.byFunction.slice(0, 10))
      console.log(`    ${String(a.ms).padStart(7)} ms  ${a.name}`);
  }
  console.log('');
}

export async function mainStatsPage(opts) {
  installSignalHandlers();
  const runs = opts.statsPageRuns ?? (opts.quick ? 3 : 10);
  const result = {
    version: 1,
    kind: 'stats-page',
    startedAt: new Date().toISOString(),
    server:
      'node backend/dist/main.js as npm start runs it: PGlite, a private redis-server, demo data',
    // HUTONG_CONSOLE_DIR (passed on) serves another build, e.g. the console before a change.
    consoleDir: process.env.HUTONG_CONSOLE_DIR ?? 'console/dist',
    pages: { stats: STATS_PATH, baseline: BASELINE_PATH },
    usable:
      'the six headline figures shown, every chart canvas non-blank, no loading spinner (checked on every animation frame)',
    targetMs: TARGET_MS,
    runs,
    warmup: WARMUP,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model?.trim() ?? null,
      node: process.version,
      loadAverageAtStart: loadAverage(),
    },
    cases: [],
    api: [],
  };
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const profileDir = join('bench-results', 'profiles', `stats-page-${stamp}`);
  if (opts.statsPageProfile) {
    mkdirSync(join(root, profileDir), { recursive: true });
    result.profile = [];
  }
  /** With --stats-page-profile: one traced load of the case, after its measured ones. */
  const profile = async (browser, user, cache, load) => {
    if (!opts.statsPageProfile) return;
    const trace = join(profileDir, `${user}-${cache}.json`);
    log(`  one traced load (${user}, ${cache} cache) → ${trace}`);
    result.profile.push({
      user,
      cache,
      trace,
      ...(await tracedLoad(browser, load, join(root, trace))),
    });
  };
  try {
    const dataDir = tempDir('stats-page');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const password = randomBytes(12).toString('base64url');
    log(`starting Hutong as npm start does (PGlite, private redis-server, demo data) on ${base}`);
    const server = startHutong({ dataDir, port, password, reports: opts.statsPageReports });
    await waitReady(base, server, 300_000);
    result.serverPid = server.pid;

    const supervisorCookie = await login(base, 'supervisor', password);
    log(`filing ${opts.statsPageReports} reports through the public intake`);
    result.reports = await fileReports(base, supervisorCookie, opts.statsPageReports);

    const found = resolveBrowser();
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: found.path,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    onCleanup('chromium', () => browser.close());
    result.browser = { path: found.path, source: found.source, version: browser.version() };

    for (const { username, scope } of USERS) {
      log(`${username} (${scope}) signs in`);
      const session = await signIn(browser, base, username, password);
      const label = (cache) => ({ user: username, scope, cache });
      log(`  ${runs} loads of ${STATS_PATH} and ${BASELINE_PATH} after ${WARMUP}, warm cache`);
      const warmLoad = (path) => loadOnce(session.page, base, path);
      const coldLoad = (path) => loadCold(browser, session.storageState, base, path);
      const warm = await measureCase({ label: label('warm'), runs, load: warmLoad });
      warm.serviceWorker = session.serviceWorker;
      result.cases.push(warm);
      log(`  the same in a new browser context each time (cold cache)`);
      await profile(browser, username, 'warm', warmLoad);
      result.cases.push(await measureCase({ label: label('cold'), runs, load: coldLoad }));
      await profile(browser, username, 'cold', coldLoad);
      await session.context.close();
      log(`  the API alone: ${warm.statsRequests.length} stats requests, ${runs} rounds`);
      result.api.push({
        user: username,
        ...(await measureApi({ base, cookie: session.cookie, paths: warm.statsRequests, runs })),
      });
    }
    if (server.exited) throw new Error(`the server exited during the run:\n${server.tail()}`);
    result.serverWarnings = server
      .tail()
      .split('\n')
      .filter((l) => l.includes('"level":40') || l.includes('"level":50')).length;
  } catch (err) {
    await cleanup();
    throw err;
  }
  await cleanup();
  result.machine.loadAverageAtEnd = loadAverage();
  result.durationS = round((Date.now() - Date.parse(result.startedAt)) / 1000, 1);

  printResult(result);
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `stats-page-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Wrote bench-results/stats-page-${stamp}.json (${result.durationS}s).`);
}
