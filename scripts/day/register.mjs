// The register in the day (issue 12 in issue 15's day): files in 温泉镇's two villages, visited as
// they fall due by 石南村's children's director and 龙岗村's township supervisor (the demo's own
// accounts), some by a check-in call through the Twilio simulator; visits that find danger raise
// warnings, and the director or supervisor acknowledges them or escalates them to the hotline,
// where they become cases like any report. Only the public routes and the simulator are used.
import { randomUUID } from 'node:crypto';
import { DANGER_SIGNAL_ITEMS, VISIT_CHECKLIST_ITEMS } from '../../shared/dist/index.js';
import { keepAliveAgent, parseJson, request } from '../../bench/lib/stats.mjs';
import { sleep } from '../../bench/lib/processes.mjs';
import { rng } from '../../bench/lib/reports.mjs';
import { login } from '../chaos/load.mjs';
import { sampleDelay } from './arrivals.mjs';
import { consoleSocket, phoneFor } from './people.mjs';

/** The two villages and who visits each (the demo seed's accounts). */
export const VILLAGES = [
  { code: '440117101201', visitor: 'director', staffPhone: '+8613700000101' },
  { code: '440117101202', visitor: 'township', staffPhone: '+8613700000102' },
];

/** The checklist items whose `false` is a danger signal (shared's, which raise the warning). */
export const DANGER_ITEMS = DANGER_SIGNAL_ITEMS;

/**
 * The register's plan for a window of the day, from the seed alone: which files fall due and when
 * (simulated seconds since midnight), and how each due visit goes — when, at home or by a call,
 * whether the guardian answers, whether it finds danger. Pure and reproducible.
 */
export function planRegister(scenario, { seed, startHour = 0, hours = 24 }) {
  const r = scenario.register;
  if (!r) return { files: [], startS: startHour * 3600 };
  const random = rng((seed * 31_337 + 0x7e61) >>> 0);
  const startS = startHour * 3600;
  const spanS = hours * 3600;
  const due = Math.min(r.children, Math.round((r.duePerDay * hours) / 24));
  const files = [];
  for (let i = 0; i < r.children; i++) {
    const file = { index: i, village: i % VILLAGES.length, dueS: null, visit: null };
    if (i < due) {
      // Spread over the window, clear of its first and last 5 % (the set-up and the drain).
      file.dueS = startS + spanS * (0.05 + (0.9 * (i + random())) / due);
      const late = random() < r.lateShare;
      const offset = sampleDelay(random, late ? r.late : r.early);
      const danger = random() < r.dangerShare;
      const item = DANGER_ITEMS[Math.floor(random() * DANGER_ITEMS.length)];
      const phone = random() < r.phoneShare;
      const answers = random() < r.guardianAnswers;
      file.visit = {
        atS: Math.max(startS + spanS * 0.02, late ? file.dueS + offset : file.dueS - offset),
        late,
        kind: phone ? 'phone' : 'home',
        guardianAnswers: answers,
        // If the guardian does not answer, a home visit this much later.
        retryAfterS: sampleDelay(random, r.late),
        danger: danger ? item : null,
      };
    }
    files.push(file);
  }
  return { files, startS };
}

/** Every checklist item answered, all good but the danger found (if any). */
export function checklistWith(danger) {
  return Object.fromEntries(VISIT_CHECKLIST_ITEMS.map((item) => [item, item !== danger]));
}

/**
 * The register's people: set-up (`register`, before the day), the back-dated last visits that
 * make the planned files fall due in the window (`start`, once the clock runs), the visits, and
 * the warnings' handling. Everything observed goes to `log.register`.
 */
export function registerDesk({ base, sim, clock, scenario, seed, password, plan, log }) {
  const r = scenario.register;
  const random = rng((seed ^ 0x4e61) >>> 0);
  const agent = keepAliveAgent(16);
  const reg = (log.register = {
    files: [],
    visits: [],
    calls: [],
    warnings: new Map(),
    escalations: [],
    errors: [],
  });
  const cookies = {};
  const sockets = [];
  const timers = new Set();
  let closed = false;
  const byChild = new Map();
  // What went wrong while the day ran (a request cut by the end of the run is not a fault).
  const fail = (what) => {
    if (!closed) reg.errors.push(what);
  };
  const escalatedChildren = new Set();

  const http = (path, cookie, init = {}) =>
    request(base, path, {
      agent,
      timeoutMs: 20_000,
      ...init,
      headers: { cookie, ...init.headers },
    });
  const at = (realMs, fn) => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        if (!closed) void fn().catch((err) => fail(String(err?.message ?? err)));
      },
      Math.max(0, realMs - Date.now()),
    );
    t.unref();
    timers.add(t);
  };

  function onEvent(event, p, seenAt) {
    if (event !== 'warning.created' && event !== 'warning.updated') return;
    const w = p?.warning;
    const file = w && byChild.get(w.childId);
    if (!file) return;
    const known = reg.warnings.get(w.id);
    // One record per warning, updated in place (the handler marks the same object).
    if (known) {
      known.status = w.status;
      return;
    }
    reg.warnings.set(w.id, {
      id: w.id,
      childId: w.childId,
      kind: w.kind,
      status: w.status,
      createdAt: w.createdAt,
      seenAt,
    });
    handleLater(file, w.id, w.kind);
  }

  /** The director or supervisor acts on a new warning after their reaction time. */
  function handleLater(file, warningId, kind) {
    const wait = clock.ms(sampleDelay(random, r.warnings.react));
    const escalate =
      kind === 'danger_signal' &&
      random() < r.warnings.escalateShare &&
      !escalatedChildren.has(file.childId);
    // One report per child: a second escalation of the same child would join its case.
    if (escalate) escalatedChildren.add(file.childId);
    at(Date.now() + wait, async () => {
      const cookie = cookies[VILLAGES[file.village].visitor];
      const entry = reg.warnings.get(warningId);
      if (escalate) {
        const requestedAt = Date.now();
        const res = await http(`/api/warnings/${warningId}/escalate`, cookie, { method: 'POST' });
        const body = parseJson(res.text);
        if (res.status === 200 && body?.reference) {
          reg.escalations.push({
            answeredAt: Date.now(),
            warningId,
            childId: file.childId,
            reference: body.reference,
            seenAt: entry?.seenAt ?? requestedAt,
            requestedAt,
            at: Date.now(),
          });
          Object.assign(entry ?? {}, { handled: 'escalated' });
        } else fail(`escalate ${res.status}`);
      } else {
        const res = await http(`/api/warnings/${warningId}/acknowledge`, cookie, {
          method: 'POST',
        });
        if (res.status === 200) Object.assign(entry ?? {}, { handled: 'acknowledged' });
        else fail(`acknowledge ${res.status}`);
      }
    });
  }

  async function recordVisit(file, kind, extra = {}) {
    const cookie = cookies[VILLAGES[file.village].visitor];
    const danger = file.visit.danger;
    // The visit happened now (or when its call began); recording it is the system's time.
    const startedAt = extra.callId
      ? (reg.calls.find((c) => c.callId === extra.callId)?.startedAt ?? Date.now())
      : Date.now();
    const res = await http(`/api/children/${file.childId}/visits`, cookie, {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      body: {
        kind,
        visitedAt: new Date(startedAt).toISOString(),
        seen: kind === 'phone' ? ['guardian'] : ['child'],
        checklist: checklistWith(danger),
        ...extra,
      },
    });
    const doneAt = Date.now();
    if (res.status !== 201 && res.status !== 200) {
      fail(`visit ${res.status}`);
      return;
    }
    reg.visits.push({
      fileIndex: file.index,
      kind,
      byCall: Boolean(extra.callId),
      dueReal: file.dueReal,
      startedAt,
      doneAt,
      late: startedAt > file.dueReal,
      danger,
    });
  }

  /** A check-in call to the first guardian; true when the guardian answered. */
  async function checkinCall(file) {
    const village = VILLAGES[file.village];
    const cookie = cookies[village.visitor];
    sim.setPhoneBehaviour(
      file.guardianPhone,
      file.visit.guardianAnswers
        ? { answer: true, ringSeconds: 6, talkSeconds: 240 }
        : { answer: false, ringSeconds: 40 },
    );
    const callStartedAt = Date.now();
    const started = await http(`/api/children/${file.childId}/calls`, cookie, {
      method: 'POST',
      body: { to: { guardianIndex: 0 }, staffPhone: village.staffPhone },
    });
    const call = parseJson(started.text);
    if (started.status !== 201 || !call?.id) {
      fail(`check-in call ${started.status}`);
      return false;
    }
    const record = {
      fileIndex: file.index,
      callId: call.id,
      startedAt: callStartedAt,
      outcome: null,
    };
    reg.calls.push(record);
    const until = Date.now() + clock.ms(3600) + 30_000;
    while (Date.now() < until && !closed) {
      await sleep(Math.max(50, clock.ms(15)));
      const now = parseJson(
        (await http(`/api/children/${file.childId}/calls/${call.id}`, cookie)).text,
      );
      if (now?.state === 'ended') {
        record.outcome = now.outcome;
        record.endedAt = Date.now();
        break;
      }
    }
    if (record.outcome === 'answered') {
      // The visit form afterwards fills the phone visit the call was logged as.
      await recordVisit(file, 'phone', { callId: call.id });
      return true;
    }
    return false;
  }

  return {
    onEvent,
    /** Before the day: the files registered by those who visit them, their sockets opened. */
    async register() {
      for (const v of new Set(VILLAGES.map((x) => x.visitor))) {
        cookies[v] = await login(base, v, password);
        const c = consoleSocket({ base, cookie: cookies[v], name: v, onEvent });
        sockets.push(c);
        await c.ready;
      }
      for (const v of VILLAGES)
        sim.setPhoneBehaviour(v.staffPhone, { answer: true, ringSeconds: 3, talkSeconds: 7200 });
      // Four at a time, as two people entering a village's files would not go faster.
      const queue = [...plan.files];
      const one = async (file) => {
        const village = VILLAGES[file.village];
        file.guardianPhone = phoneFor('17', file.index);
        const postedAt = Date.now();
        const res = await http('/api/children', cookies[village.visitor], {
          method: 'POST',
          body: {
            name: `登记儿童${file.index + 1}`,
            sex: file.index % 2 ? 'male' : 'female',
            age: 6 + (file.index % 10),
            regionCode: village.code,
            // Left-behind children whose parents work in the city: high risk whether or not a
            // visit found anything (no guardian at home), so a visit keeps the interval.
            categories: ['left_behind'],
            guardians: [
              {
                relation: file.index % 2 ? 'father' : 'mother',
                name: `监护人${file.index + 1}`,
                phone: file.guardianPhone,
                livesWithChild: false,
                workPlace: '广州市',
              },
            ],
          },
        });
        const id = parseJson(res.text)?.id;
        if (res.status !== 201 || !id)
          throw new Error(`registering a child failed: HTTP ${res.status} ${res.text}`);
        file.childId = id;
        byChild.set(id, file);
        reg.files.push(file);
        if (file.dueS === null) return;
        const child = parseJson((await http(`/api/children/${id}`, cookies[village.visitor])).text);
        // The interval the system gives this file: its risk level's days (the visit settings)
        // × the time scale; measured from the registration when the settings are not readable.
        const days = visitDays?.[child?.riskLevel];
        file.intervalMs = days
          ? (days * 86_400_000) / clock.speed
          : Date.parse(child?.nextVisitDue ?? '') - postedAt;
      };
      const admin = await login(base, 'admin', password);
      const visitDays = parseJson(
        (await http('/api/admin/settings/visits', admin)).text,
      )?.visitDays;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let file = queue.shift(); file; file = queue.shift()) await one(file);
        }),
      );
    },
    /**
     * The last visit of each planned file, dated so that the system makes it fall due at its
     * planned moment of a day that starts at `t0` (real ms, a moment ahead: the caller starts the
     * clock then). Four at a time; returns the files whose last visit could not be recorded.
     */
    async backdate(t0) {
      const realAt = (simS) => t0 + ((simS - plan.startS) * 1000) / clock.speed;
      const queue = plan.files.filter((f) => f.dueS !== null && Number.isFinite(f.intervalMs));
      const one = async (file) => {
        const visitedAt = realAt(file.dueS) - file.intervalMs;
        if (visitedAt > Date.now()) return;
        const cookie = cookies[VILLAGES[file.village].visitor];
        const res = await http(`/api/children/${file.childId}/visits`, cookie, {
          method: 'POST',
          headers: { 'idempotency-key': randomUUID() },
          body: { kind: 'home', visitedAt: new Date(visitedAt).toISOString(), seen: ['child'] },
        });
        const due = Date.parse(parseJson(res.text)?.nextVisitDue ?? '');
        if (Number.isFinite(due)) file.dueReal = due;
        else fail(`last visit ${res.status}`);
      };
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let file = queue.shift(); file; file = queue.shift()) await one(file);
        }),
      );
    },
    /** Once the clock runs: each due file's visit at its planned time. */
    start() {
      for (const file of plan.files) {
        if (!Number.isFinite(file.dueReal)) continue;
        file.dueSimS = clock.simAt(file.dueReal);
        at(clock.realAt(file.visit.atS), async () => {
          if (file.visit.kind === 'phone') {
            if (await checkinCall(file)) return;
            // Nobody answered: a home visit later.
            return void at(Date.now() + clock.ms(file.visit.retryAfterS), () =>
              recordVisit(file, 'home'),
            );
          }
          await recordVisit(file, 'home');
        });
      }
    },
    /** Warnings the run has seen that nobody has acted on yet (the drain waits a little). */
    pending: () => timers.size,
    close() {
      closed = true;
      timers.forEach((t) => clearTimeout(t));
      sockets.forEach((s) => s.close());
      agent.destroy();
    },
  };
}
