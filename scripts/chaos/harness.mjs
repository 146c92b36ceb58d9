// The chaos run: starts the cluster (cluster.mjs), puts steady load on it (load.mjs), injects
// faults — kill -9 of a random API or worker process, then a restart; Redis stopped, then
// started; a private PostgreSQL restarted, and unplugged (a TCP relay cut); one API process cut
// off from Redis (its relay cut) — and at the end checks the database, every client's log and
// what reached the centres (check.mjs).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { root } from '../lib.mjs';
import { freshDatabase } from '../fresh-database.mjs';
import { cleanup, freePort, onCleanup, sleep } from '../../bench/lib/processes.mjs';
import { reportFactory } from '../../bench/lib/reports.mjs';
import { request, round, summary } from '../../bench/lib/stats.mjs';
import {
  centreWebhookReceiver,
  ensureDir,
  fakeTwilioRest,
  redisServer,
  spawnLogged,
  startHaproxy,
  waitHealthy,
} from './cluster.mjs';
import { verdict } from './check.mjs';
import { privatePostgres } from './postgres.mjs';
import { targetOf, tcpRelay, throughRelay } from './relay.mjs';
import {
  caseWork,
  login,
  operatorConsole,
  parseJson,
  reporters,
  smsSender,
  statusCounter,
} from './load.mjs';

const HELP = `npm run chaos [-- options]
  --quick              a few minutes: 24 kills, one Redis outage of 20 s, one PostgreSQL
                       restart, one PostgreSQL outage of 10 s, one API–Redis partition of 10 s
  --long               1,000 kills, 5 Redis outages of 60 s, 5 PostgreSQL restarts, 3
                       PostgreSQL outages of 30 s, 5 partitions of 30 s
  (default)            200 kills, 2 Redis outages of 60 s, 2 PostgreSQL restarts, one
                       PostgreSQL outage of 30 s, 2 partitions of 30 s
  --database-url=URL   use this PostgreSQL server (a fresh database is created on it and
                       dropped afterwards) instead of a private one; PostgreSQL faults are then
                       skipped, as that server may be shared
  --keep-database      with --database-url: do not drop the run's database (for a post-mortem)
  --seed=N             the random seed of the fault schedule and report bodies
  --no-build           run the existing dist without rebuilding
  --help`;

function parseArgs(argv) {
  const flags = new Map();
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`Unknown argument ${arg}\n\n${HELP}`);
    flags.set(m[1], m[2] ?? true);
  }
  const known = ['quick', 'long', 'database-url', 'keep-database', 'seed', 'help'];
  for (const k of flags.keys())
    if (!known.includes(k)) throw new Error(`Unknown option --${k}\n\n${HELP}`);
  const mode = flags.has('quick') ? 'quick' : flags.has('long') ? 'long' : 'default';
  // Without --database-url the run starts its own PostgreSQL, which it may restart and unplug.
  const databaseUrl =
    typeof flags.get('database-url') === 'string' ? flags.get('database-url') : '';
  if (flags.has('database-url') && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error('--database-url must be a postgres:// URL');
  const seed = flags.has('seed') ? Number(flags.get('seed')) : Date.now() % 1e9;
  const plan = {
    quick: {
      kills: 24,
      killEveryMs: 5000,
      redisOutages: 1,
      redisOutageMs: 20_000,
      postgresRestarts: 1,
      postgresOutages: 1,
      postgresOutageMs: 10_000,
      postgresSilences: 1,
      postgresSilenceMs: 20_000,
      partitions: 1,
      partitionMs: 10_000,
    },
    default: {
      kills: 200,
      killEveryMs: 5000,
      redisOutages: 2,
      redisOutageMs: 60_000,
      postgresRestarts: 2,
      postgresOutages: 1,
      postgresOutageMs: 30_000,
      postgresSilences: 1,
      postgresSilenceMs: 30_000,
      partitions: 2,
      partitionMs: 30_000,
    },
    long: {
      kills: 1000,
      killEveryMs: 5000,
      redisOutages: 5,
      redisOutageMs: 60_000,
      postgresRestarts: 5,
      postgresOutages: 3,
      postgresOutageMs: 30_000,
      postgresSilences: 2,
      postgresSilenceMs: 30_000,
      partitions: 5,
      partitionMs: 30_000,
    },
  }[mode];
  const privateDatabase = !databaseUrl;
  if (!privateDatabase)
    Object.assign(plan, { postgresRestarts: 0, postgresOutages: 0, postgresSilences: 0 });
  return {
    help: flags.has('help'),
    mode,
    databaseUrl,
    privateDatabase,
    keepDatabase: flags.has('keep-database'),
    seed,
    ...plan,
    webRate: 4,
    partnerRate: 2,
    smsRate: 1,
    operators: 6,
    claimShare: 0.5,
    referShare: 0.15,
    // The referral acknowledgement deadline set for every priority, so that unacknowledged
    // referrals climb their escalation ladder (next contact, supervisors, backup centre) during
    // the run; the administrators' minimum.
    ackMinutes: 1,
    // Referrals and escalations younger than this at the end are not yet expected at a centre.
    settleMs: 30_000,
    giveUpMs: 180_000,
  };
}

/** A seeded PRNG (mulberry32), so a fault schedule can be replayed with --seed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The duty phone callers are put through to when the operators' queue cannot be reached. */
const DUTY_PHONE = '+8613900000009';

const t0 = Date.now();
const say = (msg) =>
  console.log(`› ${String(round((Date.now() - t0) / 1000, 1)).padStart(6)}s  ${msg}`);

/** Where the triage jobs of untriaged reports are, read from Redis as BullMQ keeps them. */
async function untriagedPostMortem({
  references,
  reportIdOf,
  acceptedAtOf,
  faultBefore,
  redisUrl,
  prefix,
}) {
  if (references.length === 0) return null;
  const { Queue } = await import('bullmq');
  const queue = new Queue('intake', { connection: { url: redisUrl }, prefix });
  try {
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'prioritized',
    );
    const reports = [];
    for (const reference of references) {
      const reportId = reportIdOf.get(reference);
      const job = reportId ? await queue.getJob(`triage-${reportId}`) : undefined;
      const acceptedAt = acceptedAtOf.get(reference);
      reports.push({
        reference,
        accepted: acceptedAt ? faultBefore(acceptedAt) : null,
        job: job
          ? {
              state: await job.getState(),
              attemptsMade: job.attemptsMade,
              failedReason: job.failedReason?.slice(0, 200) ?? null,
              processedOn: job.processedOn ?? null,
            }
          : null,
      });
    }
    return { intakeQueue: counts, reports };
  } finally {
    await queue.close();
  }
}

/** What the check needs from the database, read at the end. */
async function snapshot(url) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // One snapshot for every table: a referral, its escalations and the reads as of one moment.
    await c.query('begin isolation level repeatable read read only');
    const takenAt = new Date().toISOString();
    const reports = (
      await c.query(
        `select r.id, r.reference, r.channel, r.case_id as "caseId", r.triaged_at as "triagedAt",
                ct.external_id as "externalId"
           from reports r join contacts ct on ct.id = r.contact_id`,
      )
    ).rows.map((r) => ({ ...r, triagedAt: r.triagedAt ? r.triagedAt.toISOString() : null }));
    const caseEvents = (
      await c.query(
        `select id::int as id, case_id as "caseId", type, data->>'reportId' as "reportId",
                actor_id as "actorId", created_at as "createdAt",
                data->>'referralId' as "referralId", (data->>'level')::int as level,
                data->>'step' as step
           from case_events order by id`,
      )
    ).rows.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
    const referrals = (
      await c.query(
        `select r.id, r.case_id as "caseId", c.reference, r.centre_id as "centreId", r.status,
                r.created_by as "createdBy", r.created_at as "createdAt"
           from referrals r join cases c on c.id = r.case_id`,
      )
    ).rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    const users = (await c.query(`select id, username from users`)).rows;
    const auditReads = (
      await c.query(
        `select actor_id as "actorId", case_id as "caseId", at from audit_log
          where action = 'case.read' and actor_id is not null and case_id is not null`,
      )
    ).rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    const smsInbound = (
      await c.query(
        `select message_sid as "messageSid" from sms_messages
          where direction = 'inbound' and message_sid is not null`,
      )
    ).rows;
    const outbox = (
      await c.query(
        `select count(*) filter (where published_at is null)::int as waiting,
                count(*)::int as total from outbox`,
      )
    ).rows[0];
    await c.query('commit');
    return { takenAt, reports, caseEvents, smsInbound, referrals, users, auditReads, outbox };
  } finally {
    await c.end();
  }
}

export async function main(argv) {
  const opts = parseArgs(argv);
  if (opts.help) {
    console.log(HELP);
    return true;
  }
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('\n  interrupted: stopping everything the chaos run started…');
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const random = rng(opts.seed);
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const resultsDir = ensureDir(join(root, 'chaos-results'));
  const logsDir = join(resultsDir, 'logs');
  rmSync(logsDir, { recursive: true, force: true });
  ensureDir(logsDir);
  const work = ensureDir(join(os.tmpdir(), `hutong-chaos-${id}`));
  onCleanup(`rm ${work}`, () => rmSync(work, { recursive: true, force: true }));
  const started = Date.now();
  const result = {
    version: 1,
    startedAt: new Date(started).toISOString(),
    mode: opts.mode,
    seed: opts.seed,
    machine: { cpus: os.cpus().length, node: process.version, loadAverageAtStart: os.loadavg() },
    faults: {
      kills: 0,
      redisOutages: 0,
      postgresRestarts: 0,
      postgresOutages: 0,
      postgresSilences: 0,
      partitions: 0,
    },
    notes: opts.privateDatabase
      ? []
      : ['PostgreSQL faults are not injected: --database-url names a server that may be shared'],
  };
  try {
    // PostgreSQL: a private server (initdb in the work directory) reached through a relay the
    // harness can cut, or the given one, directly.
    let postgres = null;
    let postgresRelay = null;
    let serverUrl = opts.databaseUrl;
    if (opts.privateDatabase) {
      say(`mode ${opts.mode}, seed ${opts.seed}: a private PostgreSQL (initdb)`);
      postgres = await privatePostgres({ dir: join(work, 'postgres'), logsDir });
      serverUrl = postgres.url;
    } else {
      say(`mode ${opts.mode}, seed ${opts.seed}: a fresh database on ${new URL(serverUrl).host}`);
    }
    // The harness reads the database directly; the Hutong processes go through the relay.
    const databaseUrl = await freshDatabase(
      serverUrl,
      `hutong_chaos_${id}`,
      opts.privateDatabase || opts.keepDatabase,
    );
    let processDatabaseUrl = databaseUrl;
    if (postgres) {
      postgresRelay = await tcpRelay({ target: targetOf(databaseUrl) });
      onCleanup('PostgreSQL relay', () => postgresRelay.close());
      processDatabaseUrl = throughRelay(databaseUrl, postgresRelay.port);
    }
    const redis = redisServer({ dir: ensureDir(join(work, 'redis')), logsDir });
    await redis.start();
    // Each API process reaches Redis through a relay of its own, cut for a partition.
    const redisRelays = [];
    for (let i = 0; i < 2; i++) {
      const relay = await tcpRelay({ target: targetOf(redis.url) });
      onCleanup(`Redis relay ${i + 1}`, () => relay.close());
      redisRelays.push(relay);
    }
    const { signTwilioRequest } = await import('../../ivr/dist/index.js');
    const twilioToken = randomBytes(16).toString('hex');
    const twilioAccountSid = `AC${randomBytes(16).toString('hex')}`;
    const twilio = await fakeTwilioRest({
      accountSid: twilioAccountSid,
      sign: (url, params) => signTwilioRequest(twilioToken, url, params),
    });
    const centreHooks = await centreWebhookReceiver();

    const apiPorts = [await freePort(), await freePort()];
    const proxy = await startHaproxy({ dir: work, logsDir, apiPorts });
    const password = randomBytes(12).toString('base64url');
    const env = (role, port) => ({
      NODE_ENV: 'production',
      // Demo mode only for its seed (users, regions, centres, a school); everything else is
      // given as production needs it.
      HUTONG_MODE: 'demo',
      HUTONG_ROLE: role,
      PORT: String(port),
      HOST: '127.0.0.1',
      HUTONG_DATA_DIR: ensureDir(join(work, 'data')),
      DATABASE_URL: processDatabaseUrl,
      DATABASE_POOL_SIZE: '6',
      // Shorter than the silent outage, so that it is the query timeout that ends the statements
      // caught in it (the default minute would outlast it and the relay's restore would).
      DATABASE_QUERY_TIMEOUT_MS: '10000',
      REDIS_URL: redis.url,
      HUTONG_REDIS_PREFIX: `chaos-${id}`,
      HUTONG_DATA_KEY: randomBytes(32).toString('base64'),
      HUTONG_PUBLIC_URL: proxy.url,
      HUTONG_TRUSTED_PROXIES: 'loopback',
      HUTONG_INTAKE_RATE_LIMIT: '1000000',
      // A webhook attempt the centres' receiver refuses is retried after 1 s, 2 s, 4 s … (the
      // default starts at a minute, longer than the run waits).
      HUTONG_WEBHOOK_RETRY_BASE_MS: '1000',
      HUTONG_LOGIN_RATE_LIMIT: '1000000',
      HUTONG_DEMO_PASSWORD: password,
      TWILIO_ACCOUNT_SID: twilioAccountSid,
      TWILIO_AUTH_TOKEN: twilioToken,
      TWILIO_API_BASE: twilio.url,
      // Where a caller is put through when the operators' queue cannot be reached.
      HUTONG_DUTY_PHONE: DUTY_PHONE,
      LOG_LEVEL: 'info',
    });
    // One data key for every process.
    const sharedEnv = { api: env('api', 0), worker: env('worker', 0) };
    sharedEnv.worker.HUTONG_DATA_KEY = sharedEnv.api.HUTONG_DATA_KEY;

    /** The four Hutong processes, each restartable. */
    const nodes = [
      {
        name: 'api1',
        role: 'api',
        port: apiPorts[0],
        redisRelay: redisRelays[0],
        starts: 0,
        proc: null,
        crashes: 0,
      },
      {
        name: 'api2',
        role: 'api',
        port: apiPorts[1],
        redisRelay: redisRelays[1],
        starts: 0,
        proc: null,
        crashes: 0,
      },
      { name: 'worker1', role: 'worker', port: 0, starts: 0, proc: null, crashes: 0 },
      { name: 'worker2', role: 'worker', port: 0, starts: 0, proc: null, crashes: 0 },
    ];
    const startNode = async (node) => {
      node.starts++;
      const proc = spawnLogged(
        `${node.name}#${node.starts}`,
        process.execPath,
        [join(root, 'backend/dist/main.js'), '--role', node.role],
        {
          cwd: root,
          env: {
            ...sharedEnv[node.role],
            PORT: String(node.port),
            ...(node.redisRelay ? { REDIS_URL: `redis://127.0.0.1:${node.redisRelay.port}` } : {}),
          },
          logFile: join(logsDir, `${node.name}.log`),
        },
      );
      node.proc = proc;
      // A process that exits without being killed by the harness is a crash: counted, restarted.
      void proc.exit.then(() => {
        if (!proc.killedByUs && node.proc === proc && !stopping) {
          node.crashes++;
          say(`! ${node.name} exited by itself (${JSON.stringify(proc.exited)}); restarting`);
          void sleep(500).then(() => (stopping ? undefined : startNode(node)));
        }
      });
      if (node.role === 'api') {
        if (!(await waitHealthy(node.port, proc))) {
          say(`! ${node.name} did not become healthy after start #${node.starts}`);
        }
      } else {
        await sleep(1000);
      }
    };
    let stopping = false;

    say('starting api1 (it migrates and seeds), then api2, worker1, worker2');
    await startNode(nodes[0]);
    if (nodes[0].proc.exited) throw new Error(`api1 could not start: see ${logsDir}/api1.log`);
    await Promise.all(nodes.slice(1).map(startNode));

    // Sign-ins and the partner's API key, through the proxy.
    const base = proxy.url;
    const admin = await login(base, 'admin', password);
    const orgs = parseJson(
      (await request(base, '/api/admin/orgs', { headers: { cookie: admin } })).text,
    );
    const orgId = orgs?.orgs?.[0]?.id;
    if (!orgId) throw new Error('no reporting organisation in the seed');
    const keyRes = await request(base, `/api/admin/orgs/${orgId}/api-keys`, {
      method: 'POST',
      body: { label: 'chaos partner' },
      headers: { cookie: admin },
    });
    const apiKey = parseJson(keyRes.text)?.key;
    if (keyRes.status !== 201 || !apiKey)
      throw new Error(`creating the partner API key failed: HTTP ${keyRes.status}`);
    const regions = parseJson((await request(base, '/api/regions')).text);
    const regionCodes = (regions?.regions ?? []).map((r) => r.code);
    const phones = await pointCentresAtHarness(base, admin, centreHooks);
    const settingsRes = await request(base, '/api/admin/settings/dispatch', {
      method: 'PUT',
      body: { ackMinutes: { P1: opts.ackMinutes, P2: opts.ackMinutes, P3: opts.ackMinutes } },
      headers: { cookie: admin },
    });
    if (settingsRes.status !== 200)
      throw new Error(`setting the acknowledgement deadlines failed: HTTP ${settingsRes.status}`);

    const counter = statusCounter();
    const claims = [];
    const consoles = [];
    const referrals = [];
    const reads = [];
    const operatorsWork = caseWork({
      base,
      referShare: opts.referShare,
      giveUpMs: opts.giveUpMs,
      counter,
      reads,
      referrals,
    });
    /**
     * report id → { acceptedAt, firstAt } for the time to console: when each console FIRST had
     * the case's opening. A console that reconnects is sent again what it may have missed, and
     * counting those copies measured the last replay (seconds after the first delivery), not
     * the delivery: run 8's p50 of 18.7 s was mostly that.
     */
    const timing = new Map();
    const onAccepted = (s) => {
      if (s.id) timing.set(s.id, { acceptedAt: s.acceptedAt, firstAt: new Map() });
    };
    const onEvent = (p, at, consoleName) => {
      const reportId = p.event?.data?.reportId;
      if (p.event?.type !== 'case_opened' || typeof reportId !== 'string') return;
      const t = timing.get(reportId);
      if (!t || t.firstAt.has(consoleName)) return;
      t.firstAt.set(consoleName, at);
    };
    const users = ['operator', 'operator2'];
    const cookies = {};
    for (const u of users) cookies[u] = await login(base, u, password);
    for (let i = 0; i < opts.operators; i++) {
      const user = users[i % users.length];
      consoles.push(
        operatorConsole({
          base,
          name: `${user}#${Math.floor(i / users.length) + 1}`,
          user,
          cookie: cookies[user],
          claimShare: opts.claimShare,
          claims,
          counter,
          onEvent,
          onClaimed: operatorsWork.onClaimed,
        }),
      );
    }
    onCleanup('operator consoles', () => consoles.forEach((c) => c.close()));
    const deadline = Date.now() + 30_000;
    while (consoles.some((c) => c.log.startSeq === null) && Date.now() < deadline) await sleep(100);
    if (consoles.some((c) => c.log.startSeq === null))
      throw new Error('operator consoles did not connect through the proxy within 30 s');

    say(
      `load: ${opts.webRate} web + ${opts.partnerRate} partner reports/s, ${opts.smsRate} SMS/s, ${opts.operators} operator sockets`,
    );
    const build = reportFactory({ regionCodes, seed: opts.seed, unique: true });
    const loadStarted = Date.now();
    const reports = reporters({
      base,
      build,
      apiKey,
      webRate: opts.webRate,
      partnerRate: opts.partnerRate,
      giveUpMs: opts.giveUpMs,
      counter,
      onAccepted,
    });
    const sms = smsSender({
      base,
      publicUrl: proxy.url,
      authToken: twilioToken,
      sign: signTwilioRequest,
      rate: opts.smsRate,
      giveUpMs: opts.giveUpMs,
      counter,
    });

    // Faults: kills at random instants; the other faults (Redis stopped, PostgreSQL restarted or
    // unplugged, one API process cut off from Redis) spread evenly between them, in a seeded
    // random order. Kills pause while one lasts.
    const kills = [];
    const outages = [];
    const specials = [
      ...Array(opts.redisOutages).fill('redis'),
      ...Array(opts.postgresRestarts).fill('postgresRestart'),
      ...Array(opts.postgresOutages).fill('postgresOutage'),
      ...Array(opts.postgresSilences).fill('postgresSilence'),
      ...Array(opts.partitions).fill('partition'),
    ];
    for (let i = specials.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [specials[i], specials[j]] = [specials[j], specials[i]];
    }
    const schedule = specials.map((kind, i) => ({
      kind,
      afterKill: Math.max(1, Math.floor((opts.kills * (i + 1)) / (specials.length + 1))),
    }));
    const postgresChecks = {
      voiceWebhooks: 0,
      voiceTwiml: 0,
      voiceToDutyPhone: 0,
      voiceNotTwiml: [],
      intakeWithoutRetryAfter: 0,
    };
    /** Runs a fault, recording what the clients were answered while it lasted. */
    const during = async (kind, detail, fault) => {
      const from = Date.now();
      const before = { ...counter.counts };
      const extra = await fault();
      const answers = {};
      for (const [k, v] of Object.entries(counter.counts)) {
        const d = v - (before[k] ?? 0);
        if (d) answers[k] = d;
      }
      outages.push({
        kind,
        ...detail,
        atS: round((from - started) / 1000, 1),
        ms: Date.now() - from,
        answers,
        ...extra,
      });
      say(
        `${kind} over after ${round((Date.now() - from) / 1000, 1)} s; answers: ${JSON.stringify(answers)}`,
      );
    };
    /** A signed incoming-call webhook, as Twilio sends it; checks the answer is TwiML. */
    const probeVoice = async (n) => {
      const params = {
        CallSid: `CA${id}${String(n).padStart(6, '0')}`.padEnd(34, '0').slice(0, 34),
        From: `+861390${String(100000 + n).slice(-6)}`,
        To: '+8610012355',
        AccountSid: sharedEnv.api.TWILIO_ACCOUNT_SID,
      };
      const path = '/twilio/voice';
      const res = await request(base, path, {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signTwilioRequest(twilioToken, `${proxy.url}${path}`, params),
        },
        timeoutMs: 15_000,
      });
      postgresChecks.voiceWebhooks++;
      const twiml =
        res.status === 200 &&
        /^text\/xml/.test(String(res.headers['content-type'])) &&
        /<Response>[\s\S]*<\/Response>/.test(res.text);
      if (!twiml) postgresChecks.voiceNotTwiml.push(res.status);
      else {
        postgresChecks.voiceTwiml++;
        if (res.text.includes(`<Number>${DUTY_PHONE}</Number>`)) postgresChecks.voiceToDutyPhone++;
      }
    };
    const runSpecial = async (kind) => {
      if (kind === 'redis') {
        say(`Redis stopped for ${opts.redisOutageMs / 1000} s`);
        await during('redis', {}, async () => {
          await redis.stop();
          result.faults.redisOutages++;
          await sleep(opts.redisOutageMs);
          await redis.start();
        });
      } else if (kind === 'postgresRestart') {
        say('PostgreSQL restarted (pg_ctl restart -m fast)');
        await during('postgresRestart', {}, async () => {
          await postgres.restart();
          result.faults.postgresRestarts++;
        });
      } else if (kind === 'postgresOutage') {
        say(`PostgreSQL unplugged for ${opts.postgresOutageMs / 1000} s (its relay cut)`);
        await during('postgresOutage', {}, async () => {
          await postgresRelay.cut();
          result.faults.postgresOutages++;
          const probes = [];
          const until = Date.now() + opts.postgresOutageMs;
          for (let n = 0; Date.now() < until; n++) {
            probes.push(
              probeVoice(postgresChecks.voiceWebhooks + n + 1000 * result.faults.postgresOutages),
            );
            await sleep(1000);
          }
          await Promise.all(probes);
          await postgresRelay.restore();
          return { voiceProbes: probes.length };
        });
      } else if (kind === 'postgresSilence') {
        say(
          `PostgreSQL silent for ${opts.postgresSilenceMs / 1000} s (its relay swallows every byte)`,
        );
        await during('postgresSilence', {}, async () => {
          postgresRelay.stall();
          result.faults.postgresSilences++;
          const probes = [];
          const until = Date.now() + opts.postgresSilenceMs;
          for (let n = 0; Date.now() < until; n++) {
            probes.push(
              probeVoice(
                postgresChecks.voiceWebhooks + n + 1000 * (10 + result.faults.postgresSilences),
              ),
            );
            await sleep(1000);
          }
          await Promise.all(probes);
          await postgresRelay.restore();
          return { voiceProbes: probes.length };
        });
      } else {
        const node = nodes[Math.floor(random() * 2)];
        say(`${node.name} cut off from Redis for ${opts.partitionMs / 1000} s`);
        await during('partition', { node: node.name }, async () => {
          await node.redisRelay.cut();
          result.faults.partitions++;
          await sleep(opts.partitionMs);
          await node.redisRelay.restore();
        });
      }
    };
    await sleep(3000);
    while (result.faults.kills < opts.kills) {
      await sleep(opts.killEveryMs * (0.3 + 1.4 * random()));
      const node = nodes[Math.floor(random() * nodes.length)];
      const proc = node.proc;
      const at = Date.now();
      await proc.kill();
      result.faults.kills++;
      const down = Math.floor(random() * 2000);
      await sleep(down);
      await startNode(node);
      kills.push({
        node: node.name,
        atS: round((at - started) / 1000, 1),
        downMs: Date.now() - at,
      });
      if (result.faults.kills % 5 === 0)
        say(`${result.faults.kills}/${opts.kills} kills (last: ${node.name})`);
      while (schedule.length > 0 && schedule[0].afterKill <= result.faults.kills) {
        await runSpecial(schedule.shift().kind);
      }
    }
    say('faults done; load continues 10 s more, then stops');
    await sleep(10_000);
    const loadMs = Date.now() - loadStarted;
    await Promise.all([reports.stop(), sms.stop(), operatorsWork.stop()]);
    const loadStopped = Date.now();
    say(
      `load stopped: ${reports.submissions.length} reports, ${sms.messages.length} SMS deliveries, ${referrals.length} referrals, ${reads.length} case reads`,
    );

    // Drain: wait (bounded) until every accepted report is triaged, every console has seen
    // every event and every referral the load made is old enough to be judged and has reached
    // its centre, or two minutes have passed.
    const input = (snap) => ({
      submissions: reports.submissions,
      sms: sms.messages,
      clients: consoles.map((c) => c.log),
      claims,
      snapshot: snap,
      referrals,
      reads,
      centres: { twilio: twilio.sent, webhooks: centreHooks.deliveries, phones },
      settleMs: opts.settleMs,
    });
    let snap = await snapshot(databaseUrl);
    let v = verdict(input(snap));
    const drainStarted = Date.now();
    const settled = () => Date.now() - loadStopped >= opts.settleMs;
    while ((!v.ok || !settled()) && Date.now() - drainStarted < 120_000) {
      await sleep(2000);
      snap = await snapshot(databaseUrl);
      v = verdict(input(snap));
    }
    say(`drained in ${round((Date.now() - drainStarted) / 1000, 1)} s`);
    stopping = true;

    const crashes = Object.fromEntries(nodes.map((n) => [n.name, n.crashes]));
    const fiveXx = Object.fromEntries(
      Object.entries(counter.counts).filter(([k]) => /\s(5\d\d|no answer)/.test(k)),
    );
    // On every console: the last of the consoles' first deliveries.
    const delivery = [...timing.values()]
      .filter((t) => t.firstAt.size >= opts.operators)
      .map((t) => Math.max(...t.firstAt.values()) - t.acceptedAt);
    // For the post-mortem: what the missed events were, when, and the fault just before each.
    const missedSeqs = [...new Set(v.details.events.perClient.flatMap((c) => c.firstMissed ?? []))];
    const missedEvents = missedSeqs.map((seq) => {
      const e = snap.caseEvents.find((x) => x.id === seq);
      const atS = e ? round((new Date(e.createdAt).getTime() - started) / 1000, 1) : null;
      const before = atS === null ? undefined : kills.filter((k) => k.atS <= atS).at(-1);
      return {
        seq,
        type: e?.type ?? null,
        atS,
        clientsMissing: v.details.events.perClient.filter((c) => c.firstMissed?.includes(seq))
          .length,
        lastKillBefore: before ?? null,
      };
    });
    // For the post-mortem: each thing sent twice to a centre, when, and the faults just before.
    const faultBefore = (at) => {
      const atS = round((at - started) / 1000, 1);
      return {
        atS,
        lastKillBefore: kills.filter((k) => k.atS <= atS).at(-1) ?? null,
        during: outages
          .filter((o) => o.atS <= atS && atS <= o.atS + o.ms / 1000)
          .map((o) => o.kind),
      };
    };
    const referralOf = new Map(snap.referrals.map((r) => [r.id, r]));
    const doubles = [
      ...v.details.referrals.twiceSms.map((key) => {
        const [referralId, index] = key.split(' ');
        const r = referralOf.get(referralId);
        const phone = Object.keys(phones).find(
          (p) => phones[p].centreId === r?.centreId && String(phones[p].contactIndex) === index,
        );
        const sends = twilio.sent.filter(
          (t) => t.kind === 'sms' && t.to === phone && t.body?.includes(`${r?.reference}，`),
        );
        return {
          kind: 'sms',
          referralId,
          contactIndex: Number(index),
          sends: sends.map((t) => faultBefore(t.at)),
        };
      }),
      ...v.details.referrals.twiceCall.map((n) => ({
        kind: 'call',
        notificationId: n,
        sends: twilio.sent
          .filter((t) => t.kind === 'call' && t.url?.includes(`n=${n}`))
          .map((t) => faultBefore(t.at)),
      })),
    ];
    // For the post-mortem: each report left untriaged (20 at most) — when it was accepted, the
    // fault just before, and where its triage job is in BullMQ (waiting behind a backlog, delayed
    // for a retry, failed for good, held by a worker, or gone), with the intake queue's counts.
    const untriaged = await untriagedPostMortem({
      references: v.details.reports.untriagedReferences.slice(0, 20),
      reportIdOf: new Map(snap.reports.map((r) => [r.reference, r.id])),
      acceptedAtOf: new Map(reports.submissions.map((s) => [s.reference, s.acceptedAt])),
      faultBefore,
      redisUrl: redis.url,
      prefix: `chaos-${id}-bull`,
    }).catch((err) => ({ error: err instanceof Error ? err.message : String(err) }));
    Object.assign(result, {
      missedEvents,
      doubles,
      untriagedPostMortem: untriaged,
      durationS: round((Date.now() - started) / 1000, 1),
      load: {
        seconds: round(loadMs / 1000, 1),
        reportsPerSecond: round(
          reports.submissions.filter((s) => s.outcome === 'accepted').length / (loadMs / 1000),
          2,
        ),
        smsPerSecond: round(sms.messages.length / (loadMs / 1000), 2),
        sockets: opts.operators,
      },
      postgresChecks: {
        ...postgresChecks,
        intakeWithoutRetryAfter: Object.entries(counter.counts)
          .filter(([k]) => /without Retry-After/.test(k))
          .reduce((n, [, c]) => n + c, 0),
      },
      accepted: v.accepted,
      lost: v.lost,
      duplicated: v.duplicated,
      eventsMissed: v.eventsMissed,
      untriaged: v.untriaged,
      referralsMade: v.referralsMade,
      notNotified: v.notNotified,
      doubleEffects: v.doubleEffects,
      doubleEscalations: v.doubleEscalations,
      auditReadsMissing: v.auditReadsMissing,
      ok: false,
      checksOk: v.ok,
      failedSubmissions: reports.submissions.filter((s) => s.outcome === 'failed').length,
      refusedSubmissions: reports.submissions.filter((s) => s.outcome === 'refused').length,
      smsInvalidTwiml: sms.invalidTwiml,
      crashes,
      answers: counter.counts,
      fiveXx,
      timeToConsoleMs: { ...summary(delivery), reports: delivery.length },
      outbox: snap.outbox,
      twilioRestCalls: twilio.sent.length,
      twilioCallbacks: twilio.callbacks,
      claims: v.details.claims,
      referrals: v.details.referrals,
      auditReads: v.details.auditReads,
      reports: v.details.reports,
      sms: v.details.sms,
      sockets: v.details.events.perClient,
      outages,
      kills,
    });
  } catch (err) {
    await cleanup();
    throw err;
  }
  await cleanup();
  // Besides the checks: during a PostgreSQL outage every call webhook got TwiML and every 503
  // said when to retry.
  const pgc = result.postgresChecks;
  result.ok =
    result.checksOk && pgc.voiceNotTwiml.length === 0 && pgc.intakeWithoutRetryAfter === 0;
  result.machine.loadAverageAtEnd = os.loadavg();
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  printSummary(result);
  return result.ok;
}

/**
 * Points every active centre at the harness: two duty contacts with numbers of the harness's own
 * (so the fake Twilio's records say which centre and contact was texted or called), and a signed
 * webhook endpoint for its `referral.created` events on the centres' receiver. All through the
 * admin API, as an administrator would. Returns whose number is whose.
 */
async function pointCentresAtHarness(base, admin, receiver) {
  const list = parseJson(
    (await request(base, '/api/centres', { headers: { cookie: admin } })).text,
  );
  const centres = (list?.centres ?? []).filter((c) => c.active);
  if (centres.length === 0) throw new Error('no active centre in the seed');
  const phones = {};
  for (const [i, centre] of centres.entries()) {
    const dutyContacts = [0, 1].map((k) => {
      const phone = `+861370000${String(i * 10 + k).padStart(4, '0')}`;
      phones[phone] = { centreId: centre.id, contactIndex: k };
      return { label: k === 0 ? 'chaos duty phone' : 'chaos deputy', phone, sms: true };
    });
    const updated = await request(base, `/api/centres/${centre.id}`, {
      method: 'PATCH',
      body: { dutyContacts },
      headers: { cookie: admin },
    });
    if (updated.status >= 300)
      throw new Error(`setting centre ${centre.id}'s duty contacts failed: HTTP ${updated.status}`);
    const hook = await request(base, '/api/webhooks', {
      method: 'POST',
      body: { url: receiver.url(centre.id), events: ['referral.created'], centreId: centre.id },
      headers: { cookie: admin },
    });
    const secret = parseJson(hook.text)?.secret;
    if (hook.status !== 201 || !secret)
      throw new Error(`registering centre ${centre.id}'s webhook failed: HTTP ${hook.status}`);
    receiver.secrets.set(centre.id, secret);
  }
  return phones;
}

function printSummary(r) {
  const t = r.timeToConsoleMs;
  const f = r.referrals;
  const a = r.auditReads;
  const lines = [
    '',
    `Hutong chaos run — ${r.mode}, seed ${r.seed}, ${r.durationS} s`,
    `  load held        ${r.load.reportsPerSecond} reports/s accepted, ${r.load.smsPerSecond} SMS/s, ${r.load.sockets} operator sockets, ${r.load.seconds} s`,
    `  faults           ${r.faults.kills} kills, ${r.faults.redisOutages} Redis outages, ${r.faults.postgresRestarts} PostgreSQL restarts, ${r.faults.postgresOutages} PostgreSQL outages, ${r.faults.postgresSilences ?? 0} silent PostgreSQL outages, ${r.faults.partitions} API–Redis partitions`,
    `  accepted         ${r.accepted} (reports and SMS)`,
    `  lost             ${r.lost}`,
    `  duplicated       ${r.duplicated}`,
    `  events missed    ${r.eventsMissed}`,
    `  untriaged        ${r.untriaged}`,
    `  gave up          ${r.failedSubmissions} reports never accepted after retries`,
    `  claims           ${r.claims.won} won of ${r.claims.attempts}, ${r.claims.doubleClaims} cases given to two operators`,
    `  referrals        ${f.made} made of ${f.attempted} (${f.noCentre} with no centre suggested, ${f.refused} refused, ${f.failed} given up), ${f.inDatabase} in the database (${f.byEscalation} backups by escalation), ${f.escalations} escalation steps`,
    `  centres told     ${f.delivered.webhooks} webhooks (${f.delivered.webhookRedeliveries} redelivered with the same id), ${f.delivered.sms} SMS, ${f.delivered.calls} calls; per referral webhooks ${JSON.stringify(f.perReferral.webhooks)}, SMS ${JSON.stringify(f.perReferral.sms)}`,
    `  never notified   ${r.notNotified} (${f.missingWebhook.length} without the webhook, ${f.missingSms.length} without the SMS, ${f.missingEscalationSms.length} escalations without the SMS; ${f.awaiting} too recent to judge)`,
    `  done twice       ${r.doubleEffects} effects (${f.twiceWebhook.length} webhooks, ${f.twiceSms.length} SMS, ${f.twiceCall.length} calls), ${r.doubleEscalations} escalations, ${f.badSignatures} bad signatures`,
    `  audit of reads   ${a.reads} reads answered 200, ${r.auditReadsMissing} without a case.read row`,
    `  time to console  p50 ${t.p50} ms, p99 ${t.p99} ms, max ${t.max} ms (${t.reports} reports)`,
    `  crashes          ${JSON.stringify(r.crashes)}`,
    `  5xx / no answer  ${JSON.stringify(r.fiveXx)}`,
    `  PostgreSQL out   ${r.postgresChecks.voiceTwiml} of ${r.postgresChecks.voiceWebhooks} call webhooks answered TwiML (${r.postgresChecks.voiceToDutyPhone} to the duty phone), ${r.postgresChecks.intakeWithoutRetryAfter} 503s without Retry-After`,
    `  verdict          ${r.ok ? 'OK' : 'FAILED'}`,
    '',
    'Wrote chaos-results/latest.json; process logs in chaos-results/logs/.',
  ];
  console.log(lines.join('\n'));
}
