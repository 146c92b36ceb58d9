// `npm run bench`: measures the real server process as users would load it, each figure beside
// a baseline measured on the same machine in the same run. See docs/PERFORMANCE.md.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { root } from '../scripts/lib.mjs';
import { closeSockets, connectSockets, eventsReceived, measureDelivery } from './lib/delivery.mjs';
import {
  cleanup,
  freePort,
  installSignalHandlers,
  onCleanup,
  cpuMs,
  machineCpuMs,
  rssMb,
  sleep,
  startProcess,
  startRedis,
  tempDir,
  withTimeout,
} from './lib/processes.mjs';
import { reportFactory } from './lib/reports.mjs';
import { keepAliveAgent, parseJson, request, round, summary, table } from './lib/stats.mjs';
import { measureWebhooks } from './lib/webhooks.mjs';
import { summariseProfiles } from './profile-summary.mjs';

const HELP = `npm run bench [-- options]
  --quick                short run (under a minute): K=50 sockets, R=100/s, a few seconds a phase
  --database-url=URL     run on a PostgreSQL server (or set DATABASE_URL); fresh databases are
                         created on it for the run and dropped afterwards
  --connections=C        concurrent intake clients (default 16)
  --sockets=K            operator sockets for time to console (default 200; quick 50)
  --rate=R               reports per second for time to console (default 200; quick 100)
  --webhook-rate=W       Twilio webhooks per second (default 100)
  --rss-sockets=N        operator sockets held open for the memory figure (default 1000)
  --seconds=S            seconds per measured phase (default 20; quick 3)
  --split                the API (--role api) and the workers (--role worker) as two processes,
                         as production runs them (PostgreSQL server only: PGlite is one process)
  --intake-only          only the intake phase, on a server started with HUTONG_ROLE=api (no
                         triage workers): the API's own cost, without the background work
  --profile              run the server under node --cpu-prof and print where its time went
  --no-build             benchmark the existing dist without rebuilding
  --stats                only the statistics at provincial scale (PostgreSQL server only):
                         seed a fresh database, then time GET /api/stats/summary (bench/stats.mjs)
  --stats-size=N         reports the statistics generator seeds (default 1000000)
  --stats-runs=N         measured requests per figure (default 20)
  --stats-keep           keep the seeded database afterwards (for EXPLAIN); prints its URL
  --stats-reuse=NAME     measure a database an earlier --stats-keep run seeded (migrated first)
  --stats-baseline=DIR   also time another build (DIR/backend/dist/main.js, e.g. the commit
                         before a change) on the same database, request by request beside ours
  --stats-page           only the statistics page's load in a real Chromium (PGlite, demo data, as
                         npm start runs it): supervisor and analyst, warm and cold cache, beside
                         /account/password and GET /api/auth/me (bench/stats-page.mjs)
  --stats-page-runs=N    measured loads per figure (default 10; quick 3), after 2 unmeasured
  --stats-page-reports=N reports filed through the public intake first, so every chart has
                         something to draw (default 20; 0: the demo data alone)
  --stats-page-profile   one more load per user and cache traced by Chrome: the trace is kept in
                         bench-results/profiles/ and the main thread's work summed up by script
  --help`;

function parseArgs(argv) {
  const flags = new Map();
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`Unknown argument ${arg}\n\n${HELP}`);
    flags.set(m[1], m[2] ?? true);
  }
  const known = [
    'quick',
    'database-url',
    'connections',
    'sockets',
    'rate',
    'webhook-rate',
    'rss-sockets',
    'seconds',
    'profile',
    'intake-only',
    'split',
    'stats',
    'stats-size',
    'stats-runs',
    'stats-keep',
    'stats-reuse',
    'stats-baseline',
    'stats-page',
    'stats-page-runs',
    'stats-page-reports',
    'stats-page-profile',
    'help',
  ];
  for (const k of flags.keys())
    if (!known.includes(k)) throw new Error(`Unknown option --${k}\n\n${HELP}`);
  const quick = flags.has('quick');
  const num = (name, fallback) => {
    if (!flags.has(name)) return fallback;
    const n = Number(flags.get(name));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const seconds = num('seconds', quick ? 3 : 20);
  const databaseUrl = flags.get('database-url') || process.env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error('--database-url must be a postgres:// URL');
  if (flags.has('split') && !databaseUrl)
    throw new Error('--split needs a PostgreSQL server (--database-url): PGlite is one process');
  const reports = flags.has('stats-page-reports') ? Number(flags.get('stats-page-reports')) : 20;
  if (!Number.isInteger(reports) || reports < 0)
    throw new Error('--stats-page-reports must be a whole number, 0 or more');
  return {
    help: flags.has('help'),
    quick,
    databaseUrl,
    connections: Math.round(num('connections', 16)),
    sockets: Math.round(num('sockets', quick ? 50 : 200)),
    rate: num('rate', quick ? 100 : 200),
    webhookRate: num('webhook-rate', 100),
    rssSockets: Math.round(num('rss-sockets', 1000)),
    intakeMs: seconds * 1000,
    consoleMs: (quick ? seconds + 1 : seconds + 10) * 1000,
    webhookMs: seconds * 1000,
    profile: flags.has('profile'),
    intakeOnly: flags.has('intake-only'),
    split: flags.has('split'),
    stats: flags.has('stats'),
    statsSize: Math.round(num('stats-size', 1_000_000)),
    statsRuns: Math.round(num('stats-runs', 20)),
    statsKeep: flags.has('stats-keep') || flags.has('stats-reuse'),
    statsReuse:
      typeof flags.get('stats-reuse') === 'string' && /^[a-z0-9_]+$/.test(flags.get('stats-reuse'))
        ? flags.get('stats-reuse')
        : undefined,
    statsBaseline:
      typeof flags.get('stats-baseline') === 'string' ? flags.get('stats-baseline') : undefined,
    statsPage: flags.has('stats-page'),
    statsPageRuns: flags.has('stats-page-runs')
      ? Math.round(num('stats-page-runs', 10))
      : undefined,
    statsPageReports: reports,
    statsPageProfile: flags.has('stats-page-profile'),
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? null,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((v) => round(v)),
  };
}

const t0 = Date.now();
const log = (msg) =>
  console.log(`› ${String(round((Date.now() - t0) / 1000, 1)).padStart(5)}s  ${msg}`);

/** Creates the two fresh databases on the server (app and baseline), dropped at the end. */
async function serverDatabases(adminUrl, id) {
  const { default: pg } = await import('pg');
  const names = [`hutong_bench_${id}`, `hutong_bench_${id}_base`];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of names) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  onCleanup('drop bench databases', async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      for (const name of names) await c.query(`drop database if exists ${name} with (force)`);
    } finally {
      await c.end();
    }
  });
  const urlFor = (name) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return { app: urlFor(names[0]), baseline: urlFor(names[1]) };
}

/** Deletes the run's keys from a Redis we did not start ourselves. */
function cleanRedisPrefix(url, prefix) {
  onCleanup('delete bench keys from REDIS_URL', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
    await redis.connect();
    try {
      for (const pattern of [`${prefix}:*`, `${prefix}-bull:*`]) {
        let cursor = '0';
        let rounds = 0;
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0' && ++rounds < 10_000);
      }
    } finally {
      redis.disconnect();
    }
  });
}

async function runBaselineDb({ url, dataDir, connections, durationMs }) {
  const proc = startProcess(
    'baseline-db',
    process.execPath,
    [
      join(root, 'bench/baseline-db.mjs'),
      JSON.stringify({ url, dataDir, connections, durationMs }),
    ],
    { cwd: root },
  );
  const result = await withTimeout(proc.exit, durationMs + 120_000, 'the database baseline');
  const line = proc
    .tail()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  const parsed = line ? parseJson(line) : undefined;
  if (result.code !== 0 || !parsed)
    throw new Error(`the database baseline failed:\n${proc.tail()}`);
  return parsed;
}

/**
 * Where the time to console went, from the server's own timestamps (PostgreSQL server only: the
 * benchmark cannot open a PGlite database the server holds). For reports received since `since`:
 * intake commit → triage job enqueued (outbox row published; when the accepting process triaged
 * the report itself, the row is marked once triage has committed, so this is then the later one),
 * → triage committed, → `case.created` handed to Socket.IO (its outbox row published).
 * Milliseconds, p50/p99.
 */
async function stageTimings(url, since) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pct = (expr) =>
    `round((percentile_cont(0.5) within group (order by ${expr}))::numeric, 1)::float8 as p50,
     round((percentile_cont(0.99) within group (order by ${expr}))::numeric, 1)::float8 as p99`;
  const ms = (a, b) => `extract(epoch from (${a} - ${b})) * 1000`;
  try {
    const one = async (query) => (await client.query(query, [since])).rows[0];
    const enqueued = await one(
      `select count(*)::int as n, ${pct(ms('o.published_at', 'r.received_at'))}
         from reports r join outbox o on o.topic = 'job' and o.payload->>'jobId' = 'triage-' || r.id
        where r.received_at >= $1 and o.published_at is not null`,
    );
    const triaged = await one(
      `select count(*)::int as n, ${pct(ms('r.triaged_at', 'r.received_at'))}
         from reports r where r.received_at >= $1 and r.triaged_at is not null`,
    );
    const broadcast = await one(
      `select count(*)::int as n, ${pct(ms('o.published_at', 'r.triaged_at'))}
         from reports r
         join case_events e on e.type = 'case_opened' and e.data->>'reportId' = r.id::text
         join outbox o on o.topic = 'realtime' and (o.payload->>'eventId')::bigint = e.id
        where r.received_at >= $1 and o.published_at is not null`,
    );
    return {
      note: 'received = intake commit (Node clock); relay/broadcast times are when the row was marked published',
      receivedToTriageEnqueuedMs: enqueued,
      receivedToTriagedMs: triaged,
      triagedToBroadcastMs: broadcast,
    };
  } finally {
    await client.end();
  }
}

/**
 * CPU time used between two marks by Hutong's processes, the private redis-server and (on a
 * PostgreSQL server) the backends connected to the app database: robust where wall-clock rates
 * are not on a shared machine, since other people's load slows us without using our CPU time.
 */
function cpuMeter({ pids, redisPid, databaseUrl }) {
  const sum = (values) => values.reduce((a, b) => a + (b ?? 0), 0);
  const backends = async () => {
    if (!databaseUrl) return new Map();
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
    } finally {
      await client.end();
    }
  };
  const mark = async () => ({
    at: performance.now(),
    hutong: sum(pids.map(cpuMs)),
    redis: redisPid ? cpuMs(redisPid) : null,
    postgres: await backends().catch(() => new Map()),
    // The benchmark's own process: the clients, sockets and timers of the load it generates.
    loadGenerator: process.cpuUsage(),
    machine: machineCpuMs(),
  });
  return {
    mark,
    /** CPU ms since `start` (PostgreSQL: backends that closed in between are not counted). */
    async since(start) {
      const end = await mark();
      let postgres = 0;
      for (const [pid, ms] of end.postgres) postgres += (ms ?? 0) - (start.postgres.get(pid) ?? 0);
      return {
        wallMs: round(end.at - start.at),
        hutongMs: end.hutong - start.hutong,
        redisMs: end.redis !== null && start.redis !== null ? end.redis - start.redis : null,
        postgresMs: databaseUrl ? postgres : null,
        loadGeneratorMs: round(
          (end.loadGenerator.user +
            end.loadGenerator.system -
            start.loadGenerator.user -
            start.loadGenerator.system) /
            1000,
        ),
        // Cores busy on average (every process on the machine, ours or not) and how many it has.
        machineCoresBusy:
          end.machine && start.machine
            ? round(
                ((end.machine.busyMs - start.machine.busyMs) /
                  (end.machine.totalMs - start.machine.totalMs)) *
                  os.availableParallelism(),
                2,
              )
            : null,
      };
    },
  };
}

/** The server's `/metrics` as series → value (`name{labels}` as written), or null. */
async function readMetrics(base, token) {
  const res = await request(base, '/metrics', { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return null;
  const series = new Map();
  for (const line of res.text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/**
 * Waits (bounded) until the server has nothing in hand: no outbox row unpublished and no job
 * waiting or active in the queues a report or a call feeds (the periodic sweeps aside), twice
 * in a row. Returns whether it got there.
 */
async function waitIdle(base, token, limitMs) {
  const started = Date.now();
  let quiet = 0;
  while (Date.now() - started < limitMs) {
    const metrics = await readMetrics(base, token);
    let busy = metrics ? (metrics.get('hutong_outbox_pending') ?? 0) : 1;
    for (const [series, value] of metrics ?? []) {
      if (
        series.startsWith('hutong_queue_jobs{') &&
        /queue="(intake|telephony|notify|webhooks)"/.test(series) &&
        /state="(wait|active|prioritized)"/.test(series)
      ) {
        busy += value;
      }
    }
    quiet = busy === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return true;
    await sleep(500);
  }
  return false;
}

/** Waits (bounded) until the case events since `seqBefore` number at least `count`. */
async function waitTriaged(base, cookie, seqBefore, count, limitMs) {
  const started = Date.now();
  let seq = seqBefore;
  while (seqBefore !== null && Date.now() - started < limitMs) {
    seq = await currentSeq(base, cookie);
    if (seq !== null && seq - seqBefore >= count) break;
    await sleep(250);
  }
  const triaged = seq !== null && seqBefore !== null ? seq - seqBefore : null;
  return { triaged, drainMs: Date.now() - started, drained: triaged !== null && triaged >= count };
}

/**
 * Issue 16's CPU figure for the time-to-console phase: all the CPU a report costs (Hutong's
 * process(es), its PostgreSQL backends and Redis, divided by the reports accepted) against the
 * floor measured in the same run — the raw durable write's CPU per write (the baseline-db
 * process and its backends) plus the bare Socket.IO process's CPU per event fanned out to the
 * same K sockets. Milliseconds.
 */
function cpuAgainstFloor(ttcCpu, dbCpu, bareCpu) {
  const hutong =
    ttcCpu?.reports > 0
      ? round(
          ((ttcCpu.hutongMs ?? 0) + (ttcCpu.postgresMs ?? 0) + (ttcCpu.redisMs ?? 0)) /
            ttcCpu.reports,
          3,
        )
      : null;
  const write = dbCpu?.msPerWrite ?? null;
  const fanOut = bareCpu?.msPerReport ?? null;
  const floor = write !== null && fanOut !== null ? round(write + fanOut, 3) : null;
  return {
    phase: 'timeToConsole',
    hutong,
    floor,
    ratioToFloor: hutong !== null && floor ? round(hutong / floor, 2) : null,
    floorParts: { durableWriteMs: write, fanOutMs: fanOut },
  };
}

/** Adds per-report CPU figures to a cpuMeter reading. */
function perReport(reading, reports) {
  const per = (ms) => (ms === null || !reports ? null : round(ms / reports, 2));
  return {
    ...reading,
    reports,
    hutongMsPerReport: per(reading.hutongMs),
    postgresMsPerReport: per(reading.postgresMs),
    redisMsPerReport: per(reading.redisMs),
  };
}

async function waitReady(base, server, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited) throw new Error(`the server exited during start:\n${server.tail()}`);
    const res = await request(base, '/readyz', { timeoutMs: 2000 });
    if (res.status === 200) return;
    await sleep(200);
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${server.tail()}`);
}

async function login(base, password) {
  const res = await request(base, '/api/auth/login', {
    method: 'POST',
    body: { username: 'operator', password },
  });
  const setCookie = res.headers['set-cookie'];
  if (res.status !== 200 || !setCookie)
    throw new Error(`login as operator failed: HTTP ${res.status}`);
  return setCookie.map((c) => c.split(';')[0]).join('; ');
}

async function currentSeq(base, cookie) {
  const res = await request(base, '/api/cases?limit=1', { headers: { cookie } });
  const body = parseJson(res.text);
  return res.status === 200 && typeof body?.seq === 'number' ? body.seq : null;
}

/** Intake capacity: autocannon, C connections, varied valid reports, fixed duration. */
async function intakePhase(base, { connections, durationMs, build }) {
  const bodies = Array.from({ length: 1000 }, (_, i) => JSON.stringify(build(i)));
  let next = 0;
  const latencies = [];
  const statuses = new Map();
  const instance = autocannon({
    url: base,
    connections,
    pipelining: 1,
    duration: durationMs / 1000,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/reports',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
  });
  const result = await instance;
  const ok = [...statuses].filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
  const seconds = result.duration || durationMs / 1000;
  const s = summary(latencies);
  return {
    connections,
    durationS: round(seconds),
    requests: latencies.length,
    created: ok,
    reportsPerSecond: round(ok / seconds, 1),
    p50Ms: s.p50,
    p95Ms: s.p95,
    p99Ms: s.p99,
    maxMs: s.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses: Object.fromEntries(statuses),
  };
}

const stage = (s) => (s?.n ? `${s.p50}/${s.p99} ms` : '—');
const cpuText = (c) =>
  c
    ? `${c.hutongMsPerReport ?? '—'} hutong / ${c.postgresMsPerReport ?? '—'} postgres / ${c.redisMsPerReport ?? '—'} redis`
    : '—';

/** CPU milliseconds over a reading's wall time, as cores. */
const coresOf = (cpuMs, reading) =>
  cpuMs === null || cpuMs === undefined ? '—' : round(cpuMs / reading.wallMs, 2);

function timeToConsoleRows(t, ms) {
  return [
    [
      `time to console p50/p95/p99/max`,
      `${ms(t.p50Ms)} / ${ms(t.p95Ms)} / ${ms(t.p99Ms)} / ${ms(t.maxMs)}`,
      t.baseline
        ? `${ms(t.baseline.p50Ms)} / ${ms(t.baseline.p95Ms)} / ${ms(t.baseline.p99Ms)} / ${ms(t.baseline.maxMs)} → p99 ratio ${t.p99Ratio}`
        : '—',
    ],
    ...(t.stages && !t.stages.error
      ? [
          [
            '  where it went p50/p99 (server clock)',
            `received→triage job ${stage(t.stages.receivedToTriageEnqueuedMs)}, →triaged ${stage(t.stages.receivedToTriagedMs)}`,
            `triaged→broadcast ${stage(t.stages.triagedToBroadcastMs)}`,
          ],
        ]
      : []),
    ...(t.cpu
      ? [
          [
            '  CPU ms per report (with K sockets)',
            cpuText(t.cpu),
            t.baseline?.cpu
              ? `bare Socket.IO process ${t.baseline.cpu.msPerReport} ms per event`
              : '',
          ],
        ]
      : []),
    ...(typeof t.cpu?.machineCoresBusy === 'number'
      ? [
          [
            '  cores busy meanwhile (of the machine)',
            `${t.cpu.machineCoresBusy} of ${os.availableParallelism()}: hutong ${coresOf(t.cpu.hutongMs, t.cpu)}, postgres ${coresOf(t.cpu.postgresMs, t.cpu)}, redis ${coresOf(t.cpu.redisMs, t.cpu)}`,
            `the load generator (this process) ${coresOf(t.cpu.loadGeneratorMs, t.cpu)}, anything else ${round(
              t.cpu.machineCoresBusy -
                [t.cpu.hutongMs, t.cpu.postgresMs, t.cpu.redisMs, t.cpu.loadGeneratorMs].reduce(
                  (sum, ms) => sum + (ms ?? 0) / t.cpu.wallMs,
                  0,
                ),
              2,
            )}`,
          ],
        ]
      : []),
    ...(typeof t.cpuPerReport?.hutong === 'number'
      ? [
          [
            '  CPU ms per report, all processes vs floor',
            `${t.cpuPerReport.hutong} (hutong + postgres + redis)`,
            `floor ${t.cpuPerReport.floor ?? '—'} (raw write ${t.cpuPerReport.floorParts.durableWriteMs ?? '—'} + bare fan-out ${t.cpuPerReport.floorParts.fanOutMs ?? '—'}) → ratio ${t.cpuPerReport.ratioToFloor ?? '—'}`,
          ],
        ]
      : []),
    [
      `  delivered (K=${t.sockets}, R=${t.ratePerSecond}/s)`,
      `${t.delivered} / ${t.expected}`,
      t.baseline ? `${t.baseline.delivered} / ${t.baseline.expected}` : '—',
    ],
  ];
}

function printTable(r) {
  const ms = (v) => (v === null || v === undefined ? '—' : `${v} ms`);
  const rows = [
    ['figure', 'hutong', 'baseline (same machine, same run)'],
    [
      'intake reports/s',
      `${r.intake.reportsPerSecond} (${r.intake.connections} conns)`,
      `${r.intake.baselinePerSecond} raw transactions/s → ratio ${r.intake.ratio}`,
    ],
    [
      'intake latency p50/p95/p99',
      `${ms(r.intake.p50Ms)} / ${ms(r.intake.p95Ms)} / ${ms(r.intake.p99Ms)}`,
      `${ms(r.intake.baseline.latencyMs.p50)} / ${ms(r.intake.baseline.latencyMs.p95)} / ${ms(r.intake.baseline.latencyMs.p99)}`,
    ],
    ...(r.intake.cpu
      ? [
          [
            '  CPU ms per report (intake + triage)',
            cpuText(r.intake.cpu),
            [
              r.intake.triage ? `triage ${r.intake.triage.perSecond} reports/s` : '',
              r.intake.baseline.cpu ? `raw write ${r.intake.baseline.cpu.msPerWrite} ms CPU` : '',
            ]
              .filter(Boolean)
              .join('; '),
          ],
        ]
      : []),
    [
      'intake non-2xx / errors',
      `${r.intake.non2xx} / ${r.intake.errors}`,
      `— / ${r.intake.baseline.errors}`,
    ],
    ...(r.timeToConsole ? timeToConsoleRows(r.timeToConsole, ms) : []),
    [
      'webhooks p50/p99',
      r.webhooks
        ? `${ms(r.webhooks.p50Ms)} / ${ms(r.webhooks.p99Ms)} (${r.webhooks.twimlValid ? 'TwiML valid' : `${r.webhooks.failed} not 2xx ${JSON.stringify(r.webhooks.failedStatuses)}, ${r.webhooks.invalidTwiml} TwiML invalid`})`
        : 'not measured',
      r.webhooks
        ? `${r.webhooks.requests} requests at ${r.webhooks.ratePerSecond}/s`
        : (r.notes.webhooks ?? ''),
    ],
    [
      'server RSS idle / K sockets / peak / after',
      `${r.memory.idleMb} / ${r.memory.withSocketsMb ?? '—'} / ${r.memory.loadedMb} / ${r.memory.afterMb} MB`,
      '',
    ],
    ...(r.memory.withManySocketsMb !== undefined
      ? [
          [
            `server RSS with ${r.memory.rssSockets} operator sockets`,
            r.memory.withManySocketsMb === null
              ? `not measured (${r.notes.rssSockets ?? ''})`
              : `${r.memory.withManySocketsMb} MB (${r.memory.beforeManySocketsMb ?? '—'} MB just before${r.memory.drainedBeforeManySockets === false ? '; work still in hand' : ''}${r.memory.withManySocketsByProcessMb ? `; API ${r.memory.withManySocketsByProcessMb[0]} + worker ${r.memory.withManySocketsByProcessMb[1]} MB` : ''})`,
            'target ≤ 300 MB with 1,000',
          ],
          ...(r.memory.withManySocketsHeap
            ? [
                [
                  '  of which V8 heap used / total, external',
                  `${r.memory.withManySocketsHeap.heapUsedMb} / ${r.memory.withManySocketsHeap.heapTotalMb} MB, ${r.memory.withManySocketsHeap.externalMb} MB (API process)`,
                  r.memory.beforeManySocketsHeap
                    ? `just before: ${r.memory.beforeManySocketsHeap.heapUsedMb} / ${r.memory.beforeManySocketsHeap.heapTotalMb} MB, ${r.memory.beforeManySocketsHeap.externalMb} MB`
                    : '',
                ],
              ]
            : []),
          ...(r.memory.eventsToManySockets
            ? [
                [
                  '  events sent to them while connected',
                  Object.entries(r.memory.eventsToManySockets)
                    .map(([name, n]) => `${name} ${n}`)
                    .join(', ') || 'none',
                  'all sockets together',
                ],
              ]
            : []),
        ]
      : []),
  ];
  console.log(
    `\nHutong benchmark — ${r.database}, ${r.serverRole}, ${r.machine.cpus} CPUs, node ${r.machine.node}${r.quick ? ' (quick)' : ''}, load average ${r.machine.loadAverageAtStart.join(' ')} → ${r.machine.loadAverageAtEnd.join(' ')}\n`,
  );
  console.log(table(rows));
  if (r.serverWarnings > 0) {
    console.log(`\n  server warnings and errors logged: ${r.serverWarnings}`);
    for (const [msg, n] of Object.entries(r.serverWarningMessages ?? {})) {
      console.log(`    ${n} × ${msg}`);
    }
  }
  console.log('');
}

export async function main(argv) {
  const opts = parseArgs(argv);
  if (opts.help) {
    console.log(HELP);
    return;
  }
  if (opts.statsPage) {
    const { mainStatsPage } = await import('./stats-page.mjs');
    await mainStatsPage(opts);
    return;
  }
  if (opts.stats) {
    const { mainStats } = await import('./stats.mjs');
    await mainStats(opts);
    return;
  }
  installSignalHandlers();
  const started = Date.now();
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const result = {
    version: 1,
    startedAt: new Date(started).toISOString(),
    quick: opts.quick,
    database: opts.databaseUrl ? 'server' : 'pglite',
    serverRole: opts.intakeOnly ? 'api' : opts.split ? 'api+worker' : 'all',
    machine: machine(),
    options: {
      connections: opts.connections,
      sockets: opts.sockets,
      rate: opts.rate,
      webhookRate: opts.webhookRate,
      rssSockets: opts.rssSockets,
      intakeSeconds: opts.intakeMs / 1000,
      timeToConsoleSeconds: opts.consoleMs / 1000,
      webhookSeconds: opts.webhookMs / 1000,
    },
    notes: {},
  };
  try {
    // Databases: a fresh one for the server and another for the baseline, of the same kind.
    let appDb;
    let baselineDb;
    if (opts.databaseUrl) {
      log('creating fresh databases on the PostgreSQL server');
      const urls = await serverDatabases(opts.databaseUrl, id);
      appDb = { url: urls.app };
      baselineDb = { url: urls.baseline };
    } else {
      appDb = {};
      baselineDb = { dataDir: join(tempDir('baseline'), 'pg') };
    }

    log(
      `database baseline: ${opts.connections} concurrent transactions for ${opts.intakeMs / 1000}s`,
    );
    const baseline = await runBaselineDb({
      ...baselineDb,
      connections: opts.connections,
      durationMs: opts.intakeMs,
    });

    // Redis: the user's (with a unique prefix, cleaned afterwards) or a private one.
    const prefix = `bench-${id}`;
    let redisUrl = process.env.REDIS_URL;
    let redisProc = null;
    if (redisUrl) cleanRedisPrefix(redisUrl, prefix);
    else ({ url: redisUrl, proc: redisProc } = await startRedis());

    const dataDir = tempDir('server');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const password = randomBytes(12).toString('base64url');
    const twilioToken = randomBytes(16).toString('hex');
    const metricsToken = randomBytes(16).toString('hex');
    const profileDir = join(root, 'bench-results', 'profiles', id);
    const nodeArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const serverEnv = (role) => ({
      NODE_ENV: 'production',
      HUTONG_MODE: 'demo',
      HUTONG_ROLE: role,
      PORT: String(role === 'worker' ? 0 : port),
      HOST: '127.0.0.1',
      HUTONG_DATA_DIR: dataDir,
      REDIS_URL: redisUrl,
      HUTONG_REDIS_PREFIX: prefix,
      HUTONG_INTAKE_RATE_LIMIT: '1000000000',
      HUTONG_DEMO_PASSWORD: password,
      HUTONG_PUBLIC_URL: base,
      TWILIO_AUTH_TOKEN: twilioToken,
      HUTONG_METRICS_TOKEN: metricsToken,
      LOG_LEVEL: 'warn',
      // Tuning runs: the triage worker's concurrency (jobs held, hence the largest batch).
      ...(process.env.HUTONG_TRIAGE_CONCURRENCY
        ? { HUTONG_TRIAGE_CONCURRENCY: process.env.HUTONG_TRIAGE_CONCURRENCY }
        : {}),
      ...(appDb.url ? { DATABASE_URL: appDb.url } : {}),
    });
    const apiRole = opts.intakeOnly || opts.split ? 'api' : 'all';
    log(
      `starting the server on ${base} (${result.database}${opts.split ? ', --role api and --role worker as two processes' : ''})`,
    );
    const server = startProcess(
      opts.split ? 'hutong api' : 'hutong server',
      process.execPath,
      [...nodeArgs, join(root, 'backend/dist/main.js')],
      { cwd: root, env: serverEnv(apiRole) },
    );
    await waitReady(base, server);
    /** Every Hutong process: the API (or the only one), then the worker when split. */
    const servers = [server];
    if (opts.split) {
      const worker = startProcess(
        'hutong worker',
        process.execPath,
        [...nodeArgs, join(root, 'backend/dist/main.js')],
        { cwd: root, env: serverEnv('worker') },
      );
      servers.push(worker);
      // A worker has no HTTP server: it is up once it has logged nothing fatal for a moment.
      await sleep(2000);
      if (worker.exited) throw new Error(`the worker exited during start:\n${worker.tail()}`);
    }
    const serverPids = servers.map((p) => p.pid);
    const rss = () => {
      const values = serverPids.map((pid) => rssMb(pid));
      return values.some((v) => v === null)
        ? null
        : round(
            values.reduce((a, b) => a + b, 0),
            1,
          );
    };
    /** What the API process's RSS is made of (its own `/metrics`): V8's heap and the rest. */
    const heap = async () => {
      const metrics = await readMetrics(base, metricsToken);
      if (!metrics) return null;
      const mb = (name) => {
        const bytes = metrics.get(`hutong_${name}`);
        return bytes === undefined ? null : round(bytes / 2 ** 20, 1);
      };
      return {
        heapUsedMb: mb('nodejs_heap_size_used_bytes'),
        heapTotalMb: mb('nodejs_heap_size_total_bytes'),
        externalMb: mb('nodejs_external_memory_bytes'),
      };
    };
    result.serverPid = server.pid;
    if (opts.split) result.workerPid = servers[1].pid;
    const cpu = cpuMeter({ pids: serverPids, redisPid: redisProc?.pid, databaseUrl: appDb.url });

    const regionsRes = await request(base, '/api/regions');
    const regionCodes = (parseJson(regionsRes.text)?.regions ?? []).map((r) => r.code);
    await sleep(opts.quick ? 500 : 2000);
    const memory = { idleMb: rss() };
    let peak = memory.idleMb ?? 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss() ?? 0);
    }, 250);
    onCleanup('memory sampler', () => clearInterval(sampler));

    const cookie = await login(base, password);
    const seqBefore = await currentSeq(base, cookie);

    // 1. Intake capacity.
    log(`intake: ${opts.connections} connections POSTing reports for ${opts.intakeMs / 1000}s`);
    const intakeMark = await cpu.mark();
    const intake = await intakePhase(base, {
      connections: opts.connections,
      durationMs: opts.intakeMs,
      build: reportFactory({ regionCodes, seed: 2 }),
    });
    memory.afterIntakeMb = rss();
    result.intake = {
      ...intake,
      baselinePerSecond: baseline.perSecond,
      ratio: baseline.perSecond ? round(intake.reportsPerSecond / baseline.perSecond, 3) : null,
      baseline,
    };

    if (!opts.intakeOnly) {
      // Triage works through the intake backlog before time to console is measured.
      const { triaged, drainMs, drained } = await waitTriaged(
        base,
        cookie,
        seqBefore,
        intake.created,
        opts.quick ? 20_000 : 180_000,
      );
      result.intake.triage = {
        triaged,
        backlogDrainMs: drainMs,
        drained,
        // Reports triaged per second over the intake phase plus its drain.
        perSecond: triaged ? round(triaged / ((opts.intakeMs + drainMs) / 1000), 1) : null,
      };
      // CPU per report, end to end (intake, relay, triage, no sockets yet), by process.
      result.intake.cpu = perReport(await cpu.since(intakeMark), intake.created);
      log(`triage: ${triaged} case events in ${round(drainMs / 1000, 1)}s after intake ended`);

      // 2. Time to console.
      log(`time to console: connecting ${opts.sockets} operator sockets`);
      const sockets = await connectSockets({ base, count: opts.sockets, cookie });
      onCleanup('operator sockets', () => closeSockets(sockets));
      await sleep(opts.quick ? 500 : 2000);
      memory.withSocketsMb = rss();
      const agent = keepAliveAgent(128);
      const unique = reportFactory({ regionCodes, seed: 3, unique: true });
      log(`time to console: ${opts.rate} reports/s for ${opts.consoleMs / 1000}s`);
      const ttcStartedAt = new Date();
      const ttcSeqBefore = await currentSeq(base, cookie);
      const ttcMark = await cpu.mark();
      const ttc = await measureDelivery({
        sockets,
        rate: opts.rate,
        durationMs: opts.consoleMs,
        drainMs: opts.quick ? 3000 : 20_000,
        send: async (i) => {
          const res = await request(base, '/api/reports', {
            method: 'POST',
            body: unique(i),
            agent,
          });
          return { status: res.status, reference: parseJson(res.text)?.reference };
        },
      });
      ttc.cpu = perReport(await cpu.since(ttcMark), ttc.accepted);
      closeSockets(sockets);
      agent.destroy();
      if (appDb.url) {
        ttc.stages = await stageTimings(appDb.url, ttcStartedAt).catch((err) => ({
          error: String(err?.message ?? err),
        }));
      }

      // Baseline: a bare Socket.IO broadcast of a payload of the same size, measured the same way.
      let ttcBaseline = null;
      if (ttc.samplePayload) {
        const bPort = await freePort();
        const bBase = `http://127.0.0.1:${bPort}`;
        const bare = startProcess(
          'baseline broadcast',
          process.execPath,
          [join(root, 'bench/baseline-broadcast.mjs'), String(bPort)],
          { cwd: root },
        );
        const deadline = Date.now() + 20_000;
        while (!bare.tail().includes('ready') && Date.now() < deadline && !bare.exited)
          await sleep(50);
        if (!bare.tail().includes('ready'))
          throw new Error(`the broadcast baseline did not start:\n${bare.tail()}`);
        log(`time to console baseline: bare Socket.IO, ${opts.sockets} sockets, ${opts.rate}/s`);
        const bareSockets = await connectSockets({ base: bBase, count: opts.sockets });
        onCleanup('baseline sockets', () => closeSockets(bareSockets));
        const bAgent = keepAliveAgent(128);
        const template = JSON.stringify(ttc.samplePayload);
        const bareCpuStart = cpuMs(bare.pid);
        ttcBaseline = await measureDelivery({
          sockets: bareSockets,
          rate: opts.rate,
          durationMs: opts.consoleMs,
          drainMs: opts.quick ? 3000 : 20_000,
          send: async (i) => {
            const payload = JSON.parse(template);
            payload.case.reference = `HT-BASE-${String(i).padStart(6, '0')}`;
            const res = await request(bBase, '/emit', {
              method: 'POST',
              body: payload,
              agent: bAgent,
            });
            return { status: res.status, reference: parseJson(res.text)?.reference };
          },
        });
        const bareCpu = cpuMs(bare.pid) - bareCpuStart;
        ttcBaseline.cpu = {
          processMs: bareCpu,
          msPerReport: ttcBaseline.accepted ? round(bareCpu / ttcBaseline.accepted, 3) : null,
        };
        closeSockets(bareSockets);
        bAgent.destroy();
        await bare.stop();
        delete ttcBaseline.samplePayload;
      }
      delete ttc.samplePayload;
      result.timeToConsole = {
        ...ttc,
        p99Ratio: ttcBaseline?.p99Ms ? round(ttc.p99Ms / ttcBaseline.p99Ms, 2) : null,
        baseline: ttcBaseline,
      };
      result.cpuPerReport = cpuAgainstFloor(ttc.cpu, baseline.cpu, ttcBaseline?.cpu);
      result.timeToConsole.cpuPerReport = result.cpuPerReport;

      // 3. Webhooks, once the time-to-console backlog (if any) has been triaged: the webhook
      // path on its own, not the backlog.
      const ttcDrain = await waitTriaged(
        base,
        cookie,
        ttcSeqBefore,
        ttc.accepted,
        opts.quick ? 20_000 : 120_000,
      );
      result.timeToConsole.backlogDrainedBeforeWebhooks = ttcDrain.drained;
      await sleep(opts.quick ? 500 : 2000);
      log(`webhooks: signed /twilio/sms and /twilio/voice at ${opts.webhookRate}/s`);
      const webhooks = await measureWebhooks({
        base,
        publicUrl: base,
        envToken: twilioToken,
        dataDir,
        rate: opts.webhookRate,
        durationMs: opts.webhookMs,
      });
      result.webhooks = webhooks.result;
      if (webhooks.note) {
        result.notes.webhooks = webhooks.note;
        log(`webhooks skipped: ${webhooks.note}`);
      }
    } else {
      result.timeToConsole = null;
      result.webhooks = null;
      result.notes.intakeOnly = 'HUTONG_ROLE=api: no triage, so no time to console or webhooks';
    }

    // 4. Memory with many consoles open (issue 16: ≤ 300 MB with 1,000 operator sockets), once
    // the load has drained: the sockets are connected, idle, then closed (not in the peak).
    // Drained means the webhooks' work too (their reports triaged, their calls' events sent):
    // before this wait, the 1,000 sockets connected while that backlog was still being fanned
    // out to them, and the figure measured the fan-out's buffers (V8's heap 98 → 324 MB).
    clearInterval(sampler);
    if (!opts.intakeOnly) {
      memory.drainedBeforeManySockets = await waitIdle(
        base,
        metricsToken,
        opts.quick ? 20_000 : 120_000,
      );
      log(`memory: connecting ${opts.rssSockets} operator sockets`);
      memory.rssSockets = opts.rssSockets;
      // What the process holds just before they connect (after the load phases), so that what
      // the sockets themselves cost can be told apart from what the load left behind.
      memory.beforeManySocketsMb = rss();
      memory.beforeManySocketsHeap = await heap();
      try {
        const many = await connectSockets({
          base,
          count: opts.rssSockets,
          cookie,
          timeoutMs: 300_000,
          batch: 100,
          countEvents: true,
        });
        onCleanup('memory sockets', () => closeSockets(many));
        await sleep(opts.quick ? 1000 : 3000);
        memory.withManySocketsMb = rss();
        // With --split, the API process (which holds the sockets) and the worker apart.
        if (opts.split) memory.withManySocketsByProcessMb = serverPids.map((pid) => rssMb(pid));
        memory.withManySocketsHeap = await heap();
        // What was sent to them meanwhile (the figure includes its buffers): e.g. the claim
        // sweep's `case.updated` for each urgent case whose minute to be claimed ran out.
        memory.eventsToManySockets = eventsReceived(many);
        closeSockets(many);
      } catch (err) {
        // A figure missing, not a run lost: the other phases' results stand.
        memory.withManySocketsMb = null;
        result.notes.rssSockets = String(err?.message ?? err);
        log(`memory with ${opts.rssSockets} sockets not measured: ${result.notes.rssSockets}`);
      }
    }

    // 5. Memory after the run.
    await sleep(opts.quick ? 500 : 2000);
    memory.afterMb = rss();
    memory.loadedMb = round(Math.max(peak, memory.withSocketsMb ?? 0), 1);
    result.memory = memory;

    for (const proc of servers) {
      if (proc.exited) throw new Error(`the server exited during the run:\n${proc.tail()}`);
    }
    const warnings = servers
      .flatMap((proc) => proc.tail().split('\n'))
      .filter((l) => l.includes('"level":40') || l.includes('"level":50'));
    result.serverWarnings = warnings.length;
    // What they said (our own log lines carry no personal data): each distinct message, counted.
    result.serverWarningMessages = {};
    for (const line of warnings) {
      const msg = String(parseJson(line)?.msg ?? line.slice(0, 120));
      result.serverWarningMessages[msg] = (result.serverWarningMessages[msg] ?? 0) + 1;
    }
    for (const proc of servers) await proc.stop();
    if (opts.profile) result.profile = summariseProfiles(profileDir);
  } catch (err) {
    await cleanup();
    throw err;
  }
  await cleanup();
  result.machine.loadAverageAtEnd = os.loadavg().map((v) => round(v));
  result.durationS = round((Date.now() - started) / 1000, 1);

  printTable(result);
  if (result.profile) {
    console.log('Server CPU profile (self time), top entries:');
    for (const p of result.profile.byPackage.slice(0, 12))
      console.log(`  ${String(p.percent).padStart(5)} %  ${p.name}`);
    console.log('');
    for (const f of result.profile.byFunction.slice(0, 20))
      console.log(`  ${String(f.percent).padStart(5)} %  ${f.name}`);
    console.log('');
  }
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(join(dir, `${stamp}.json`), text);
  writeFileSync(join(dir, 'latest.json'), text);
  console.log(
    `Wrote bench-results/${stamp}.json and bench-results/latest.json (${result.durationS}s).`,
  );
}
