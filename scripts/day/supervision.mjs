// The duty supervisor answering the consoles' alarms, and the centres' duty officers answering
// the referral alert calls on their phones. Only the public routes, Socket.IO and the Twilio
// simulator are used, as a supervisor's console and a duty phone do.
import { keepAliveAgent, parseJson, request } from '../../bench/lib/stats.mjs';
import { rng } from '../../bench/lib/reports.mjs';
import { sampleDelay } from './arrivals.mjs';

/**
 * The supervisor: on `supervisor.alerted` a late claim is handed to an operator on duty (the
 * least busy), and a referral that reached the supervisors' rung is revoked and re-routed to
 * another centre (a share of them). `room` is the operators' desk.
 */
export function supervisorDesk({ base, clock, scenario, seed, log, room, cookie, centreIds }) {
  const s = scenario.supervision;
  const random = rng((seed ^ 0x5a9e) >>> 0);
  const agent = keepAliveAgent(8);
  const sup = (log.supervision = {
    alerts: {},
    lateClaims: 0,
    reassigned: [],
    claimedBeforeSupervisor: 0,
    rerouted: [],
    reactedS: [],
    errors: [],
  });
  const handled = new Set();
  const timers = new Set();
  let closed = false;
  const fail = (what) => {
    if (!closed) sup.errors.push(what);
  };
  const http = (path, init = {}) =>
    request(base, path, { agent, timeoutMs: 20_000, ...init, headers: { cookie } });

  async function lateClaim(caseId, alertAt) {
    // The supervisor looks at the case: still nobody's?
    const current = parseJson((await http(`/api/cases/${caseId}`)).text);
    const c = current?.case ?? current;
    if (!c || c.status !== 'new' || c.assignee || room.isTaken(caseId)) {
      sup.claimedBeforeSupervisor++;
      return;
    }
    if (random() >= s.reassignShare) return;
    const op = room.leastBusy();
    if (!op?.userId) return;
    const requestedAt = Date.now();
    const res = await http(`/api/cases/${caseId}/reassign`, {
      method: 'POST',
      body: { assigneeId: op.userId },
    });
    if (res.status !== 200) {
      fail(`reassign ${res.status}`);
      return;
    }
    const summary = parseJson(res.text);
    sup.reassigned.push({ caseId, to: op.name, alertAt, requestedAt, at: Date.now() });
    room.assign(op, summary);
  }

  async function escalatedReferral(caseId, alertAt) {
    const list = parseJson((await http(`/api/cases/${caseId}/referrals`)).text);
    const referrals = list?.referrals ?? [];
    for (const r of referrals) {
      // The ladder's second rung is the supervisors'; the first is the centre's next contact.
      if (r.status !== 'pending' || r.escalationLevel < 2 || handled.has(r.id)) continue;
      handled.add(r.id);
      if (random() >= s.rerouteShare) continue;
      const others = centreIds.filter((id) => id !== r.centre.id);
      if (others.length === 0) continue;
      const revoked = await http(`/api/referrals/${r.id}`, {
        method: 'PATCH',
        body: { status: 'revoked', reason: '中心未在时限内确认，值班主任改派' },
      });
      if (revoked.status !== 200) {
        // The centre acknowledged meanwhile: nothing to re-route.
        fail(`revoke ${revoked.status}`);
        continue;
      }
      const centreId = others[Math.floor(random() * others.length)];
      const postedAt = Date.now();
      const made = await http(`/api/cases/${caseId}/referrals`, {
        method: 'POST',
        body: { centreId, replaces: r.id, note: '改派' },
      });
      const ref = parseJson(made.text);
      if (made.status >= 300 || !ref?.id) {
        fail(`re-route ${made.status}`);
        continue;
      }
      log.referrals.set(ref.id, { ...ref, ...log.referrals.get(ref.id), postedAt, reroute: true });
      const old = log.referrals.get(r.id);
      if (old) old.revoked = true;
      sup.rerouted.push({ referralId: r.id, newReferralId: ref.id, alertAt, at: Date.now() });
    }
  }

  return {
    onEvent(event, p, at) {
      if (event !== 'supervisor.alerted' || !p?.kind) return;
      sup.alerts[p.kind] = (sup.alerts[p.kind] ?? 0) + 1;
      if (p.kind === 'claim_overdue') sup.lateClaims++;
      const key = `${p.kind}:${p.caseId}:${p.seq}`;
      if (handled.has(key) || !s) return;
      handled.add(key);
      const reactS = sampleDelay(random, s.react);
      const t = setTimeout(() => {
        timers.delete(t);
        if (closed) return;
        sup.reactedS.push(reactS);
        const work =
          p.kind === 'claim_overdue' ? lateClaim(p.caseId, at) : escalatedReferral(p.caseId, at);
        void work.catch((err) => fail(String(err?.message ?? err)));
      }, clock.ms(reactS));
      t.unref();
      timers.add(t);
    },
    close() {
      closed = true;
      timers.forEach((t) => clearTimeout(t));
      agent.destroy();
    },
  };
}

/** `HT ABCD 1234` as the alert call spells it (`H T   A B C D …`) → `HT-ABCD-1234`. */
export function referenceHeard(text) {
  const m = /案件编号\s*([0-9A-Z\s]+?)。/.exec(text);
  if (!m) return null;
  const chars = m[1].replace(/\s+/g, '');
  return chars.length === 10 ? `${chars.slice(0, 2)}-${chars.slice(2, 6)}-${chars.slice(6)}` : null;
}

/**
 * The centres' duty phones: every alert call the system places to a duty contact is answered; the
 * officer listens to the case reference and presses 1 when that referral is one they acknowledge
 * by phone (its fate drawn by the centre desk), else hangs up without pressing.
 */
export function centrePhones({ sim, log, contactPhones }) {
  const phones = new Set(contactPhones);
  const seen = new Set();
  const phone = (log.centrePhones = { alertCalls: 0, pressed: 0, hungUp: 0, unheard: 0 });
  let closed = false;
  for (const p of phones)
    sim.setPhoneBehaviour(p, { answer: true, ringSeconds: 5, talkSeconds: 120 });

  async function answer(call) {
    phone.alertCalls++;
    const heard = () => call.transcript.map((t) => t.text ?? '').join(' ');
    await sim
      .waitUntil(
        () => /请按 1/.test(heard()) || call.activity === 'ended' || closed,
        60_000,
        'the alert prompt',
      )
      .catch(() => undefined);
    const reference = referenceHeard(heard());
    const handle = sim.handleFor(call.sid);
    if (!reference || !handle) {
      phone.unheard++;
      return;
    }
    // The centre's console may learn of the referral a moment after its phone rings.
    const ofCall = () => [...log.referrals.values()].filter((r) => r.caseReference === reference);
    await sim
      .waitUntil(() => ofCall().some((r) => r.fate) || closed, 5000, 'the referral')
      .catch(() => undefined);
    const referral = ofCall().find((r) => r.fate === 'phone' && !r.acknowledgedAt);
    if (referral) {
      phone.pressed++;
      referral.pressedAt = Date.now();
      handle.press('1');
    } else {
      phone.hungUp++;
      handle.hangup();
    }
  }

  const timer = setInterval(() => {
    for (const call of sim.calls) {
      if (seen.has(call.sid) || call.direction !== 'outbound-api' || !phones.has(call.to)) continue;
      seen.add(call.sid);
      void answer(call).catch(() => undefined);
    }
  }, 25);
  timer.unref();
  return {
    close() {
      closed = true;
      clearInterval(timer);
    },
  };
}
