// `npm run day`: a compressed 24-hour day of the hotline on the real system, measured end to end.
// docs/SERVICE-LEVELS.md explains the figures; README "A simulated day" the options.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { root } from '../lib.mjs';
import { cleanup, onCleanup, sleep } from '../../bench/lib/processes.mjs';
import { reportFactory } from '../../bench/lib/reports.mjs';
import { keepAliveAgent, parseJson, request, round } from '../../bench/lib/stats.mjs';
import { login } from '../chaos/load.mjs';
import { account, accountingOk, dropSightings } from './accounting.mjs';
import { generateArrivals } from './arrivals.mjs';
import { agentsFor } from './erlang.mjs';
import { summarise, printSummary, renderHtml } from './report.mjs';
import { loadScenario, maxOperators, operatorsAt, withStaffing } from './scenario.mjs';
import { caller, centreDesk, consoleSocket, desk, simClock, texter, writer } from './people.mjs';
import { newAccount, startSystem } from './system.mjs';
import { planRegister, registerDesk } from './register.mjs';
import { centrePhones, supervisorDesk } from './supervision.mjs';

const HELP = `npm run day [-- options]
  --scenario NAME|PATH   default | night-shift | news-surge | centre-outage, or a YAML/JSON file
  --speed N              simulated seconds per real second (default 1440: the day in a minute)
  --hours H              run H hours of the day (default 24), from --start-hour (default 0)
  --start-hour S         the hour of day the run starts at (0–23)
  --seed N               the arrivals' seed (default the scenario's)
  --db pglite|server     PGlite in the server process (default) or a fresh database on the
                         PostgreSQL server (--database-url, else HUTONG_TEST_DATABASE_URL, else
                         postgres://postgres@127.0.0.1:5432/postgres)
  --find-staffing        run the day again with fewer and more operators per shift to find the
                         fewest that answer 90 % of calls within 15 s (Erlang C as the check)
  --drop-one             fault hook: drop one report before the accounting (the run must fail);
                         also HUTONG_DAY_DROP_ONE=1
  --out DIR              where the results go (default day-results/)
  --help`;

export function parseArgs(argv) {
  const flags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`Unknown argument ${argv[i]}\n\n${HELP}`);
    const boolean = ['find-staffing', 'drop-one', 'help'].includes(m[1]);
    flags.set(m[1], m[2] ?? (boolean ? true : argv[++i]));
  }
  const known = ['scenario', 'speed', 'hours', 'start-hour', 'seed', 'db', 'database-url'];
  known.push('find-staffing', 'drop-one', 'out', 'help');
  for (const k of flags.keys())
    if (!known.includes(k)) throw new Error(`Unknown option --${k}\n\n${HELP}`);
  const num = (name, fallback, min, max) => {
    if (!flags.has(name)) return fallback;
    const n = Number(flags.get(name));
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const db = flags.get('db') ?? 'pglite';
  if (!['pglite', 'server'].includes(db)) throw new Error('--db must be pglite or server');
  const name = flags.get('scenario') ?? 'default';
  const startHour = num('start-hour', 0, 0, 23);
  return {
    help: flags.has('help'),
    scenarioPath: /[./]/.test(name) ? name : join(root, 'scripts/day/scenarios', `${name}.yaml`),
    speed: num('speed', 1440, 1, 86_400),
    hours: num('hours', 24, 0.05, 24 - startHour),
    startHour,
    seed: flags.has('seed') ? num('seed', 1, 0, 2 ** 31) : undefined,
    db,
    databaseUrl:
      flags.get('database-url') ||
      process.env.HUTONG_TEST_DATABASE_URL ||
      'postgres://postgres@127.0.0.1:5432/postgres',
    findStaffing: flags.has('find-staffing'),
    dropOne: flags.has('drop-one') || process.env.HUTONG_DAY_DROP_ONE === '1',
    out: flags.get('out') ?? join(root, 'day-results'),
  };
}

const t0 = Date.now();
const say = (msg) =>
  console.log(`› ${String(round((Date.now() - t0) / 1000, 1)).padStart(6)}s  ${msg}`);

/** One day (or part of one) on a freshly started system; resolves with the result. */
export async function runDay({
  scenario,
  speed,
  hours,
  startHour,
  seed,
  db,
  databaseUrl,
  dropOne,
  out = join(root, 'day-results'),
}) {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const started = Date.now();
  const loadAtStart = os.loadavg().map((v) => round(v));
  const arrivals = generateArrivals(scenario, { seed, startHour, hours });
  say(
    `${scenario.name}: ${arrivals.length} arrivals in ${hours} h from ${startHour}:00, speed ${speed}, ${db}`,
  );
  // The server's own log (warnings and errors; nothing personal is logged) beside the results.
  const logDir = join(out, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${id}.log`);
  const system = await startSystem({ speed, db, databaseUrl, id, logFile });
  const { base, sim, password } = system;
  const log = {
    sightings: new Map(),
    cases: new Map(),
    callSeen: [],
    seenByMask: new Map(),
    answering: new Map(),
    callCases: new Map(),
    failedConnects: [],
    callStatuses: new Map(),
    escalated: new Set(),
    callbackTasks: new Map(),
    answers: [],
    claims: [],
    referrals: new Map(),
    smsReplies: new Map(),
    statuses: [],
    errors: [],
    callers: [],
    texters: [],
    writers: [],
    hourly: [],
    callStillQueued: () => true,
  };

  // The admin sets the day up as an admin would: a partner key, the accounts.
  const admin = await login(base, 'admin', password);
  const orgs = parseJson(
    (await request(base, '/api/admin/orgs', { headers: { cookie: admin } })).text,
  );
  const orgId = orgs?.orgs?.[0]?.id;
  const keyRes = await request(base, `/api/admin/orgs/${orgId}/api-keys`, {
    method: 'POST',
    body: { label: 'day partner' },
    headers: { cookie: admin },
  });
  const apiKey = parseJson(keyRes.text)?.key;
  if (!apiKey) throw new Error(`creating the partner API key failed: HTTP ${keyRes.status}`);
  const regionCodes = (parseJson((await request(base, '/api/regions')).text)?.regions ?? []).map(
    (r) => r.code,
  );
  const centres =
    parseJson((await request(base, '/api/centres', { headers: { cookie: admin } })).text)
      ?.centres ?? [];
  const staffCount = maxOperators(scenario);
  const users =
    parseJson((await request(base, '/api/users', { headers: { cookie: admin } })).text)?.users ??
    [];
  say(`accounts: ${staffCount} operators, ${centres.length} centre duty officers`);
  // The demo's operators and centre officer work the day too; the admin adds the rest.
  const staff = ['operator', 'operator2'].slice(0, staffCount).map((username) => ({
    username,
    password,
    id: users.find((u) => u.username === username)?.id,
  }));
  for (let i = staff.length; i < staffCount; i++)
    staff.push(
      await newAccount(base, admin, {
        username: `day-op-${i + 1}`,
        displayName: `值班接线员 ${i + 1}`,
        role: 'operator',
      }),
    );
  const centreAccounts = [];
  // Centres only matter when operators refer cases.
  for (const [i, c] of (scenario.operators.referShare > 0 ? centres : []).entries()) {
    const demo = users.find((u) => u.username === 'centre' && u.centreId === c.id);
    centreAccounts.push(
      demo
        ? { username: 'centre', password }
        : await newAccount(base, admin, {
            username: `day-centre-${i + 1}`,
            displayName: `中心值班员 ${i + 1}`,
            role: 'centre_staff',
            centreId: c.id,
          }),
    );
  }

  const clock = simClock({ speed, startHour });
  const room = desk({
    base,
    clock,
    scenario,
    seed,
    log,
    sims: { centreIds: centres.map((c) => c.id) },
  });
  onCleanup('the operators', () => {
    room.operators.forEach((op) => op.console?.close());
    room.close();
  });
  // Whether the caller behind a console's call is still on the line (the operator's eyes on the
  // waiting list); the simulator's own record, not the caller's bookkeeping, which lags.
  const simCallQueued = (callId) => {
    const seen = log.callSeen.find((c) => c.id === callId);
    const callerRecord = seen && log.callers.find((c) => c.masked === seen.masked);
    const call = callerRecord?.sid ? sim.callBySid(callerRecord.sid) : undefined;
    return !call || !['completed', 'canceled', 'failed', 'busy', 'no-answer'].includes(call.status);
  };
  log.callStillQueued = simCallQueued;

  // Centres' duty officers and a supervisor watching escalations.
  const centreRoom = centreDesk({ base, clock, scenario, seed, log });
  for (const acc of centreAccounts) {
    const cookie = await login(base, acc.username, acc.password);
    const c = consoleSocket({
      base,
      cookie,
      name: acc.username,
      onEvent: (e, p, at) => centreRoom.onEvent(e, p, at, cookie),
    });
    onCleanup(`console ${acc.username}`, () => c.close());
    await c.ready;
  }
  // Centres' duty phones answer the referral alert calls (some officers press 1 there).
  const phones = centrePhones({
    sim,
    log,
    contactPhones: centres.flatMap((c) => (c.dutyContacts ?? []).map((d) => d.phone)),
  });
  onCleanup('the centres’ phones', () => phones.close());
  const supervisorCookie = await login(base, 'supervisor', password);
  const supervising = supervisorDesk({
    base,
    clock,
    scenario,
    seed,
    log,
    room,
    cookie: supervisorCookie,
    centreIds: centres.filter((c) => c.active !== false).map((c) => c.id),
  });
  onCleanup('the supervisor', () => supervising.close());
  const supervisor = consoleSocket({
    base,
    cookie: supervisorCookie,
    name: 'supervisor',
    onEvent: (e, p, at) => {
      supervising.onEvent(e, p, at);
      if (e === 'call.escalated') log.escalated.add(p.call?.id ?? p.callId);
      if (e === 'referral.updated' && p.step && !['status', 'created', 'delivery'].includes(p.step))
        log.escalationSteps.push({
          referralId: p.referral.id,
          step: p.step,
          at: Date.now(),
          ackDeadline: p.referral.ackDeadline,
        });
    },
  });
  log.escalationSteps = [];
  onCleanup('console supervisor', () => supervisor.close());
  await supervisor.ready;

  // Operators log in when their shift starts and out when it ends (after the work in hand).
  for (const acc of staff)
    room.operators.push({
      name: acc.username,
      userId: acc.id,
      acc,
      onDuty: false,
      busy: false,
      busyMs: 0,
      console: null,
      cookie: null,
    });
  // Operators sign in ahead of their shift (ten simulated minutes, or 20 s of real time at high
  // speed: a sign-in is real work for the server), take work from the hour their shift starts,
  // and sign out at its end once the work in hand is done.
  const lookAheadS = Math.max(600, 20 * speed);
  const shiftTick = async (at) => {
    const nowS = at === undefined ? clock.now() : at * 3600;
    const onDuty = operatorsAt(scenario, Math.floor(nowS / 3600));
    const signedIn = Math.max(
      onDuty,
      operatorsAt(scenario, Math.floor((nowS + lookAheadS) / 3600)),
    );
    await Promise.all(
      room.operators.map(async (op, i) => {
        if (i < signedIn && !op.cookie && !op.joining && !op.leaving) {
          op.joining = true;
          try {
            const cookie = await login(base, op.acc.username, op.acc.password);
            op.console = consoleSocket({ base, cookie, name: op.name, onEvent: room.onEvent });
            await Promise.race([
              op.console.ready,
              sleep(30_000).then(() => {
                throw new Error('no sync.resumed within 30 s');
              }),
            ]);
            op.cookie = cookie;
            // A console that has just signed in reads the lists, as the real console does.
            const get = async (path) =>
              parseJson((await request(base, path, { headers: { cookie } })).text);
            for (const call of (await get('/api/calls'))?.calls ?? [])
              room.onEvent('call.updated', call, Date.now());
            for (const task of (await get('/api/calls/callbacks'))?.tasks ?? [])
              room.onEvent('callback.updated', { task, completedAt: null }, Date.now());
            for (const c of (await get('/api/cases?scope=open&limit=200'))?.cases ?? [])
              if (c.status === 'new') room.onEvent('case.updated', { case: c }, Date.now());
          } catch (err) {
            log.errors.push(`${op.name} could not sign in: ${err?.message ?? err}`);
          } finally {
            op.joining = false;
          }
        }
        if (op.cookie && !op.leaving) op.onDuty = i < onDuty;
        if (i >= signedIn && op.cookie && !op.leaving) {
          op.leaving = true;
          op.onDuty = false;
          while (op.busy) await sleep(20);
          op.console?.close();
          op.console = null;
          await request(base, '/api/auth/logout', {
            method: 'POST',
            headers: { cookie: op.cookie },
          });
          op.cookie = null;
          op.leaving = false;
        }
      }),
    );
    room.kick();
  };
  await shiftTick(startHour);
  // The register: its files registered by those who visit them, before the day starts.
  const registerPlan = planRegister(scenario, { seed, startHour, hours });
  let register = null;
  if (scenario.register) {
    register = registerDesk({
      base,
      sim,
      clock,
      scenario,
      seed,
      password,
      plan: registerPlan,
      log,
    });
    onCleanup('the register', () => register.close());
    await register.register();
    // The files' last visits are dated for a day that starts a moment from now (their dues fall
    // where the plan put them); the clock starts then.
    const due = registerPlan.files.filter((f) => f.dueS !== null).length;
    const t0 = Date.now() + 1000 + 100 * due;
    await register.backdate(t0);
    if (t0 > Date.now()) await sleep(t0 - Date.now());
    clock.start(t0);
    register.start();
    say(`register: ${registerPlan.files.length} files, ${due} due in the window`);
  } else clock.start();

  // Per simulated hour: arrivals, the longest queue, operators on duty and busy.
  let hourStat = null;
  let ticks = 0;
  const sampler = setInterval(
    () => {
      const hour = Math.floor(clock.now() / 3600);
      if (!hourStat || hourStat.hour !== hour) {
        if (hourStat) log.hourly.push(hourStat);
        hourStat = {
          hour,
          samples: 0,
          maxCallQueue: 0,
          sumCallQueue: 0,
          maxWork: 0,
          onDuty: 0,
          busySum: 0,
        };
      }
      if (ticks++ % 5 === 0) void shiftTick();
      const inQueue = sim.queues.reduce((n, q) => n + q.members.length, 0);
      const w = room.waiting();
      hourStat.samples++;
      hourStat.maxCallQueue = Math.max(hourStat.maxCallQueue, inQueue);
      hourStat.sumCallQueue += inQueue;
      hourStat.maxWork = Math.max(hourStat.maxWork, w.callbacks + w.cases);
      hourStat.onDuty = Math.max(hourStat.onDuty, room.operators.filter((o) => o.onDuty).length);
      hourStat.busySum += room.operators.filter((o) => o.busy).length;
    },
    Math.max(5, clock.ms(60)),
  );
  onCleanup('sampler', () => clearInterval(sampler));

  // The arrivals, each at its simulated time.
  const build = reportFactory({ regionCodes, seed, unique: true });
  const agent = keepAliveAgent(64);
  const people = [];
  const others = [];
  let calls = 0;
  let texts = 0;
  say(`the day starts (${round((arrivals.at(-1)?.atS ?? 0) / 3600 - startHour, 1)} h of arrivals)`);
  for (const [i, a] of arrivals.entries()) {
    const wait = clock.realAt(a.atS) - Date.now();
    if (wait > 0) await sleep(wait);
    if (a.kind === 'call')
      people.push(
        caller({ sim, clock, arrival: a, index: calls++, log: log.callers, shared: log }),
      );
    else if (a.kind === 'sms')
      others.push(texter({ sim, arrival: a, index: texts++, log: log.texters }));
    else {
      const body = build(i);
      body.immediateDanger = a.danger;
      if (a.serious && !a.danger) body.categories = ['violence_injury'];
      body.language = a.language;
      others.push(
        writer({
          base,
          agent,
          body,
          apiKey: a.kind === 'partner' ? apiKey : undefined,
          arrival: a,
          log: log.writers,
        }),
      );
    }
  }
  const arrivalsEnd = Date.now();
  say('arrivals done; operators work through what is waiting');
  // Drain: until every person is done (bounded by two simulated hours and 60 s real).
  const drainLimit = Math.min(clock.ms(7200), 60_000) + 5000;
  const drainUntil = Date.now() + drainLimit;
  // Texters and writers give up by themselves (webhook timeout, 120 s of retries): wait for all.
  await Promise.allSettled(others);
  await Promise.race([Promise.allSettled(people), sleep(Math.max(0, drainUntil - Date.now()))]);
  // …and until the operators have nothing waiting and nothing in hand.
  const idle = () => {
    const w = room.waiting();
    return w.calls + w.callbacks + w.cases === 0 && room.operators.every((op) => !op.busy);
  };
  while (!idle() && Date.now() < drainUntil) await sleep(50);
  // Whoever still waits at the end hangs up (their reports are owed like anyone's), and the
  // system is given a moment to file them.
  const still = log.callers.filter((c) => c.outcome === 'waiting' || c.outcome === 'in_menu');
  for (const c of still) if (c.sid) sim.endCall(c.sid);
  await Promise.race([Promise.allSettled(people), sleep(10_000)]);
  // Then until every receipt is on a console (bounded, 15 s real).
  const receipts = () => collectReceipts(log);
  const limit = Date.now() + 15_000;
  while (Date.now() < limit) {
    if (account({ receipts: receipts(), sightings: [...log.sightings.values()] }).lost === 0) break;
    await refreshCallbacks(base, room, log);
    await sleep(250);
  }
  await refreshCallbacks(base, room, log);
  clearInterval(sampler);
  register?.close();
  supervising.close();
  phones.close();
  if (hourStat) log.hourly.push(hourStat);
  const runMs = Date.now() - started;

  let sightings = [...log.sightings.values()];
  let dropped = null;
  const finalReceipts = receipts();
  if (dropOne) {
    dropped = finalReceipts.find((r) => r.channel === 'web') ?? finalReceipts[0] ?? null;
    if (dropped) sightings = dropSightings(sightings, dropped);
  }
  let triaged;
  if (system.appDatabase) triaged = await triagedOnServer(system.appDatabase);
  const accounting = account({ receipts: finalReceipts, sightings, triaged: triaged?.triaged });
  // A duplicate made by a failed connection (the answer made a report, the dequeue failed, the
  // caller then left the queue and got a second one) is named as such.
  const failedConnect = new Set(
    log.failedConnects.map((id) => log.callCases.get(id)?.caseId).filter(Boolean),
  );
  accounting.duplicateKeys = accounting.duplicateKeys.map((k) =>
    [...failedConnect].some((id) => k.includes(id))
      ? `${k}: made by an answer whose connection failed; the same call also left the queue with a report`
      : k,
  );
  if (triaged && triaged.reports !== accounting.received) {
    accounting.duplicated += Math.max(0, triaged.reports - accounting.received);
    accounting.serverReports = triaged.reports;
  }
  if (system.server.exited)
    log.errors.push(`the server exited: ${JSON.stringify(system.server.exited)}`);
  log.operatorTimes = room.operators.map((o) => ({
    systemMs: o.systemMs ?? 0,
    peopleMs: o.peopleMs ?? 0,
  }));
  const result = summarise({
    scenario,
    options: { speed, hours, startHour, seed, db },
    arrivals,
    log,
    accounting,
    receipts: finalReceipts,
    clock,
    windowEndReal: clock.realAt((startHour + hours) * 3600),
    arrivalsEnd,
    machine: { cpus: os.cpus().length, node: process.version, loadAverageAtStart: loadAtStart },
  });
  result.serverLog = logFile;
  result.machine = {
    cpus: os.cpus().length,
    node: process.version,
    loadAverageAtStart: loadAtStart,
  };
  result.fault = dropped ? { dropOne: dropped.key } : null;
  result.durationS = round(runMs / 1000, 1);
  result.ok = accountingOk(accounting) && !system.server.exited;
  room.operators.forEach((op) => op.console?.close());
  await cleanup();
  result.machine.loadAverageAtEnd = os.loadavg().map((v) => round(v));
  return result;
}

/** What every sender was told was received, from the people's logs and the consoles'. */
export function collectReceipts(log) {
  const receipts = [];
  for (const w of log.writers)
    if (w.outcome === 'accepted')
      receipts.push({
        channel: w.channel,
        key: w.key,
        reportId: w.reportId,
        reference: w.reference,
        at: w.acceptedAt,
      });
  // Every text sent is a report the system owes, whether or not its answer came in time.
  for (const t of log.texters)
    if (t.status !== undefined)
      receipts.push({ channel: 'sms', key: t.id, reference: t.reference, at: t.repliedAt });
  const voiceMasks = new Set();
  // A warning escalated to the hotline is a report on the monitoring channel, like any other.
  for (const e of log.register?.escalations ?? [])
    receipts.push({
      channel: 'monitoring',
      key: `warning:${e.warningId}`,
      reference: e.reference,
      at: e.at,
    });
  for (const a of log.answers) {
    voiceMasks.add(a.masked);
    receipts.push({
      channel: 'voice',
      key: `answer:${a.callId}`,
      caseId: a.caseId,
      reference: a.reference,
      at: a.at,
    });
  }
  for (const task of log.callbackTasks.values()) {
    voiceMasks.add(task.maskedNumber);
    receipts.push({
      channel: 'voice',
      key: `callback:${task.id}`,
      caseId: task.caseId,
      at: Date.parse(task.createdAt),
    });
  }
  // A caller who hung up while being connected: the answer made the report (its case is on the
  // call); a caller of whom the system kept nothing at all is a lost report.
  for (const c of log.callers) {
    if (c.enqueuedAt === null || c.outcome === 'waiting' || voiceMasks.has(c.masked)) continue;
    const seen = log.seenByMask.get(c.masked);
    const linked = seen ? log.callCases.get(seen.id) : undefined;
    c.droppedWhileConnecting = Boolean(linked);
    receipts.push({
      channel: 'voice',
      key: `caller:${c.id}`,
      caseId: linked?.caseId ?? null,
      at: c.exitedAt,
    });
  }
  return receipts;
}

async function refreshCallbacks(base, room, log) {
  const op = room.operators.find((o) => o.cookie);
  if (!op) return;
  const list = parseJson(
    (await request(base, '/api/calls/callbacks', { headers: { cookie: op.cookie } })).text,
  );
  for (const task of list?.tasks ?? [])
    log.callbackTasks.set(task.id, { ...log.callbackTasks.get(task.id), ...task });
}

async function triagedOnServer(url) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `select count(*)::int as reports, count(*) filter (where triaged_at is not null)::int as triaged
         from reports where received_at > now() - interval '1 day' and channel <> 'hotline12345'`,
    );
    return rows[0];
  } finally {
    await c.end();
  }
}

/** Erlang C's operators per shift, from the shift's busiest hour and the mean handling time. */
export function erlangStaffing(scenario) {
  const o = scenario.operators;
  const handleSeconds =
    scenario.calls.talk.mean +
    o.wrapUp.mean +
    o.answer.mean +
    o.assess.mean +
    o.refer.mean * o.referShare;
  const perShift = o.shifts.map((s) =>
    agentsFor({
      ratePerHour: Math.max(...scenario.calls.perHour.slice(s.from, s.to)),
      handleSeconds,
      targetSeconds: 15,
      target: 0.9,
    }),
  );
  return { handleSeconds: round(handleSeconds), perShift };
}

/** The next staffing to try: one more operator on every shift that missed 90 % within 15 s. */
export function nextStaffing(staffing, within15PerShift, target = 0.9) {
  return staffing.map((n, i) =>
    within15PerShift[i] !== null && within15PerShift[i] < target ? n + 1 : n,
  );
}

/** `--find-staffing`: the day again with more operators until 90 % of calls are answered in 15 s. */
async function findStaffing(opts, scenario, seed) {
  const erlang = erlangStaffing(scenario);
  say(
    `Erlang C per shift (busiest hour, ${erlang.handleSeconds} s handling): ${erlang.perShift.join(' / ')}`,
  );
  const trials = [];
  // Start one below Erlang C's answer (the simulation may do better than the formula's worst case).
  let staffing = erlang.perShift.map((n) => Math.max(1, n - 1));
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await runDay({ ...opts, scenario: withStaffing(scenario, staffing), seed });
    const perShift = scenario.operators.shifts.map(
      (s) => result.callsByShift?.[s.name]?.within15Share ?? null,
    );
    trials.push({ staffing: [...staffing], within15PerShift: perShift, ok: result.ok });
    say(`staffing ${staffing.join('/')} → within 15 s per shift ${perShift.join(' / ')}`);
    const next = nextStaffing(staffing, perShift);
    if (next.every((n, i) => n === staffing[i])) break;
    staffing = next;
  }
  return {
    erlangC: erlang.perShift,
    handleSeconds: erlang.handleSeconds,
    trials,
    recommended: trials.at(-1).staffing,
  };
}

export async function main(argv) {
  const opts = parseArgs(argv);
  if (opts.help) {
    console.log(HELP);
    return true;
  }
  const scenario = loadScenario(opts.scenarioPath);
  const seed = opts.seed ?? scenario.seed;
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('\n  interrupted: stopping everything the day started…');
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result;
  try {
    result = await runDay({ ...opts, scenario, seed });
    if (opts.findStaffing) result.staffing = await findStaffing(opts, scenario, seed);
  } catch (err) {
    await cleanup();
    throw err;
  }
  mkdirSync(opts.out, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(join(opts.out, `${stamp}.json`), text);
  writeFileSync(join(opts.out, 'latest.json'), text);
  writeFileSync(join(opts.out, `${stamp}.html`), renderHtml(result));
  writeFileSync(join(opts.out, 'latest.html'), renderHtml(result));
  printSummary(result);
  console.log(`Wrote ${join(opts.out, `${stamp}.json`)}, latest.json and latest.html.`);
  return result.ok;
}
