// The simulated people of the day. They act only through Hutong's real interfaces: callers and
// texters through the Twilio simulator (signed webhooks), web and partner reporters through
// POST /api/reports, operators, supervisors and centres as Socket.IO + HTTP clients.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { request, keepAliveAgent, parseJson } from '../../bench/lib/stats.mjs';
import { sleep } from '../../bench/lib/processes.mjs';
import { rng } from '../../bench/lib/reports.mjs';
import { sampleDelay } from './arrivals.mjs';

/** Compressed time: simulated seconds since midnight ↔ real milliseconds. */
export function simClock({ speed, startHour }) {
  let t0 = Date.now();
  return {
    speed,
    get t0() {
      return t0;
    },
    /** Starts the day now, or at `at` (real ms), after the accounts and consoles are ready. */
    start: (at) => {
      t0 = at ?? Date.now();
    },
    /** Simulated seconds since midnight now. */
    now: () => startHour * 3600 + ((Date.now() - t0) * speed) / 1000,
    /** Real ms for a span of simulated seconds. */
    ms: (seconds) => (seconds * 1000) / speed,
    /** Real epoch ms of a simulated instant. */
    realAt: (simS) => t0 + ((simS - startHour * 3600) * 1000) / speed,
    /** Simulated seconds since midnight of a real epoch ms. */
    simAt: (real) => startHour * 3600 + ((real - t0) * speed) / 1000,
    sleep: (seconds) => sleep(Math.max(0, (seconds * 1000) / speed)),
  };
}

/** A +86 mobile number whose masked form (`+86 13x****nnnn`) is unique per index. */
export function phoneFor(prefix, index) {
  const head = `${prefix}${Math.floor(index / 10_000) % 10}`;
  const middle = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
  return `+86${head}${middle}${String(index % 10_000).padStart(4, '0')}`;
}
export const maskOf = (number) => `+86 ${number.slice(3, 6)}****${number.slice(-4)}`;

const MENU_DIGIT = { immediate_danger: '1', professional_report: '2', talk: '3' };
const REFERENCE = /HT-[0-9A-Z]{4}-[0-9A-Z]{4}/;

/** One caller: dials, walks the menu, waits with their patience, may leave a message. */
export async function caller({ sim, clock, arrival, index, log, shared }) {
  const from = phoneFor('13', index);
  const digits =
    arrival.menu === 'silent'
      ? [arrival.language === 'en' ? '2' : '1', null, null]
      : [arrival.language === 'en' ? '2' : '1', MENU_DIGIT[arrival.menu]];
  const record = {
    id: arrival.id,
    masked: maskOf(from),
    urgent: arrival.menu === 'immediate_danger',
    menu: arrival.menu,
    language: arrival.language,
    leaves: arrival.leaves,
    patienceS: arrival.patienceS,
    placedAt: Date.now(),
    enqueuedAt: null,
    exitedAt: null,
    outcome: 'in_menu',
    chose: null,
  };
  log.push(record);
  const handle = sim.placeCall({ from, script: { digits } });
  record.sid = handle.sid;
  const call = handle.call;
  const ended = () =>
    ['completed', 'canceled', 'failed', 'busy', 'no-answer'].includes(call.status);
  await sim
    .waitUntil(() => Boolean(call.queue) || ended(), 3_600_000, 'the caller in a queue')
    .catch(() => undefined);
  if (call.queue) {
    record.enqueuedAt = call.queue.enqueuedAt;
    record.outcome = 'waiting';
    const stillWaiting = () => Boolean(call.queue) && !ended();
    const leaveAt = arrival.leaves !== 'never' ? 61 : Infinity;
    if (arrival.patienceS < leaveAt) {
      // Patience is the caller's own time and runs compressed; the time the system itself takes
      // (showing the caller on the consoles, connecting an answer) is real and is not charged
      // to it, or at high speed every caller would hang up while the system works.
      const giveUp = async () => {
        if (!stillWaiting()) return;
        const seen = shared.seenByMask.get(record.masked);
        const systemMs = seen
          ? Math.max(0, seen.at - record.enqueuedAt)
          : Date.now() - record.enqueuedAt;
        const due = record.enqueuedAt + clock.ms(arrival.patienceS) + systemMs;
        if (!seen && Date.now() - record.enqueuedAt < 10_000)
          return void setTimeout(giveUp, 20).unref();
        if (Date.now() < due) return void setTimeout(giveUp, due - Date.now()).unref();
        const answering = shared.answering.get(record.masked);
        if (answering) await answering;
        if (stillWaiting()) handle.hangup();
      };
      setTimeout(giveUp, clock.ms(arrival.patienceS)).unref();
    } else {
      setTimeout(() => {
        if (!stillWaiting()) return;
        record.chose = arrival.leaves;
        handle.press(arrival.leaves === 'voicemail' ? '1' : '2');
      }, clock.ms(leaveAt)).unref();
    }
  }
  await handle.done.catch(() => undefined);
  const exit = call.events.find((e) => e.type === 'queue-exit');
  if (record.enqueuedAt !== null) {
    record.exitedAt = exit?.at ?? call.endTime?.getTime() ?? Date.now();
    const result = String(exit?.detail?.result ?? 'hangup');
    record.queueResult = result;
    record.outcome =
      result === 'hangup'
        ? 'abandoned'
        : result === 'leave'
          ? (record.chose ?? 'left')
          : 'answered';
    record.recorded = call.events.some((e) => e.type === 'recorded');
  } else record.outcome = 'hung_up_in_menu';
  record.endedAt = Date.now();
  return record;
}

/** One SMS conversation: the first text, the system's reply with the reference. */
export async function texter({ sim, arrival, index, log }) {
  const from = phoneFor('15', index);
  const body =
    arrival.language === 'en'
      ? 'help, a child on my street is left alone at night'
      : '你好，我想举报，邻居家的孩子经常被打';
  const record = { id: arrival.id, masked: maskOf(from), sentAt: Date.now(), reference: null };
  log.push(record);
  const result = await sim.sendSms({ from, body });
  record.status = result.webhookStatus;
  record.repliedAt = Date.now();
  const text = result.replies.map((m) => m.body).join('\n');
  record.reference = REFERENCE.exec(text)?.[0] ?? null;
  return record;
}

/** A web or partner report, retried with the same Idempotency-Key as a careful client does. */
export async function writer({ base, agent, body, apiKey, arrival, log }) {
  const key = randomUUID();
  const record = { id: arrival.id, channel: apiKey ? 'api' : 'web', key, statuses: [] };
  log.push(record);
  const started = Date.now();
  for (let delay = 250; ; delay = Math.min(4000, delay * 2)) {
    const res = await request(base, '/api/reports', {
      method: 'POST',
      body,
      agent,
      headers: { 'idempotency-key': key, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      timeoutMs: 20_000,
    });
    record.statuses.push(res.status);
    if (res.status === 201) {
      const answer = parseJson(res.text);
      Object.assign(record, {
        outcome: 'accepted',
        reportId: answer?.id,
        reference: answer?.reference,
        acceptedAt: Date.now(),
      });
      return record;
    }
    if (!(res.status === 0 || res.status === 429 || res.status >= 500)) {
      record.outcome = 'refused';
      return record;
    }
    if (Date.now() - started > 120_000) {
      record.outcome = 'failed';
      return record;
    }
    await sleep(delay);
  }
}

/** A console's Socket.IO connection; every event it is shown goes to `onEvent`. */
export function consoleSocket({ base, cookie, name, onEvent }) {
  const socket = io(base, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnectionDelay: 200,
    reconnectionDelayMax: 2000,
    timeout: 10_000,
  });
  const ready = new Promise((resolve) => socket.once('sync.resumed', resolve));
  socket.onAny((event, payload) => {
    // Case events committed together come in one `cases.changed`; the console takes each alone.
    if (event === 'cases.changed') {
      for (const { name: one, ...change } of payload.changes)
        onEvent(one, change, Date.now(), name);
    } else onEvent(event, payload, Date.now(), name);
  });
  return { socket, ready, close: () => socket.close() };
}

/**
 * The operators' room: every on-duty operator's console, and what is waiting for a person —
 * callers (most urgent, then longest waiting first), callback tasks, new cases. A free operator
 * takes the next item; two never take the same one (the server's atomic claim and answer decide
 * anyway, and a 409 is logged).
 */
export function desk({ base, clock, scenario, seed, log, sims }) {
  const random = rng(seed ^ 0x5eed);
  const o = scenario.operators;
  const waitingCalls = new Map();
  const callbacks = new Map();
  const newCases = new Map();
  const taken = new Set();
  /** Cases a supervisor handed to an operator, by the operator's name. */
  const assigned = new Map();
  const operators = [];
  const agent = keepAliveAgent(64);
  /**
   * An operator's request. The time it takes is the system's, real and uncompressed; the operator
   * carries it as a debt that their next human delays absorb, so that at high speed the system's
   * latency does not stretch the operator's simulated working time (see report.mjs).
   */
  const http = async (path, op, init = {}) => {
    const started = Date.now();
    const res = await request(base, path, {
      agent,
      timeoutMs: 20_000,
      ...init,
      headers: { cookie: op.cookie },
    });
    const took = Date.now() - started;
    op.debtMs = (op.debtMs ?? 0) + took;
    op.systemMs = (op.systemMs ?? 0) + took;
    return res;
  };
  const prioRank = { P1: 0, P2: 1, P3: 2, P4: 3 };

  /** What the room learns from any console (first sighting wins). */
  function onEvent(event, p, at) {
    if (event === 'call.queued' || event === 'call.updated') {
      if (p.status === 'queued' && !taken.has(`call:${p.id}`)) {
        if (!waitingCalls.has(p.id)) {
          waitingCalls.set(p.id, { ...p, seenAt: at });
          log.callSeen.push({ id: p.id, masked: p.maskedNumber, at });
          log.seenByMask.set(p.maskedNumber, { id: p.id, at });
        }
      } else {
        waitingCalls.delete(p.id);
        log.callStatuses.set(p.id, [...(log.callStatuses.get(p.id) ?? []), p.status]);
      }
      if (event === 'call.updated' && p.escalated) log.escalated.add(p.id);
      if (p.caseId) log.callCases.set(p.id, { caseId: p.caseId, reference: p.caseReference });
    } else if (event === 'call.escalated') {
      log.escalated.add(p.call?.id ?? p.callId ?? p.id);
    } else if (event === 'callback.created' || event === 'callback.updated') {
      const task = p.task;
      const before = log.callbackTasks.get(task.id);
      log.callbackTasks.set(task.id, { ...before, ...task, seenAt: before?.seenAt ?? at });
      if (p.completedAt) callbacks.delete(task.id);
      else if (!taken.has(`cb:${task.id}`)) callbacks.set(task.id, task);
    } else if (event === 'case.created' || event === 'case.updated') {
      const c = p.case;
      if (!c) return;
      if (event === 'case.created' && p.event?.type === 'case_opened') {
        if (!log.sightings.has(c.id))
          log.sightings.set(c.id, {
            caseId: c.id,
            reportId: p.event?.data?.reportId ?? null,
            reference: c.reference,
            channel: c.channel,
            priority: c.priority,
            at,
          });
      }
      log.cases.set(c.id, c);
      if (c.status === 'new' && !c.assignee && c.channel !== 'voice') {
        if (!taken.has(`case:${c.id}`)) newCases.set(c.id, c);
      } else newCases.delete(c.id);
    }
    kick();
  }

  /**
   * The next thing a free operator does: an urgent caller, a P1 case, the longest-waiting caller,
   * a P2 case, a callback task (earliest deadline), then the other cases.
   */
  function next() {
    const calls = [...waitingCalls.values()].sort(
      (a, b) => Number(b.urgent) - Number(a.urgent) || a.seenAt - b.seenAt,
    );
    const cases = [...newCases.values()].sort(
      (a, b) =>
        prioRank[a.priority] - prioRank[b.priority] || a.createdAt.localeCompare(b.createdAt),
    );
    const tasks = [...callbacks.values()].sort((a, b) => a.deadline.localeCompare(b.deadline));
    if (calls[0]?.urgent) return { kind: 'call', item: calls[0] };
    if (cases[0]?.priority === 'P1') return { kind: 'case', item: cases[0] };
    if (calls[0]) return { kind: 'call', item: calls[0] };
    if (cases[0]?.priority === 'P2') return { kind: 'case', item: cases[0] };
    if (tasks[0]) return { kind: 'callback', item: tasks[0] };
    if (cases[0]) return { kind: 'case', item: cases[0] };
    return undefined;
  }

  function take(work) {
    if (work.kind === 'assigned') return;
    const key = { call: 'call:', callback: 'cb:', case: 'case:' }[work.kind] + work.item.id;
    taken.add(key);
    ({ call: waitingCalls, callback: callbacks, case: newCases })[work.kind].delete(work.item.id);
  }

  function kick() {
    for (const op of operators) {
      if (!op.onDuty || op.busy) continue;
      // A case the supervisor handed over comes next after an urgent caller.
      let work = next();
      if (work?.kind !== 'call' || !work.item.urgent) {
        const mine = assigned.get(op.name)?.shift();
        if (mine) work = { kind: 'assigned', item: mine };
      }
      if (!work) {
        // Idle time absorbs whatever the system's latency had cost this operator.
        operators.forEach((o) => {
          if (!o.busy) o.debtMs = 0;
        });
        return;
      }
      take(work);
      op.busy = true;
      op.busySince = Date.now();
      void perform(op, work)
        .catch((err) => log.errors.push(`${op.name}: ${err?.message ?? err}`))
        .finally(() => {
          op.busy = false;
          op.busyMs += Date.now() - op.busySince;
          kick();
        });
    }
  }

  const later = async (op, spec) => {
    const wanted = clock.ms(sampleDelay(random, spec));
    op.peopleMs = (op.peopleMs ?? 0) + wanted;
    const owed = Math.min(wanted, op.debtMs ?? 0);
    op.debtMs = (op.debtMs ?? 0) - owed;
    await sleep(wanted - owed);
  };

  async function caseWork(op, caseId, channel, version) {
    if (channel === 'sms') {
      // A texter is answered first, then the case is assessed.
      const sent = await http(`/api/cases/${caseId}/sms`, op, {
        method: 'POST',
        body: { body: '您好，我们已收到您的信息，工作人员正在处理。' },
      });
      log.statuses.push(`sms reply ${sent.status}`);
      if (sent.status < 300) log.smsReplies.set(caseId, Date.now());
    }
    await later(op, o.assess);
    // The version the claim (or the answer) returned; one reload after a concurrent change.
    let patched = await http(`/api/cases/${caseId}`, op, {
      method: 'PATCH',
      body: { version, assessment: { injuries: 'assessed by the simulated operator' } },
    });
    if (patched.status === 409) {
      const detail = parseJson((await http(`/api/cases/${caseId}`, op)).text);
      version = detail?.version ?? detail?.case?.version;
      patched = await http(`/api/cases/${caseId}`, op, {
        method: 'PATCH',
        body: { version, assessment: { injuries: 'assessed by the simulated operator' } },
      });
    }
    log.statuses.push(`assess ${patched.status}`);
    if (random() >= o.referShare) return;
    await later(op, o.refer);
    const suggestions = parseJson((await http(`/api/cases/${caseId}/centre-suggestions`, op)).text);
    const centreId =
      suggestions?.suggestions?.[0]?.centre?.id ??
      suggestions?.suggestions?.[0]?.id ??
      sims.centreIds[Math.floor(random() * sims.centreIds.length)];
    const postedAt = Date.now();
    const res = await http(`/api/cases/${caseId}/referrals`, op, {
      method: 'POST',
      body: { centreId },
    });
    log.statuses.push(`refer ${res.status}`);
    const ref = parseJson(res.text);
    // The centre may have been shown the referral before this answer came: keep what it saw.
    if (res.status < 300 && ref?.id)
      log.referrals.set(ref.id, { ...ref, ...log.referrals.get(ref.id), postedAt });
  }

  async function perform(op, work) {
    if (work.kind === 'call') {
      await later(op, o.answer);
      if (!log.callStillQueued(work.item.id)) return;
      const answeredAt = Date.now();
      const posted = http(`/api/calls/${work.item.id}/answer`, op, {
        method: 'POST',
        body: {},
      });
      log.answering.set(work.item.maskedNumber, posted);
      const res = await posted;
      log.answering.delete(work.item.maskedNumber);
      log.statuses.push(
        `answer ${res.status}${res.status === 200 ? '' : ` ${parseJson(res.text)?.error?.message ?? ''}`}`,
      );
      if (res.status !== 200) {
        if (/could not be connected/.test(res.text)) {
          log.failedConnects.push(work.item.id);
          // The server put the caller back in the queue (its `call.updated` came while the call
          // was this operator's): on a console the caller is waiting again, so anyone free
          // answers again, as a person would after "try again".
          taken.delete(`call:${work.item.id}`);
          if (log.callStillQueued(work.item.id)) waitingCalls.set(work.item.id, work.item);
        }
        return;
      }
      const answer = parseJson(res.text);
      log.answers.push({
        callId: work.item.id,
        masked: work.item.maskedNumber,
        caseId: answer.case.id,
        reference: answer.case.reference,
        requestedAt: answeredAt,
        at: Date.now(),
        by: op.name,
      });
      await later(op, scenario.calls.talk);
      const hung = await http(`/api/calls/${work.item.id}/hangup`, op, { method: 'POST' });
      log.statuses.push(`hangup ${hung.status}`);
      await later(op, o.wrapUp);
      await caseWork(op, answer.case.id, 'voice', answer.case.version);
    } else if (work.kind === 'callback') {
      await later(op, o.callback);
      // The console links the task to its case once the report is triaged; the operator opens it.
      for (let i = 0; i < 20 && !log.callbackTasks.get(work.item.id)?.caseId; i++) {
        const open = parseJson((await http('/api/calls/callbacks', op)).text);
        const task = open?.tasks?.find((t) => t.id === work.item.id);
        if (task?.caseId)
          Object.assign(log.callbackTasks.get(work.item.id) ?? {}, { caseId: task.caseId });
        else await sleep(100);
      }
      const requestedAt = Date.now();
      const res = await http(`/api/calls/callbacks/${work.item.id}/complete`, op, {
        method: 'POST',
      });
      log.statuses.push(`callback ${res.status}`);
      const done = parseJson(res.text);
      if (res.status === 200)
        log.callbackTasks.set(work.item.id, {
          ...log.callbackTasks.get(work.item.id),
          ...done.task,
          requestedAt,
          doneAt: Date.now(),
        });
    } else if (work.kind === 'assigned') {
      // The supervisor's reassignment: the operator opens the case and works it.
      log.assignedWorked = (log.assignedWorked ?? 0) + 1;
      await later(op, o.claim);
      await caseWork(op, work.item.id, work.item.channel, work.item.version);
    } else {
      await later(op, o.claim);
      const requestedAt = Date.now();
      const res = await http(`/api/cases/${work.item.id}/claim`, op, { method: 'POST' });
      log.statuses.push(`claim ${res.status}`);
      if (res.status !== 200) return;
      const c = parseJson(res.text);
      log.claims.push({
        caseId: c.id,
        priority: c.priority,
        channel: c.channel,
        claimedAt: c.claimedAt,
        claimDeadline: c.claimDeadline,
        createdAt: c.createdAt,
        seenAt: log.sightings.get(c.id)?.at ?? work.item.seenAt ?? requestedAt,
        requestedAt,
        at: Date.now(),
      });
      await caseWork(op, c.id, c.channel, c.version);
    }
  }

  return {
    operators,
    onEvent,
    kick,
    /** Whether an operator has picked the case up (the supervisor sees it opened). */
    isTaken: (caseId) => taken.has(`case:${caseId}`),
    /** The on-duty operator with the least in hand (free first). */
    leastBusy: () =>
      operators
        .filter((op) => op.onDuty && op.userId)
        .sort(
          (a, b) =>
            Number(a.busy) - Number(b.busy) ||
            (assigned.get(a.name)?.length ?? 0) - (assigned.get(b.name)?.length ?? 0),
        )[0],
    /** A case the supervisor reassigned to `op` (its summary as the reassignment answered). */
    assign(op, summary) {
      taken.add(`case:${summary.id}`);
      newCases.delete(summary.id);
      assigned.set(op.name, [...(assigned.get(op.name) ?? []), summary]);
      kick();
    },
    waiting: () => ({
      calls: waitingCalls.size,
      callbacks: callbacks.size,
      cases: newCases.size + [...assigned.values()].reduce((n, a) => n + a.length, 0),
    }),
    close: () => agent.destroy(),
  };
}

/**
 * A centre's duty officer: acknowledges each new referral after a delay in the console, or by
 * pressing 1 on the voice alert (P1/P2 referrals; see supervision.mjs `centrePhones`), or never.
 */
export function centreDesk({ base, clock, scenario, seed, log }) {
  const random = rng(seed ^ 0xce4e);
  const agent = keepAliveAgent(16);
  const seen = new Set();
  return {
    onEvent(event, p, at, cookie) {
      if (event === 'referral.updated' && p.referral) {
        const known = log.referrals.get(p.referral.id);
        if (known && p.referral.acknowledgedAt && !known.acknowledgedVia)
          Object.assign(known, {
            acknowledgedAt: p.referral.acknowledgedAt,
            acknowledgedVia: p.referral.acknowledgedVia,
            ackDeadline: known.ackDeadline ?? p.referral.ackDeadline,
          });
        return;
      }
      if (event !== 'referral.created' || !p.referral || seen.has(p.referral.id)) return;
      const r = p.referral;
      seen.add(r.id);
      const entry = log.referrals.get(r.id) ?? {};
      log.referrals.set(r.id, { ...r, ...entry, centreSeenAt: at });
      if (random() < scenario.centres.neverShare) {
        log.referrals.get(r.id).never = true;
        log.referrals.get(r.id).fate = 'never';
        return;
      }
      const byPhone =
        (r.priority === 'P1' || r.priority === 'P2') && random() < scenario.centres.phoneShare;
      log.referrals.get(r.id).fate = byPhone ? 'phone' : 'console';
      if (byPhone) return;
      const wait = sampleDelay(random, scenario.centres.acknowledge);
      setTimeout(() => {
        if (log.referrals.get(r.id)?.acknowledgedAt || log.referrals.get(r.id)?.revoked) return;
        void request(base, `/api/referrals/${r.id}`, {
          method: 'PATCH',
          agent,
          body: { status: 'acknowledged' },
          headers: { cookie },
          timeoutMs: 20_000,
        }).then((res) => {
          log.statuses.push(`acknowledge ${res.status}`);
          const ack = parseJson(res.text);
          if (res.status === 200)
            Object.assign(log.referrals.get(r.id), {
              acknowledgedVia: 'console',
              acknowledgedAt: ack.acknowledgedAt,
              ackDeadline: ack.ackDeadline ?? r.ackDeadline,
              ackedReal: Date.now(),
            });
        });
      }, clock.ms(wait)).unref();
    },
    close: () => agent.destroy(),
  };
}
