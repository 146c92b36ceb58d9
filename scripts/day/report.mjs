// What the day's people experienced, against the service levels: the result object (JSON), the
// terminal summary and a self-contained HTML page (inline SVG, no scripts, no CDN).
import { PRIORITY_META } from '../../shared/dist/index.js';
import { round, summary } from '../../bench/lib/stats.mjs';

const share = (n, d) => (d ? round(n / d, 3) : null);
const pct = (v) => (v === null || v === undefined ? '—' : `${round(v * 100, 1)} %`);

/**
 * Waits in simulated seconds. The people's part of a wait (operators busy, their reaction) runs
 * compressed; the system's own part (webhook → console, answer → caller bridged) is real time
 * and is counted as it was, not multiplied by the speed.
 */
export function simulatedWait(realMs, systemMs, speed) {
  const people = Math.max(0, realMs - systemMs);
  return (people * speed) / 1000 + systemMs / 1000;
}

/**
 * The register's day: visits due in the window (by the system's own due dates), done, late;
 * check-in calls; warnings raised by kind and what became of them; warning → case.
 */
export function registerFigures(reg, sightings, speed, windowEndReal) {
  const due = reg.files.filter((f) => Number.isFinite(f.dueReal) && f.dueReal <= windowEndReal);
  const dueIndex = new Set(due.map((f) => f.index));
  const visits = reg.visits.filter((v) => dueIndex.has(v.fileIndex));
  const done = new Set(visits.map((v) => v.fileIndex));
  const warnings = [...reg.warnings.values()];
  const byKind = warnings.reduce((m, w) => ({ ...m, [w.kind]: (m[w.kind] ?? 0) + 1 }), {});
  const byRef = new Map(sightings.map((x) => [x.reference, x]));
  const toCase = reg.escalations.map((e) => ({ e, s: byRef.get(e.reference) })).filter((x) => x.s);
  return {
    files: reg.files.length,
    visits: {
      due: due.length,
      done: done.size,
      onTime: visits.filter((v) => !v.late).length,
      late: visits.filter((v) => v.late).length,
      notDoneAtEnd: due.length - done.size,
      home: visits.filter((v) => v.kind === 'home').length,
      phone: visits.filter((v) => v.kind === 'phone').length,
      foundDanger: visits.filter((v) => v.danger).length,
    },
    checkinCalls: {
      made: reg.calls.length,
      answered: reg.calls.filter((c) => c.outcome === 'answered').length,
      notAnswered: reg.calls.filter((c) => c.outcome && c.outcome !== 'answered').length,
    },
    warnings: {
      raised: warnings.length,
      byKind,
      acknowledged: warnings.filter((w) => w.handled === 'acknowledged').length,
      escalated: reg.escalations.length,
      unhandledAtEnd: warnings.filter((w) => !w.handled).length,
      /** Where the warnings stand by the system's last event (open, acknowledged, escalated…). */
      byStatus: warnings.reduce((m, w) => ({ ...m, [w.status]: (m[w.status] ?? 0) + 1 }), {}),
    },
    /** Warning on the director's console → the case on an operator's console (simulated s). */
    warningToCaseS: summary(
      toCase.map(({ e, s }) =>
        simulatedWait(s.at - e.seenAt, Math.max(0, s.at - e.requestedAt), speed),
      ),
    ),
    escalationsOnConsole: toCase.length,
    /** The system's part: the escalation request → the case on a console (real ms). */
    escalateToConsoleMs: summary(toCase.map(({ e, s }) => Math.max(0, s.at - e.requestedAt))),
    /** The escalation request itself (real ms). */
    escalateRequestMs: summary(reg.escalations.map((e) => e.answeredAt - e.requestedAt)),
    errors: reg.errors.slice(0, 10),
  };
}

export function summarise({
  scenario,
  options,
  arrivals,
  log,
  accounting,
  receipts,
  clock,
  windowEndReal = Infinity,
}) {
  const speed = options.speed;
  const seenByMask = new Map(log.callSeen.map((c) => [c.masked, c]));
  const answerByMask = new Map(log.answers.map((a) => [a.masked, a]));
  const callers = log.callers.map((c) => {
    const seen = seenByMask.get(c.masked);
    const answer = answerByMask.get(c.masked);
    const toConsole = seen && c.enqueuedAt ? Math.max(0, seen.at - c.enqueuedAt) : 0;
    const bridge = answer && c.exitedAt ? Math.max(0, c.exitedAt - answer.requestedAt) : 0;
    const waitS =
      c.enqueuedAt !== null && c.exitedAt
        ? simulatedWait(c.exitedAt - c.enqueuedAt, toConsole + bridge, speed)
        : null;
    return {
      ...c,
      waitS,
      toConsoleMs: seen ? toConsole : null,
      bridgeMs: answer ? bridge : null,
      escalated: seen ? log.escalated.has(seen.id) : false,
      hour: c.enqueuedAt ? Math.floor(clock.simAt(c.enqueuedAt) / 3600) : null,
    };
  });
  const offered = callers.filter((c) => c.enqueuedAt !== null);
  const answered = offered.filter((c) => c.outcome === 'answered');
  const within = (s) => answered.filter((c) => c.waitS <= s).length;
  const abandoned = offered.filter((c) => c.outcome === 'abandoned');
  const urgent = offered.filter((c) => c.urgent);
  const urgentOk = urgent.filter((c) => (c.outcome === 'answered' && c.waitS <= 30) || c.escalated);
  const tasks = [...log.callbackTasks.values()];
  const voicemailByMask = new Map(
    tasks.filter((t) => t.kind === 'voicemail').map((t) => [t.maskedNumber, t]),
  );
  const silentVoicemail = callers.filter(
    (c) => voicemailByMask.has(c.masked) && c.chose !== 'voicemail',
  ).length;
  const calls = {
    placed: callers.length,
    hungUpInMenu: callers.filter((c) => c.outcome === 'hung_up_in_menu').length,
    offered: offered.length,
    answered: answered.length,
    answeredWithin15s: within(15),
    answeredWithin20s: within(20),
    within15sShareOfOffered: share(within(15), offered.length),
    abandoned: abandoned.length,
    /** Abandoned without ever being shown on an operator's console (should be 0). */
    abandonedUnseen: abandoned.filter((c) => c.toConsoleMs === null).length,
    abandonedAfterS: summary(abandoned.map((c) => c.waitS)),
    leftMessage: offered.filter((c) => c.outcome === 'voicemail').length,
    askedCallback: offered.filter((c) => c.outcome === 'callback').length,
    stillWaitingAtEnd: offered.filter((c) => c.outcome === 'waiting').length,
    waitS: summary(answered.map((c) => c.waitS)),
    urgent: {
      offered: urgent.length,
      answeredOrEscalatedWithin30s: urgentOk.length,
      share: share(urgentOk.length, urgent.length),
      escalated: urgent.filter((c) => c.escalated).length,
    },
    sentToVoicemailSilently: silentVoicemail,
    /** Hung up while an operator's answer was connecting: the case exists, no callback task. */
    droppedWhileConnecting: callers.filter((c) => c.droppedWhileConnecting).length,
  };
  // A callback task's deadline (15 min) in simulated time, the system's part counted as it was.
  const callbackS = (t) => {
    const created = Date.parse(t.createdAt);
    const systemMs =
      Math.max(0, (t.seenAt ?? created) - created) + Math.max(0, t.doneAt - t.requestedAt);
    return simulatedWait(t.doneAt - created, systemMs, speed);
  };
  const done = tasks.filter((t) => t.doneAt);
  const callbacks = {
    tasks: tasks.length,
    done: done.length,
    doneWithinDeadline: done.filter((t) => callbackS(t) <= 900).length,
    doneAfterS: summary(done.map(callbackS)),
  };

  const sightingByRef = new Map([...log.sightings.values()].map((s) => [s.reference, s]));
  const sightingByReport = new Map([...log.sightings.values()].map((s) => [s.reportId, s]));
  const texts = log.texters.map((t) => {
    const s = t.reference ? sightingByRef.get(t.reference) : undefined;
    const reply = s ? log.smsReplies.get(s.caseId) : undefined;
    const sys = s ? Math.max(0, s.at - t.sentAt) : 0;
    return { ...t, answeredS: reply ? simulatedWait(reply - t.sentAt, sys, speed) : null };
  });
  const sms = {
    conversations: texts.length,
    webhookStatuses: texts.reduce(
      (m, t) => ({ ...m, [t.status ?? 'none']: (m[t.status ?? 'none'] ?? 0) + 1 }),
      {},
    ),
    acknowledged: texts.filter((t) => t.reference).length,
    /** Webhooks the simulator gave up on (Twilio waits 15 s): the text was kept, no reply came. */
    webhookTimedOut: texts.filter((t) => t.status === 0).length,
    answeredByOperator: texts.filter((t) => t.answeredS !== null).length,
    answeredWithin3min: texts.filter((t) => t.answeredS !== null && t.answeredS <= 180).length,
    answeredS: summary(texts.filter((t) => t.answeredS !== null).map((t) => t.answeredS)),
  };
  const written = log.writers.filter((w) => w.outcome === 'accepted');
  const toConsole = written
    .map((w) => ({ w, s: sightingByReport.get(w.reportId) }))
    .filter((x) => x.s)
    .map((x) => Math.max(0, x.s.at - x.w.acceptedAt));
  const writtenReports = {
    web: written.filter((w) => w.channel === 'web').length,
    partner: written.filter((w) => w.channel === 'api').length,
    refused: log.writers.filter((w) => w.outcome === 'refused').length,
    failed: log.writers.filter((w) => w.outcome === 'failed').length,
    onConsoleWithin1s: toConsole.filter((ms) => ms <= 1000).length,
    toConsoleMs: summary(toConsole),
  };

  const claims = {};
  const claimed = new Set(log.claims.map((c) => c.caseId));
  for (const c of log.claims) {
    const k = (claims[c.priority] ??= { cases: 0, claimed: 0, withinDeadline: 0, claimS: [] });
    k.claimed++;
    // The operator's part (the case shown → asking to claim) runs compressed; the system's part
    // (report received → shown, the claim request → its answer) is real.
    const systemMs =
      Math.max(0, c.seenAt - Date.parse(c.createdAt)) + Math.max(0, c.at - c.requestedAt);
    const claimS = simulatedWait(c.at - Date.parse(c.createdAt), systemMs, speed);
    k.claimS.push(claimS);
    if (claimS <= PRIORITY_META[c.priority].claimWithinSeconds) k.withinDeadline++;
  }
  for (const s of log.sightings.values()) {
    if (s.channel === 'voice') continue;
    const k = (claims[s.priority] ??= { cases: 0, claimed: 0, withinDeadline: 0, claimS: [] });
    k.cases++;
    if (!claimed.has(s.caseId)) k.unclaimedAtEnd = (k.unclaimedAtEnd ?? 0) + 1;
  }
  for (const [p, k] of Object.entries(claims)) {
    k.deadlineS = PRIORITY_META[p].claimWithinSeconds;
    k.claimS = summary(k.claimS);
  }
  const refs = [...log.referrals.values()];
  const referrals = {
    created: refs.length,
    acknowledged: refs.filter((r) => r.acknowledgedAt).length,
    acknowledgedWithinDeadline: refs.filter(
      (r) =>
        r.acknowledgedAt &&
        (!r.ackDeadline || Date.parse(r.acknowledgedAt) <= Date.parse(r.ackDeadline)),
    ).length,
    neverAcknowledged: refs.filter((r) => r.never).length,
    acknowledgedByPhone: refs.filter((r) => r.acknowledgedVia === 'phone').length,
    acknowledgedInConsole: refs.filter((r) => r.acknowledgedVia === 'console').length,
    rerouted: refs.filter((r) => r.reroute).length,
    /** Alert calls the duty phones answered: 1 pressed, hung up, or no reference heard (the
     * referral already acknowledged, or the call ended first). */
    alertCalls: log.centrePhones ?? null,
    escalationSteps: log.escalationSteps.reduce(
      (m, s) => ({ ...m, [s.step]: (m[s.step] ?? 0) + 1 }),
      {},
    ),
  };
  const systemAddedMs = {
    note: 'real milliseconds the system itself added to a human step; the target is under 1000',
    callQueueToConsole: summary(
      callers.filter((c) => c.toConsoleMs !== null).map((c) => c.toConsoleMs),
    ),
    answerToCallerBridged: summary(
      callers.filter((c) => c.bridgeMs !== null).map((c) => c.bridgeMs),
    ),
    reportToConsole: summary(toConsole),
    referralToCentre: summary(
      refs.filter((r) => r.centreSeenAt && r.postedAt).map((r) => r.centreSeenAt - r.postedAt),
    ),
  };

  const hourly = log.hourly.map((h) => {
    const inHour = arrivals.filter((a) => Math.floor(a.atS / 3600) === h.hour);
    const hourCalls = callers.filter((c) => c.hour === h.hour && c.enqueuedAt !== null);
    return {
      hour: h.hour % 24,
      calls: inHour.filter((a) => a.kind === 'call').length,
      sms: inHour.filter((a) => a.kind === 'sms').length,
      web: inHour.filter((a) => a.kind === 'web').length,
      partner: inHour.filter((a) => a.kind === 'partner').length,
      maxCallQueue: h.maxCallQueue,
      avgCallQueue: round(h.sumCallQueue / Math.max(1, h.samples), 2),
      maxWaitingWork: h.maxWork,
      operatorsOnDuty: h.onDuty,
      operatorsBusyAvg: round(h.busySum / Math.max(1, h.samples), 2),
      within15sShare: share(
        hourCalls.filter((c) => c.outcome === 'answered' && c.waitS <= 15).length,
        hourCalls.length,
      ),
    };
  });
  const callsByShift = {};
  for (const s of scenario.operators.shifts) {
    const inShift = offered.filter(
      (c) => c.hour !== null && c.hour % 24 >= s.from && c.hour % 24 < s.to,
    );
    callsByShift[s.name] = {
      operators: s.operators,
      offered: inShift.length,
      within15Share: inShift.length
        ? share(
            inShift.filter((c) => c.outcome === 'answered' && c.waitS <= 15).length,
            inShift.length,
          )
        : null,
    };
  }
  // How far the machine kept up: the share of the operators' working time spent waiting on the
  // system's answers rather than in their own (compressed) delays. Near 0 the figures are the
  // people's; well above 0.3 the run is bound by the machine, and a lower --speed is truer.
  const systemMs = log.operatorTimes.reduce((a, o) => a + o.systemMs, 0);
  const peopleMs = log.operatorTimes.reduce((a, o) => a + o.peopleMs, 0);
  const fidelity = {
    operatorsWaitingOnSystemShare: share(systemMs, systemMs + peopleMs),
    note: 'share of operators’ real working time spent waiting for the system’s answers',
  };
  return {
    version: 1,
    fidelity,
    startedAt: new Date(clock.t0).toISOString(),
    scenario: scenario.name,
    options,
    arrivals: arrivals.length,
    accounting: {
      received: accounting.received,
      triaged: accounting.triaged,
      onConsole: accounting.onConsole,
      lost: accounting.lost,
      duplicated: accounting.duplicated,
      byChannel: receipts.reduce((m, r) => ({ ...m, [r.channel]: (m[r.channel] ?? 0) + 1 }), {}),
      lostKeys: accounting.lostKeys.slice(0, 20),
      duplicateKeys: accounting.duplicateKeys.slice(0, 20),
      ...(accounting.serverReports !== undefined
        ? { serverReports: accounting.serverReports }
        : {}),
    },
    calls,
    callbacks,
    sms,
    writtenReports,
    claims,
    referrals,
    supervision: log.supervision
      ? {
          alerts: log.supervision.alerts,
          lateClaims: log.supervision.lateClaims,
          lateClaimsReassigned: log.supervision.reassigned.length,
          reassignedCasesWorked: log.assignedWorked ?? 0,
          claimedBeforeSupervisorActed: log.supervision.claimedBeforeSupervisor,
          referralsRerouted: log.supervision.rerouted.length,
          reactS: summary(log.supervision.reactedS),
          errors: log.supervision.errors.slice(0, 10),
        }
      : null,
    register: log.register
      ? registerFigures(log.register, [...log.sightings.values()], speed, windowEndReal)
      : null,
    systemAddedMs,
    hourly,
    callsByShift,
    answers: log.statuses.reduce((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {}),
    errors: log.errors.slice(0, 20),
    machine: {},
  };
}

export function printSummary(r) {
  const c = r.calls;
  const a = r.accounting;
  const lines = [
    '',
    `Hutong — a simulated day: ${r.scenario}, ${r.options.hours} h from ${r.options.startHour}:00, speed ${r.options.speed}, ${r.options.db}, seed ${r.options.seed}, ${r.durationS} s`,
    `  accounting      received ${a.received} = on a console ${a.onConsole} (triaged ${a.triaged}); lost ${a.lost}, duplicated ${a.duplicated}`,
    `  calls           offered ${c.offered}, answered ${c.answered}, within 15 s ${c.answeredWithin15s} (${pct(c.within15sShareOfOffered)} of offered; target ≥ 90 %), within 20 s ${c.answeredWithin20s}, abandoned ${c.abandoned}`,
    `  urgent calls    ${c.urgent.answeredOrEscalatedWithin30s} of ${c.urgent.offered} answered or escalated within 30 s (target 100 %)`,
    `  voicemail       ${c.leftMessage} left a message, ${c.askedCallback} asked for a callback, ${c.sentToVoicemailSilently} sent to voicemail silently (target 0)`,
    `  callbacks       ${r.callbacks.doneWithinDeadline} of ${r.callbacks.tasks} done within their deadline`,
    `  SMS             ${r.sms.answeredWithin3min} of ${r.sms.conversations} answered by an operator within 3 min`,
    `  web / partner   ${r.writtenReports.web} / ${r.writtenReports.partner} (refused ${r.writtenReports.refused}, gave up ${r.writtenReports.failed}); on a console within 1 s: ${r.writtenReports.onConsoleWithin1s} (p99 ${r.writtenReports.toConsoleMs.p99 ?? '—'} ms)`,
    `  claims          ${Object.entries(r.claims)
      .sort()
      .map(([p, k]) => `${p} ${k.withinDeadline}/${k.cases} in time`)
      .join(', ')}`,
    `  referrals       ${r.referrals.created} made, ${r.referrals.acknowledgedWithinDeadline} acknowledged in time, ${r.referrals.neverAcknowledged} never; escalation steps ${JSON.stringify(r.referrals.escalationSteps)}`,
    `  by phone        ${r.referrals.acknowledgedByPhone} referrals acknowledged by pressing 1 on the alert call (${r.referrals.acknowledgedInConsole} in the console)`,
    ...(r.supervision
      ? [
          `  supervisor      ${r.supervision.lateClaims} late claims: ${r.supervision.lateClaimsReassigned} reassigned (${r.supervision.reassignedCasesWorked} worked), ${r.supervision.claimedBeforeSupervisorActed} claimed first; ${r.supervision.referralsRerouted} overdue referrals re-routed; alerts ${JSON.stringify(r.supervision.alerts)}`,
        ]
      : []),
    ...(r.register
      ? [
          `  register        ${r.register.files} files; visits due ${r.register.visits.due}, done ${r.register.visits.done} (${r.register.visits.onTime} on time, ${r.register.visits.late} late; ${r.register.visits.phone} by check-in call), not done ${r.register.visits.notDoneAtEnd}; calls ${r.register.checkinCalls.answered}/${r.register.checkinCalls.made} answered`,
          `  warnings        raised ${r.register.warnings.raised} ${JSON.stringify(r.register.warnings.byKind)}; acknowledged ${r.register.warnings.acknowledged}, escalated ${r.register.warnings.escalated} (${r.register.escalationsOnConsole} on a console, warning → case median ${r.register.warningToCaseS.p50 ?? '—'} s), unhandled ${r.register.warnings.unhandledAtEnd}`,
        ]
      : []),
    `  system added    queue→console p99 ${r.systemAddedMs.callQueueToConsole.p99 ?? '—'} ms, answer→bridged p99 ${r.systemAddedMs.answerToCallerBridged.p99 ?? '—'} ms, report→console p99 ${r.systemAddedMs.reportToConsole.p99 ?? '—'} ms, referral→centre p99 ${r.systemAddedMs.referralToCentre.p99 ?? '—'} ms`,
    `  load average    ${r.machine.loadAverageAtStart?.join(' ')} → ${r.machine.loadAverageAtEnd?.join(' ')}; operators waited on the system ${pct(r.fidelity.operatorsWaitingOnSystemShare)} of their working time${(r.fidelity.operatorsWaitingOnSystemShare ?? 0) > 0.3 ? ' — bound by this machine: a lower --speed gives truer figures' : ''}`,
    ...(r.fault ? [`  fault           --drop-one dropped ${r.fault.dropOne}`] : []),
    ...(r.staffing
      ? [
          `  staffing        Erlang C ${r.staffing.erlangC.join('/')}, by simulation ${r.staffing.recommended.join('/')}`,
        ]
      : []),
    `  verdict         ${r.ok ? 'OK: nothing lost, nothing duplicated' : 'FAILED'}`,
    '',
  ];
  console.log(lines.join('\n'));
}

const esc = (s) =>
  String(s).replace(
    /[&<>"]/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch],
  );

/** A bar chart of one series per hour, inline SVG. */
function bars(title, hourly, series) {
  const w = 720;
  const h = 180;
  const max = Math.max(1, ...hourly.flatMap((row) => series.map((s) => row[s.key] ?? 0)));
  const slot = (w - 40) / Math.max(1, hourly.length);
  const bw = Math.max(2, (slot - 4) / series.length);
  const rects = hourly
    .flatMap((row, i) =>
      series.map((s, j) => {
        const v = row[s.key] ?? 0;
        const bh = ((h - 40) * v) / max;
        return `<rect x="${30 + i * slot + j * bw}" y="${h - 20 - bh}" width="${bw - 1}" height="${bh}" fill="${s.colour}"><title>${row.hour}:00 ${esc(s.label)} ${v}</title></rect>`;
      }),
    )
    .join('');
  const labels = hourly
    .map(
      (row, i) =>
        `<text x="${30 + i * slot + slot / 2}" y="${h - 5}" font-size="10" text-anchor="middle">${row.hour}</text>`,
    )
    .join('');
  const legend = series
    .map(
      (s, j) =>
        `<rect x="${30 + j * 150}" y="4" width="10" height="10" fill="${s.colour}"/><text x="${44 + j * 150}" y="13" font-size="11">${esc(s.label)}</text>`,
    )
    .join('');
  return `<h3>${esc(title)}</h3><svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}">${legend}<text x="2" y="30" font-size="10">${max}</text>${rects}${labels}</svg>`;
}

export function renderHtml(r) {
  const c = r.calls;
  const row = (label, value, target, ok) =>
    `<tr><th>${esc(label)}</th><td>${esc(value)}</td><td>${esc(target)}</td><td class="${ok === null ? '' : ok ? 'ok' : 'bad'}">${ok === null ? '' : ok ? '✓' : '✗'}</td></tr>`;
  const within15 = c.within15sShareOfOffered;
  const claimRows = Object.entries(r.claims)
    .sort()
    .map(([p, k]) =>
      row(
        `claims ${p} within deadline`,
        `${k.withinDeadline} / ${k.cases}`,
        'all',
        k.withinDeadline === k.cases,
      ),
    );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>护童 · 模拟一天 / A simulated day — ${esc(r.scenario)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:960px;color:#222}table{border-collapse:collapse}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}.ok{color:#237804}.bad{color:#cf1322;font-weight:bold}h1{font-size:1.4rem}</style></head>
<body>
<h1>护童 · 模拟一天 / A simulated day: ${esc(r.scenario)}</h1>
<p>${esc(r.options.hours)} h from ${esc(r.options.startHour)}:00 at speed ${esc(r.options.speed)} on ${esc(r.options.db)}, seed ${esc(r.options.seed)}; ${esc(r.arrivals)} arrivals; run ${esc(r.durationS)} s; load average ${esc(r.machine.loadAverageAtStart?.join(' '))} → ${esc(r.machine.loadAverageAtEnd?.join(' '))}. Operators waited on the system ${esc(pct(r.fidelity.operatorsWaitingOnSystemShare))} of their working time${(r.fidelity.operatorsWaitingOnSystemShare ?? 0) > 0.3 ? ' — the run was bound by this machine; a lower speed gives truer figures' : ''}. Verdict: <strong class="${r.ok ? 'ok' : 'bad'}">${r.ok ? '无遗漏、无重复 / nothing lost, nothing duplicated' : '失败 / FAILED'}</strong></p>
<table><tr><th>measure</th><th>this day</th><th>target</th><th></th></tr>
${row('reports received = on a console', `${r.accounting.received} = ${r.accounting.onConsole}`, 'equal', r.accounting.received === r.accounting.onConsole)}
${row('lost / duplicated', `${r.accounting.lost} / ${r.accounting.duplicated}`, '0 / 0', r.accounting.lost === 0 && r.accounting.duplicated === 0)}
${row('calls answered within 15 s', `${c.answeredWithin15s} of ${c.offered} (${pct(within15)})`, '≥ 90 %', within15 === null ? null : within15 >= 0.9)}
${row('calls answered within 20 s', `${c.answeredWithin20s} of ${c.offered}`, '', null)}
${row('abandoned', `${c.abandoned} (median after ${c.abandonedAfterS.p50 ?? '—'} s)`, '', null)}
${row('urgent callers answered or escalated within 30 s', `${c.urgent.answeredOrEscalatedWithin30s} of ${c.urgent.offered}`, '100 %', c.urgent.answeredOrEscalatedWithin30s === c.urgent.offered)}
${row('sent to voicemail silently', c.sentToVoicemailSilently, '0', c.sentToVoicemailSilently === 0)}
${row('callback tasks done within deadline', `${r.callbacks.doneWithinDeadline} of ${r.callbacks.tasks}`, 'all', r.callbacks.doneWithinDeadline === r.callbacks.tasks)}
${row('SMS answered within 3 min', `${r.sms.answeredWithin3min} of ${r.sms.conversations}`, 'all', r.sms.answeredWithin3min === r.sms.conversations)}
${row('web and partner reports on a console within 1 s', `${r.writtenReports.onConsoleWithin1s} of ${r.writtenReports.web + r.writtenReports.partner}`, 'all', r.writtenReports.onConsoleWithin1s === r.writtenReports.web + r.writtenReports.partner)}
${claimRows.join('\n')}
${row('referrals acknowledged within deadline', `${r.referrals.acknowledgedWithinDeadline} of ${r.referrals.created} (${r.referrals.neverAcknowledged} never)`, '', null)}
${row('referrals acknowledged by phone (pressing 1) / in the console', `${r.referrals.acknowledgedByPhone} / ${r.referrals.acknowledgedInConsole}`, '', null)}
${r.supervision ? row('late claims reassigned by the supervisor', `${r.supervision.lateClaimsReassigned} of ${r.supervision.lateClaims} (${r.supervision.claimedBeforeSupervisorActed} claimed first)`, '', null) : ''}
${r.supervision ? row('overdue referrals re-routed by the supervisor', r.supervision.referralsRerouted, '', null) : ''}
${r.register ? row('register visits done / due (late)', `${r.register.visits.done} / ${r.register.visits.due} (${r.register.visits.late} late, ${r.register.visits.phone} by check-in call)`, 'all', r.register.visits.done === r.register.visits.due) : ''}
${r.register ? row('warnings raised / acknowledged / escalated', `${r.register.warnings.raised} / ${r.register.warnings.acknowledged} / ${r.register.warnings.escalated}`, '', null) : ''}
${r.register ? row('warning → case on a console (median)', `${r.register.warningToCaseS.p50 ?? '—'} s`, '', null) : ''}
${row('system added: queue → console p99', `${r.systemAddedMs.callQueueToConsole.p99 ?? '—'} ms`, '< 1000 ms', (r.systemAddedMs.callQueueToConsole.p99 ?? 0) < 1000)}
${row('system added: referral → centre p99', `${r.systemAddedMs.referralToCentre.p99 ?? '—'} ms`, '< 1000 ms', (r.systemAddedMs.referralToCentre.p99 ?? 0) < 1000)}
</table>
${bars('每小时到达 / Arrivals per hour', r.hourly, [
  { key: 'calls', label: 'calls 电话', colour: '#1677ff' },
  { key: 'sms', label: 'SMS 短信', colour: '#52c41a' },
  { key: 'web', label: 'web 网页', colour: '#faad14' },
  { key: 'partner', label: 'partner 合作方', colour: '#722ed1' },
])}
${bars('排队与值班 / Queue and operators per hour', r.hourly, [
  { key: 'maxCallQueue', label: 'longest call queue', colour: '#cf1322' },
  { key: 'operatorsOnDuty', label: 'operators on duty', colour: '#1677ff' },
  { key: 'operatorsBusyAvg', label: 'operators busy (avg)', colour: '#13c2c2' },
])}
${r.staffing ? `<h3>Staffing 排班</h3><p>Erlang C per shift: ${esc(r.staffing.erlangC.join(' / '))}; by simulation: ${esc(r.staffing.recommended.join(' / '))}.</p>` : ''}
</body></html>
`;
}
