// `npm run bench -- --stats`: the statistics at provincial scale (issue 13 §5). Seeds N reports
// (default 1,000,000) with their contacts, cases, case events, calls, SMS conversations,
// referrals and a children register into a fresh database on the PostgreSQL server — set-based
// (INSERT … SELECT generate_series), then VACUUM ANALYZE, since autovacuum may be off (the
// planner needs statistics, index-only scans the visibility map) — and measures
// `GET /api/stats/summary` through the real server for a year over the whole province and for
// one county (p50/p95 over repeated runs). See docs/PERFORMANCE.md.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { root } from '../scripts/lib.mjs';
import {
  cleanup,
  freePort,
  installSignalHandlers,
  onCleanup,
  sleep,
  startProcess,
  startRedis,
  tempDir,
} from './lib/processes.mjs';
import { parseJson, request, round, summary } from './lib/stats.mjs';

const DAY_S = 86_400;
/** The seeded history: the line's last two years, so a year's figures read half of it. */
const SPAN_DAYS = 730;
/** Synthetic regions under the demo province 广东省 (440000): a province's shape. */
const CITIES = 20;
const COUNTIES_PER_CITY = 6;
const TOWNSHIPS_PER_COUNTY = 13;
const VILLAGES_PER_TOWNSHIP = 8;
const PROVINCE = '440000';
/** The county measured: one of the synthetic ones (1 of 120 + the demo's). */
const COUNTY = '447001';

/** The tables the generator fills (their secondary indexes are built after the rows). */
const SEEDED_TABLES = [
  'cases',
  'contacts',
  'reports',
  'case_events',
  'calls',
  'sms_conversations',
  'sms_messages',
  'referrals',
  'children',
  'child_visits',
];

const BENCH_DATA_KEY = createHash('sha256').update('hutong-bench-stats').digest('base64');

const t0 = Date.now();
const log = (msg) =>
  console.log(`› ${String(round((Date.now() - t0) / 1000, 1)).padStart(5)}s  ${msg}`);

/**
 * The generator: statements run in order on one connection with triggers and foreign-key
 * checks off (`session_replication_role = replica`: the rows are consistent by construction,
 * and the webhook/12345 triggers have nothing to do here). `$1` is N, `$2` the end of the span
 * (written into the text by `seed`).
 */
export function seedStatements(n) {
  const cases = Math.ceil(n * 0.9);
  const span = SPAN_DAYS * DAY_S;
  // Deterministic pseudo-random numbers in [0, 1) from a row number and a salt.
  const rnd = (expr, salt) =>
    `(('x' || substr(md5(${expr}::text || '${salt}'), 1, 8))::bit(32)::bigint / 4294967296.0)`;
  const uuid = (kind, expr) => `md5('${kind}' || ${expr})::uuid`;
  return [
    // Regions: 20 cities × 6 counties × 13 townships × 8 villages (about 14,000 places).
    `insert into regions (code, name, level, parent_code)
       select (4470 + c)::text || '00', '基准市' || c, 'city', '${PROVINCE}'
         from generate_series(0, ${CITIES - 1}) c`,
    `insert into regions (code, name, level, parent_code)
       select (4470 + c)::text || lpad(k::text, 2, '0'), '基准县' || c || '-' || k, 'county',
              (4470 + c)::text || '00'
         from generate_series(0, ${CITIES - 1}) c, generate_series(1, ${COUNTIES_PER_CITY}) k`,
    `insert into regions (code, name, level, parent_code)
       select r.code || lpad(t::text, 3, '0'), r.name || '镇' || t, 'township', r.code
         from regions r, generate_series(1, ${TOWNSHIPS_PER_COUNTY}) t
        where r.level = 'county' and r.code >= '447000' and r.code < '449000'`,
    `insert into regions (code, name, level, parent_code)
       select r.code || lpad(v::text, 3, '0'), r.name || '村' || v, 'village', r.code
         from regions r, generate_series(1, ${VILLAGES_PER_TOWNSHIP}) v
        where r.level = 'township' and r.code >= '447000' and r.code < '449000'`,
    // Every village of the province (demo ones included), numbered for picking.
    `create temporary table bench_places as
       select row_number() over (order by code) - 1 as i, code from regions
        where level = 'village' and code like '44%'`,
    `create temporary table bench_centres as
       select row_number() over (order by id) - 1 as i, id from centres`,
    // Cases: one per report for the first 90%; the other reports join an earlier case.
    `create temporary table bench_cases as
       select j,
         $2::timestamptz - make_interval(secs => ${span} * (1 - j::float8 / ${cases})) as at,
         p.code as place,
         ${rnd('j', 'status')} as s, ${rnd('j', 'prio')} as p, ${rnd('j', 'chan')} as ch
       from generate_series(1, ${cases}) j
       join bench_places p on p.i = floor(${rnd('j', 'place')} * (select count(*) from bench_places))::bigint`,
    `insert into cases (id, reference, status, priority, priority_reasons, categories,
        immediate_danger, channel, region_code, last_report_at, created_at, updated_at, claimed_at,
        first_taken_up_at, first_resolved_at)
       select ${uuid('case', 'j')}, 'HT-BC' || lpad(j::text, 8, '0'),
         case when s < 0.6 then 'resolved' when s < 0.8 then 'closed' when s < 0.9 then 'in_progress'
              when s < 0.95 then 'dispatched' else 'new' end,
         case when p < 0.05 then 'P1' when p < 0.25 then 'P2' when p < 0.7 then 'P3' else 'P4' end,
         '[]'::jsonb,
         case when p < 0.05 then array['violence_injury'] when p < 0.25 then array['bullying', 'emotional_abuse']
              when p < 0.7 then array['family_relationships'] else array['information_request'] end,
         p < 0.05,
         case when ch < 0.45 then 'voice' when ch < 0.7 then 'web' when ch < 0.85 then 'sms'
              when ch < 0.95 then 'api' else '12345' end,
         place, at, at, at, case when s < 0.95 then at + make_interval(secs => 5 + 600 * p) end,
         case when s < 0.95 then at + make_interval(secs => 5 + 600 * p) end,
         case when s < 0.8 then at + make_interval(secs => 3600 + ${rnd("('HT-BC' || lpad(j::text, 8, '0'))", 'res')} * 20 * ${DAY_S}) end
       from bench_cases`,
    `insert into contacts (id, channel, external_id, received_at)
       select ${uuid('contact', 'i')}, c.channel, 'bench-' || i, c.created_at
         from generate_series(1, $1::int) i
         join cases c on c.id = ${uuid('case', `((i - 1) % ${cases}) + 1`)}`,
    `insert into reports (id, reference, contact_id, case_id, channel, reporter, children,
        categories, immediate_danger, region_code, language, received_at, triaged_at)
       select ${uuid('report', 'i')}, 'HT-BR' || lpad(i::text, 8, '0'), ${uuid('contact', 'i')},
         c.id, c.channel, '{}'::jsonb, '[]'::jsonb, c.categories, c.immediate_danger, c.region_code,
         'zh-CN', least($2::timestamptz, c.created_at + case when i > ${cases}
           then make_interval(secs => ${rnd('i', 'later')} * 30 * ${DAY_S}) else interval '0' end),
         c.created_at + interval '2 seconds'
       from generate_series(1, $1::int) i
       join cases c on c.id = ${uuid('case', `((i - 1) % ${cases}) + 1`)}`,
    // The timeline: opened; claimed (95%); resolved; closed; re-opened (1%).
    `insert into case_events (case_id, type, data, created_at)
       select c.id, 'case_opened', '{}'::jsonb, c.created_at from cases c where c.reference like 'HT-BC%'
       union all
       select c.id, 'claimed', '{}'::jsonb, c.claimed_at from cases c
        where c.reference like 'HT-BC%' and c.claimed_at is not null
       union all
       select c.id, 'status_changed', '{"from":"in_progress","to":"resolved"}'::jsonb,
              c.first_resolved_at
         from cases c where c.reference like 'HT-BC%' and c.first_resolved_at is not null
       union all
       select c.id, 'status_changed', '{"from":"resolved","to":"closed"}'::jsonb,
              c.created_at + make_interval(secs => 21 * ${DAY_S})
         from cases c where c.reference like 'HT-BC%' and c.status = 'closed'
       union all
       select c.id, 'status_changed', '{"from":"resolved","to":"triaging"}'::jsonb,
              c.created_at + make_interval(secs => 22 * ${DAY_S})
         from cases c where c.reference like 'HT-BC%' and ${rnd('c.reference', 'reopen')} < 0.01`,
    // Calls: one per voice report (90% answered, wait 0–60 s), and 10% more abandoned in queue.
    // With its place (the report's region: the seed runs without the trigger that keeps it).
    `insert into calls (id, call_sid, status, from_encrypted, from_hash, queued_at, answered_at,
        ended_at, report_id, case_id, region_code, created_at, updated_at)
       select ${uuid('call', 'x.i')}, 'CABENCH' || x.i, case when x.answered then 'completed' else 'abandoned' end,
         'x', md5('phone' || (x.i % 50000)), x.q,
         case when x.answered then x.q + make_interval(secs => x.wait) end,
         x.q + make_interval(secs => case when x.answered then x.wait + 300 else x.wait end),
         x.report_id, x.case_id, x.region_code, x.q, x.q
       from (
         select i, r.id as report_id, r.case_id, r.region_code,
           r.received_at - interval '5 minutes' as q,
           ${rnd('i', 'ans')} < 0.9 as answered, 60 * ${rnd('i', 'wait')} * ${rnd('i', 'wait2')} as wait
         from generate_series(1, $1::int) i
         join reports r on r.id = ${uuid('report', 'i')}
         where r.channel = 'voice'
         union all
         select $1::int + i, null, null, null,
           $2::timestamptz - make_interval(secs => ${span} * ${rnd('i', 'lost')}), false,
           5 + 120 * ${rnd('i', 'lostwait')}
         from generate_series(1, ($1::int / 10)) i
       ) x`,
    // SMS: one conversation per SMS report, an inbound text and an operator's reply.
    `insert into sms_conversations (id, phone_hash, phone_encrypted, state, report_id,
        last_message_at, created_at)
       select ${uuid('sms', 'r.reference')}, md5('phone' || r.reference), 'x', '{}'::jsonb, r.id,
              r.received_at, r.received_at
         from reports r where r.reference like 'HT-BR%' and r.channel = 'sms'`,
    `insert into sms_messages (conversation_id, direction, body_encrypted, status, sent_by, created_at, updated_at)
       select s.id, 'inbound', 'x', 'received', null, s.created_at, s.created_at
         from sms_conversations s where s.phone_encrypted = 'x'
       union all
       select s.id, 'outbound', 'x', 'sent', (select id from users where username = 'operator'),
              s.created_at + make_interval(secs => 30 + 300 * ${rnd('s.id', 'reply')}),
              s.created_at
         from sms_conversations s where s.phone_encrypted = 'x'`,
    // Referrals: 30% of cases, to the demo centres; most acknowledged in time.
    `insert into referrals (id, case_id, centre_id, status, priority, ack_deadline, acknowledged_at,
        escalation_level, created_at, updated_at)
       select ${uuid('referral', 'c.reference')}, c.id, bc.id,
         case when ${rnd('c.reference', 'rs')} < 0.05 then 'declined' else 'completed' end,
         c.priority, c.created_at + interval '2 hours',
         c.created_at + make_interval(secs => 7800 * ${rnd('c.reference', 'ack')}),
         case when ${rnd('c.reference', 'ack')} > 0.92 then 1 else 0 end,
         c.created_at + interval '1 hour', c.created_at + interval '1 hour'
       from cases c
       join bench_centres bc on bc.i = floor(${rnd('c.reference', 'centre')} * (select count(*) from bench_centres))::bigint
       where c.reference like 'HT-BC%' and ${rnd('c.reference', 'ref')} < 0.3`,
    // The register: N/20 children on file, three visits each.
    `insert into children (id, identity_hash, name_hash, name, sex, region_code, region_path,
        categories, risk_level, rule_risk_level, risk_reasons, status, next_visit_due, created_at,
        updated_at, closed_at)
       select ${uuid('child', 'k')}, 'bench-' || k, 'bench-' || k, 'x',
         case when k % 2 = 0 then 'female' else 'male' end, p.code,
         array[substr(p.code, 1, 2) || '0000', substr(p.code, 1, 4) || '00', substr(p.code, 1, 6),
               substr(p.code, 1, 9), p.code],
         case when k % 3 = 0 then array['left_behind'] when k % 3 = 1 then array['in_difficulty', 'disabled']
              else array['orphan'] end,
         case when k % 10 = 0 then 'high' when k % 10 < 4 then 'medium' else 'low' end,
         'low', '[]'::jsonb, case when k % 25 = 0 then 'closed' else 'open' end,
         case when k % 25 <> 0 then $2::timestamptz + make_interval(secs => (${rnd('k', 'due')} - 0.2) * 90 * ${DAY_S}) end,
         $2::timestamptz - make_interval(secs => ${span} * ${rnd('k', 'reg')}),
         $2::timestamptz, case when k % 25 = 0 then $2::timestamptz - interval '10 days' end
       from generate_series(1, greatest(1, $1::int / 20)) k
       join bench_places p on p.i = k % (select count(*) from bench_places)`,
    `insert into child_visits (child_id, kind, visited_at, seen, checklist, created_at)
       select c.id, 'home', c.created_at + (v * (($2::timestamptz - c.created_at) / 4)), array['child'],
              '{}'::jsonb, c.created_at
         from children c, generate_series(1, 3) v where c.identity_hash like 'bench-%'`,
    // Check-in calls (回访) from the files: four per file between its registration and now,
    // 80 % answered (N/5 calls: 200,000 at 1,000,000 reports).
    `insert into calls (id, call_sid, status, from_encrypted, from_hash, direction, child_id,
        checkin_target, checkin_guardian_index, checkin_outcome, talk_seconds, created_at, updated_at)
       select ${uuid('checkin', "c.identity_hash || '/' || v")}, 'CABENCHOUT' || c.identity_hash || '/' || v,
         'completed', 'x', md5('guardian' || c.identity_hash), 'outbound', c.id, 'guardian', 0,
         case when ${rnd('c.identity_hash || v', 'out')} < 0.8 then 'answered' else 'no_answer' end,
         60, c.created_at + (v * (($2::timestamptz - c.created_at) / 5)),
         c.created_at + (v * (($2::timestamptz - c.created_at) / 5))
         from children c, generate_series(1, 4) v where c.identity_hash like 'bench-%'`,
  ];
}

async function withClient(url, run) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(adminUrl, id, keep) {
  const name = `hutong_bench_stats_${id}`;
  await withClient(adminUrl, (c) => c.query(`create database ${name}`));
  if (!keep) {
    onCleanup('drop the bench database', () =>
      withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)),
    );
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function seed(url, n, now) {
  return withClient(url, async (client) => {
    await client.query(`set session_replication_role = replica`);
    await client.query(`set work_mem = '64MB'`);
    await client.query(`set maintenance_work_mem = '256MB'`);
    const timings = [];
    // The seeded tables' secondary indexes are dropped and built again after the rows: one sort
    // per index instead of a million random inserts into each (the 1,000,000 run's bottleneck).
    // Constraint indexes (primary keys, unique constraints) stay.
    const { rows: indexes } = await client.query(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i join pg_class t on t.oid = i.indrelid
        where t.relname = any($1::text[]) and t.relnamespace = 'public'::regnamespace
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
      [SEEDED_TABLES],
    );
    for (const index of indexes) await client.query(`drop index ${index.name}`);
    log(`  dropped ${indexes.length} secondary indexes of the seeded tables for the seed`);
    for (const statement of seedStatements(n)) {
      const started = performance.now();
      // Our own two values, written in: a statement may use either, both or neither.
      const text = statement.replaceAll('$1', String(n)).replaceAll('$2', `'${now}'`);
      const res = await client.query(text);
      const ms = performance.now() - started;
      const what = /^\s*(insert into \w+|create temporary table \w+)/i.exec(statement)?.[1];
      timings.push({ what, rows: res.rowCount, ms: round(ms, 0) });
      log(`  ${what}: ${res.rowCount ?? '—'} rows in ${round(ms / 1000, 1)} s`);
    }
    {
      const started = performance.now();
      for (const index of indexes) await client.query(index.def);
      const ms = performance.now() - started;
      timings.push({ what: 'create indexes', rows: indexes.length, ms: round(ms, 0) });
      log(`  ${indexes.length} indexes built again in ${round(ms / 1000, 1)} s`);
    }
    const started = performance.now();
    await client.query('vacuum (analyze)');
    log(`  vacuum analyze: ${round((performance.now() - started) / 1000, 1)} s`);
    const [{ size }] = (
      await client.query(`select pg_size_pretty(pg_database_size(current_database())) as size`)
    ).rows;
    return { timings, size };
  });
}

function startServer({
  url,
  redisUrl,
  prefix,
  dataDir,
  port,
  password,
  role = 'api',
  main = join(root, 'backend/dist/main.js'),
  name = 'hutong server',
}) {
  return startProcess(name, process.execPath, [main], {
    cwd: root,
    env: {
      NODE_ENV: 'production',
      HUTONG_MODE: 'demo',
      HUTONG_ROLE: role,
      PORT: String(port),
      HOST: '127.0.0.1',
      HUTONG_DATA_DIR: dataDir,
      REDIS_URL: redisUrl,
      HUTONG_REDIS_PREFIX: prefix,
      HUTONG_DEMO_PASSWORD: password,
      HUTONG_PUBLIC_URL: `http://127.0.0.1:${port}`,
      TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      // One fixed key for these synthetic rows, so that --stats-reuse starts on a kept database
      // (the demo's key lives in the data dir, which is temporary).
      HUTONG_DATA_KEY: BENCH_DATA_KEY,
    },
  });
}

export async function waitReady(base, server, timeoutMs = 900_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited) throw new Error(`the server exited during start:\n${server.tail()}`);
    if ((await request(base, '/readyz', { timeoutMs: 2000 })).status === 200) return;
    await sleep(200);
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${server.tail()}`);
}

export async function login(base, username, password) {
  const res = await request(base, '/api/auth/login', {
    method: 'POST',
    body: { username, password },
  });
  const setCookie = res.headers['set-cookie'];
  if (res.status !== 200 || !setCookie) throw new Error(`login as ${username}: HTTP ${res.status}`);
  return setCookie.map((c) => c.split(';')[0]).join('; ');
}

/**
 * `runs` sequential requests after `warmup` unmeasured ones: p50/p95/max in ms, and the body.
 * With a baseline server, each request to ours is followed by the same one to the baseline, so
 * both see the same load (the machine is shared); their answers must be equal.
 */
async function measure(target, query, runs, warmup, baseline) {
  const servers = baseline ? [target, baseline] : [target];
  const times = servers.map(() => []);
  const bodies = [];
  for (let i = 0; i < warmup + runs; i++) {
    for (const [j, { base, cookie }] of servers.entries()) {
      const started = performance.now();
      const res = await request(base, `/api/stats/summary?${query}`, {
        headers: { cookie },
        timeoutMs: 120_000,
      });
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`summary ${query}: HTTP ${res.status} ${res.text}`);
      if (i >= warmup) times[j].push(ms);
      bodies[j] = res.text;
    }
  }
  const stats = (t) => {
    const s = summary(t);
    return { p50Ms: s.p50, p95Ms: s.p95, maxMs: s.max };
  };
  const out = {
    query,
    runs,
    ...stats(times[0]),
    contacts: parseJson(bodies[0])?.contacts?.total,
    loadAverage: round(os.loadavg()[0]),
  };
  if (baseline) {
    out.baseline = stats(times[1]);
    out.sameAnswer = bodies[0] === bodies[1];
    out.ratioP50 = round(out.p50Ms / out.baseline.p50Ms, 3);
    out.ratioP95 = round(out.p95Ms / out.baseline.p95Ms, 3);
  }
  return out;
}

function isoDate(d) {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export async function mainStats(opts) {
  if (!opts.databaseUrl)
    throw new Error('--stats needs the PostgreSQL server (--database-url=… or DATABASE_URL)');
  installSignalHandlers();
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const result = {
    version: 1,
    kind: 'stats',
    startedAt: new Date().toISOString(),
    size: opts.statsSize,
    runs: opts.statsRuns,
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAverageAtStart: os.loadavg().map((v) => round(v)),
    },
  };
  try {
    const url = opts.statsReuse
      ? Object.assign(new URL(opts.databaseUrl), { pathname: `/${opts.statsReuse}` }).toString()
      : await freshDatabase(opts.databaseUrl, id, opts.statsKeep);
    result.database = new URL(url).pathname.slice(1);
    const { url: redisUrl } = process.env.REDIS_URL
      ? { url: process.env.REDIS_URL }
      : await startRedis();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // A kept database is signed into again by a later --stats-reuse run: a fixed password then.
    const password = opts.statsKeep
      ? createHash('sha256').update('hutong-bench-stats-password').digest('base64url')
      : randomBytes(12).toString('base64url');
    const serverOpts = {
      url,
      redisUrl,
      prefix: `bench-stats-${id}`,
      dataDir: tempDir('stats-server'),
      port,
      password,
    };

    // 1. The schema (migrations) and the demo's regions, users and centres, by the server itself.
    log(`migrating and seeding the demo into ${result.database}`);
    let server = startServer(serverOpts);
    await waitReady(base, server);
    await server.stop();

    // 2. The line's history, set-based; then statistics for the planner. (--stats-reuse: a
    // database seeded by an earlier run, e.g. to measure a new migration on the same rows.)
    const now = new Date();
    if (opts.statsReuse) {
      result.seed = await withClient(url, async (c) => {
        await c.query('vacuum (analyze)');
        const { rows } = await c.query(
          `select pg_size_pretty(pg_database_size(current_database())) as size,
             (select count(*)::int from reports) as reports`,
        );
        return { reused: true, size: rows[0].size, reports: rows[0].reports };
      });
      // The kept database's own number of reports, not the default of --stats-size.
      result.size = result.seed.reports;
    } else {
      log(`generating ${opts.statsSize.toLocaleString('en')} reports and their records`);
      result.seed = await seed(url, opts.statsSize, now.toISOString());
    }

    // 3. The figures, through the real route (a restart: the server reads regions at start).
    // With its workers: the stats.rollup job is theirs. Every run of the job rewrites the state
    // row: its row version now, to wait for a run of this build's (a reused database holds the
    // rows of the build that seeded it, perhaps of another layout, which this build won't read).
    const stateBefore = await withClient(url, async (c) => {
      const { rows } = await c.query(`select xmin::text as v from stats_rollup_state where id = 1`);
      return rows[0]?.v ?? null;
    });
    server = startServer({ ...serverOpts, role: 'all' });
    await waitReady(base, server);
    // The server's stats.rollup job rolls the seeded history up (the seed ran without triggers:
    // nothing is marked, the first run does every day); the figures are measured once it has,
    // with planner statistics on the rollup's tables.
    {
      const started = performance.now();
      const today = isoDate(new Date());
      for (;;) {
        const rolled = await withClient(url, async (c) => {
          // Rolled up, and (where the schema has it) the region mapping written for that layout.
          const { rows } = await c.query(
            `select rolled_to::text as d, xmin::text as v from stats_rollup_state s
              where id = 1 and (not (to_jsonb(s) ? 'keys_layout') or s.layout = to_jsonb(s)->>'keys_layout')`,
          );
          return rows[0]?.v !== undefined && rows[0].v !== stateBefore ? rows[0].d : null;
        });
        if (rolled !== null && rolled >= today) break;
        if (performance.now() - started > 3_600_000) throw new Error('the rollup did not finish');
        await new Promise((r) => setTimeout(r, 2000));
      }
      result.rollupSeconds = round((performance.now() - started) / 1000, 1);
      log(`  rollup built in ${result.rollupSeconds} s`);
      await withClient(url, (c) =>
        c.query('vacuum (analyze) stats_rollup, stats_rollup_referrals'),
      );
    }
    const cookie = await login(base, 'supervisor', password);
    // The baseline: another build's server (e.g. the commit before a change) on the same
    // database, API only (the rollup is ours), measured request by request beside ours.
    let baseline = null;
    if (opts.statsBaseline) {
      const basePort = await freePort();
      const baseServer = startServer({
        ...serverOpts,
        port: basePort,
        main: join(opts.statsBaseline, 'backend/dist/main.js'),
        name: 'baseline server',
      });
      const baseUrl = `http://127.0.0.1:${basePort}`;
      await waitReady(baseUrl, baseServer);
      baseline = { base: baseUrl, cookie: await login(baseUrl, 'supervisor', password) };
      result.baseline = opts.statsBaseline;
    }
    const to = isoDate(now);
    const from = isoDate(new Date(now.getTime() - 364 * DAY_S * 1000));
    const year = `from=${from}&to=${to}`;
    const month = `from=${isoDate(new Date(now.getTime() - 29 * DAY_S * 1000))}&to=${to}`;
    const cases = [
      ['year, whole line', year],
      ['year, province 440000', `${year}&regionCode=${PROVINCE}`],
      [`year, county ${COUNTY}`, `${year}&regionCode=${COUNTY}`],
      ['30 days, province 440000', `${month}&regionCode=${PROVINCE}`],
    ];
    result.summary = [];
    for (const [name, query] of cases) {
      log(`summary: ${name} (${opts.statsRuns} runs after 2 unmeasured)`);
      const m = await measure({ base, cookie }, query, opts.statsRuns, 2, baseline);
      result.summary.push({ name, ...m });
      log(`  p50 ${m.p50Ms} ms, p95 ${m.p95Ms} ms (${m.contacts} contacts), load ${m.loadAverage}`);
      if (m.baseline)
        log(
          `  baseline p50 ${m.baseline.p50Ms} ms, p95 ${m.baseline.p95Ms} ms; ratio p95 ${m.ratioP95}${m.sameAnswer ? '' : ' (ANSWERS DIFFER)'}`,
        );
    }
    await server.stop();
    if (opts.statsKeep) result.keptDatabaseUrl = url;
  } catch (err) {
    await cleanup();
    throw err;
  }
  await cleanup();
  result.machine.loadAverageAtEnd = os.loadavg().map((v) => round(v));

  const target = (name) =>
    name.startsWith('year, county') ? 300 : name.startsWith('year') ? 1000 : null;
  console.log(
    `\nHutong statistics benchmark — ${result.size.toLocaleString('en')} reports (${result.seed.size}), ${result.machine.cpus} CPUs, load average ${result.machine.loadAverageAtStart.join(' ')} → ${result.machine.loadAverageAtEnd.join(' ')}\n`,
  );
  for (const s of result.summary) {
    const t = target(s.name);
    console.log(
      `  ${s.name.padEnd(28)} p50 ${String(s.p50Ms).padStart(8)} ms   p95 ${String(s.p95Ms).padStart(8)} ms   ${t ? `target p95 < ${t} ms: ${s.p95Ms < t ? 'met' : 'NOT MET'}` : ''}   (${s.contacts} contacts)`,
    );
    if (s.baseline)
      console.log(
        `  ${''.padEnd(28)} baseline p50 ${String(s.baseline.p50Ms).padStart(8)} ms   p95 ${String(s.baseline.p95Ms).padStart(8)} ms   ratio p50 ${s.ratioP50}, p95 ${s.ratioP95}${s.sameAnswer ? ', same answer' : ', ANSWERS DIFFER'}`,
      );
  }
  if (result.keptDatabaseUrl) console.log(`\nKept the database: ${result.keptDatabaseUrl}`);
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  writeFileSync(join(dir, `stats-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWrote bench-results/stats-${stamp}.json.`);
}
