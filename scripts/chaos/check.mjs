// The chaos run's verdict, as pure functions: given what the load generators saw (every request's
// outcome, every operator socket's events) and a snapshot of the database taken at the end, count
// what was lost, duplicated or missed. No I/O here, so `npm test` checks the checker
// (check.test.ts) without a chaos run.

/** Adds one to `map[key]`. */
function bump(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Reports: every submission that got a 201 must exist exactly once and be triaged; one
 * Idempotency-Key never yields two references; triage ran its effect once per report.
 */
export function checkReports(submissions, snapshot) {
  const byReference = new Map();
  for (const r of snapshot.reports) bump(byReference, r.reference);
  const reportByReference = new Map(snapshot.reports.map((r) => [r.reference, r]));
  const referencesByKey = new Map();
  const lostReferences = [];
  const untriagedReferences = [];
  let accepted = 0;
  for (const s of submissions) {
    if (s.outcome !== 'accepted' || !s.reference) continue;
    accepted++;
    const refs = referencesByKey.get(s.key) ?? new Set();
    refs.add(s.reference);
    referencesByKey.set(s.key, refs);
    const report = reportByReference.get(s.reference);
    if (!report) lostReferences.push(s.reference);
    else if (!report.triagedAt || !report.caseId) untriagedReferences.push(s.reference);
  }
  // A key answered with two different references: the same report stored twice.
  const keysWithTwoReports = [...referencesByKey].filter(([, refs]) => refs.size > 1);
  const duplicateReferences = [...byReference].filter(([, n]) => n > 1).map(([ref]) => ref);
  // Triage's effect: one case_opened or report_linked event per report, never two.
  const triageEffects = new Map();
  for (const e of snapshot.caseEvents) {
    if ((e.type === 'case_opened' || e.type === 'report_linked') && e.reportId) {
      bump(triageEffects, e.reportId);
    }
  }
  const doubleTriage = [...triageEffects].filter(([, n]) => n > 1).map(([id]) => id);
  return {
    accepted,
    lost: lostReferences.length,
    lostReferences,
    untriaged: untriagedReferences.length,
    untriagedReferences,
    duplicateKeys: keysWithTwoReports.length,
    duplicateReferences,
    doubleTriage,
  };
}

/**
 * SMS webhooks: every MessageSid answered 200 is stored once as an inbound message, even when
 * Twilio's retry delivered it twice.
 */
export function checkSms(messages, snapshot) {
  const stored = new Map();
  for (const row of snapshot.smsInbound) bump(stored, row.messageSid);
  let accepted = 0;
  const lost = [];
  const duplicated = [];
  const sids = new Set();
  for (const m of messages) {
    if (m.outcome !== 'accepted' || sids.has(m.messageSid)) continue;
    sids.add(m.messageSid);
    accepted++;
    const n = stored.get(m.messageSid) ?? 0;
    if (n === 0) lost.push(m.messageSid);
    if (n > 1) duplicated.push(m.messageSid);
  }
  return { accepted, lost, duplicated };
}

/**
 * Operator sockets: each client (one console, across all its reconnections) must have received
 * every case event committed after it first connected — live, or replayed on resume by seq.
 * A resume answered `replayed: -1` (gap too large) is a refetch, not a replay: its events count
 * as missed, since the harness cannot tell whether the refetched list showed them.
 */
export function checkEvents(clients, snapshot) {
  const seqs = snapshot.caseEvents.map((e) => e.id).sort((a, b) => a - b);
  const perClient = [];
  let missed = 0;
  for (const c of clients) {
    if (c.startSeq === null || c.startSeq === undefined) {
      // Never connected: every event is missed.
      perClient.push({ name: c.name, expected: seqs.length, missed: seqs.length, first: seqs[0] });
      missed += seqs.length;
      continue;
    }
    const got = new Set(c.events.map((e) => e.seq));
    const expected = seqs.filter((s) => s > c.startSeq);
    const missing = expected.filter((s) => !got.has(s));
    missed += missing.length;
    const receivedTwice = c.events.length - got.size;
    perClient.push({
      name: c.name,
      expected: expected.length,
      missed: missing.length,
      firstMissed: missing.slice(0, 10),
      receivedTwice,
      reconnects: Math.max(0, c.resumes.length - 1),
      refetches: c.resumes.filter((r) => r.replayed < 0).length,
    });
  }
  return { eventsMissed: missed, perClient };
}

/**
 * Claims: no case was given to two operators — successful claims of one case by at most one
 * user as the clients saw them (one operator's second console may claim again), and `claimed`
 * events of one case by at most one actor in the timeline (the harness never releases).
 */
export function checkClaims(claims, snapshot) {
  const winners = new Map();
  let won = 0;
  for (const c of claims) {
    if (c.status < 200 || c.status >= 300) continue;
    won++;
    const users = winners.get(c.caseId) ?? new Set();
    users.add(c.user);
    winners.set(c.caseId, users);
  }
  const claimers = new Map();
  for (const e of snapshot.caseEvents) {
    if (e.type !== 'claimed') continue;
    const actors = claimers.get(e.caseId) ?? new Set();
    actors.add(e.actorId ?? null);
    claimers.set(e.caseId, actors);
  }
  const doubleByClients = [...winners].filter(([, u]) => u.size > 1).map(([id]) => id);
  const doubleInDb = [...claimers].filter(([, a]) => a.size > 1).map(([id]) => id);
  return {
    attempts: claims.length,
    won,
    doubleClaims: new Set([...doubleByClients, ...doubleInDb]).size,
    doubleByClients,
    doubleInDb,
  };
}

/** The referral a Twilio request was for, from the referral id in a call's TwiML URL. */
function callTarget(url) {
  try {
    const u = new URL(url);
    return { referralId: u.searchParams.get('referral'), notificationId: u.searchParams.get('n') };
  } catch {
    return { referralId: null, notificationId: null };
  }
}

/**
 * Referrals and what reached the centres. The load's referrals (each retried with one
 * Idempotency-Key) must each be stored once; every referral in the database (the load's and the
 * backups escalation made) must have reached its centre by both channels — a signed
 * `referral.created` webhook answered 2xx, and the SMS to the centre's first duty contact — and
 * every `next_contact` escalation the SMS to the second; none of it twice.
 *
 * What counts as twice: a webhook delivery carries its `webhook-id` on every attempt, so the same
 * id again is a redelivery the receiver dedupes (at-least-once, allowed); two ids for one
 * referral's `referral.created` are two sends. Twilio's REST API has no idempotency key, so every
 * accepted request is one more SMS or call on the phone: two SMS for one referral to one contact,
 * or two calls for one notification row (the `n` in the call's URL), are done twice.
 * Escalation: two `referral_escalated` events of one referral at one level.
 *
 * Referrals and escalations younger than `settleMs` when the snapshot was taken are not yet
 * expected to have been notified (`awaiting`).
 */
export function checkReferrals(made, centres, snap, { settleMs = 30_000 } = {}) {
  const snapshot = { ...snap, referrals: snap.referrals ?? [] };
  // Without a time, everything is judged.
  const takenAt = snapshot.takenAt ? new Date(snapshot.takenAt).getTime() : Infinity;
  const due = (at) => new Date(at).getTime() <= takenAt - settleMs;
  const referralsById = new Map(snapshot.referrals.map((r) => [r.id, r]));
  const referralByCaseCentre = new Map();
  for (const r of snapshot.referrals) {
    const k = `${r.reference} ${r.centreId}`;
    referralByCaseCentre.set(k, referralByCaseCentre.has(k) ? 'ambiguous' : r);
  }

  // The load's referrals: stored once per Idempotency-Key.
  const accepted = made.filter((m) => m.outcome === 'accepted');
  const lost = accepted.filter((m) => !referralsById.has(m.referralId)).map((m) => m.key);
  const idsByKey = new Map();
  for (const m of accepted) {
    const ids = idsByKey.get(m.key) ?? new Set();
    ids.add(m.referralId);
    idsByKey.set(m.key, ids);
  }
  const duplicateKeys = [...idsByKey].filter(([, ids]) => ids.size > 1).map(([k]) => k);
  // The load refers a case once: a second referral of one case to one centre by a person is a
  // retried request stored twice.
  const byPerson = new Map();
  for (const r of snapshot.referrals) {
    if (!r.createdBy) continue;
    bump(byPerson, `${r.caseId} ${r.centreId}`);
  }
  const duplicateReferrals = [...byPerson].filter(([, n]) => n > 1).map(([k]) => k);

  // Webhooks: per referral, the distinct ids delivered and attempted.
  const hooks = new Map();
  let badSignatures = 0;
  let redeliveries = 0;
  for (const d of centres.webhooks) {
    if (!d.verified) {
      badSignatures++;
      continue;
    }
    if (d.type !== 'referral.created' || !d.referralId) continue;
    const h = hooks.get(d.referralId) ?? { ids: new Set(), delivered: new Set(), attempts: 0 };
    if (h.ids.has(d.webhookId)) redeliveries++;
    h.ids.add(d.webhookId);
    if (d.status >= 200 && d.status < 300) h.delivered.add(d.webhookId);
    h.attempts++;
    hooks.set(d.referralId, h);
  }

  // SMS: per referral and duty contact; calls: per notification row.
  const sms = new Map();
  const calls = new Map();
  const callsByReferral = new Map();
  let otherSms = 0;
  let unattributed = 0;
  for (const t of centres.twilio) {
    const contact = t.to ? centres.phones[t.to] : undefined;
    if (t.kind === 'sms') {
      if (!contact) {
        otherSms++;
        continue;
      }
      const reference = /新转介 (\S+?)，/.exec(t.body ?? '')?.[1];
      const referral = reference && referralByCaseCentre.get(`${reference} ${contact.centreId}`);
      if (!referral || referral === 'ambiguous') {
        unattributed++;
        continue;
      }
      bump(sms, `${referral.id} ${contact.contactIndex}`);
    } else {
      const { referralId, notificationId } = callTarget(t.url);
      if (!referralId || !notificationId) continue;
      bump(calls, notificationId);
      bump(callsByReferral, referralId);
    }
  }

  // Escalations: once per referral and level.
  const escalations = new Map();
  for (const e of snapshot.caseEvents) {
    if (e.type !== 'referral_escalated' || !e.referralId) continue;
    const k = `${e.referralId} ${e.level}`;
    const list = escalations.get(k) ?? [];
    list.push(e);
    escalations.set(k, list);
  }
  const doubleEscalations = [...escalations].filter(([, l]) => l.length > 1).map(([k]) => k);

  // A centre with one duty contact is texted on it again at the `next_contact` step.
  const contacts = new Map();
  for (const c of Object.values(centres.phones)) bump(contacts, c.centreId);
  const missingWebhook = [];
  const missingSms = [];
  const missingEscalationSms = [];
  let awaiting = 0;
  const perReferral = { webhooks: new Map(), sms: new Map(), calls: new Map() };
  for (const r of snapshot.referrals) {
    const h = hooks.get(r.id);
    const hookCount = h?.delivered.size ?? 0;
    const smsCount = sms.get(`${r.id} 0`) ?? 0;
    bump(perReferral.webhooks, String(hookCount));
    bump(perReferral.sms, String(smsCount));
    bump(perReferral.calls, String(callsByReferral.get(r.id) ?? 0));
    if (!due(r.createdAt)) {
      if (hookCount === 0 || smsCount === 0) awaiting++;
      continue;
    }
    if (hookCount === 0) missingWebhook.push(r.id);
    if (smsCount === 0) missingSms.push(r.id);
  }
  for (const [k, [e]] of escalations) {
    if (e.step !== 'next_contact') continue;
    const referral = referralsById.get(e.referralId);
    if (!referral || referral.status !== 'pending') continue;
    const single = contacts.get(referral.centreId) === 1;
    const got = single
      ? (sms.get(`${e.referralId} 0`) ?? 0) - 1
      : (sms.get(`${e.referralId} 1`) ?? 0);
    if (got > 0) continue;
    if (due(e.createdAt)) missingEscalationSms.push(k);
    else awaiting++;
  }
  const allowed = (key) => {
    const [referralId, index] = key.split(' ');
    const centreId = referralsById.get(referralId)?.centreId;
    const again =
      index === '0' &&
      contacts.get(centreId) === 1 &&
      escalations.get(`${referralId} 1`)?.some((e) => e.step === 'next_contact');
    return again ? 2 : 1;
  };
  const twiceWebhook = [...hooks].filter(([, h]) => h.ids.size > 1).map(([id]) => id);
  const twiceSms = [...sms].filter(([k, n]) => n > allowed(k)).map(([k]) => k);
  const twiceCall = [...calls].filter(([, n]) => n > 1).map(([k]) => k);
  const notNotified = new Set([...missingWebhook, ...missingSms]).size;
  const total = (m) => Object.values(m).reduce((a, b) => a + b, 0);
  return {
    made: accepted.length,
    attempted: made.length,
    refused: made.filter((m) => m.outcome === 'refused').length,
    noCentre: made.filter((m) => m.outcome === 'no_centre').length,
    failed: made.filter((m) => m.outcome === 'failed').length,
    inDatabase: snapshot.referrals.length,
    byEscalation: snapshot.referrals.filter((r) => !r.createdBy).length,
    lost,
    duplicateKeys,
    duplicateReferrals,
    delivered: {
      webhooks: [...hooks.values()].reduce((n, h) => n + h.delivered.size, 0),
      webhookRedeliveries: redeliveries,
      sms: total(Object.fromEntries(sms)),
      calls: total(Object.fromEntries(calls)),
      otherSms,
      unattributedSms: unattributed,
    },
    perReferral: {
      webhooks: Object.fromEntries(perReferral.webhooks),
      sms: Object.fromEntries(perReferral.sms),
      calls: Object.fromEntries(perReferral.calls),
    },
    notNotified,
    missingWebhook,
    missingSms,
    missingEscalationSms,
    awaiting,
    badSignatures,
    doubleEffects: twiceWebhook.length + twiceSms.length + twiceCall.length,
    twiceWebhook,
    twiceSms,
    twiceCall,
    escalations: escalations.size,
    doubleEscalations,
  };
}

/**
 * The audit log has every read: for each case the load read successfully (HTTP 200) as a given
 * user, a `case.read` row of that user and case written no earlier than the fold window before
 * the request and no later than its answer. A repeated read of one case by one person within
 * the window is folded into the first row, so the row found may be an earlier read's.
 */
export function checkAuditReads(reads, snapshot, { foldWindowMs = 300_000, slackMs = 1000 } = {}) {
  const userIds = new Map((snapshot.users ?? []).map((u) => [u.username, u.id]));
  const auditReads = snapshot.auditReads ?? [];
  const rows = new Map();
  for (const row of auditReads) {
    const k = `${row.actorId} ${row.caseId}`;
    const list = rows.get(k) ?? [];
    list.push(new Date(row.at).getTime());
    rows.set(k, list);
  }
  const ok = reads.filter((r) => r.status === 200);
  const missing = ok.filter((r) => {
    const list = rows.get(`${userIds.get(r.user)} ${r.caseId}`) ?? [];
    return !list.some(
      (at) => at >= r.startedAt - foldWindowMs - slackMs && at <= r.endedAt + slackMs,
    );
  });
  return {
    reads: ok.length,
    attempted: reads.length,
    rows: auditReads.length,
    missing: missing.length,
    missingReads: missing.slice(0, 10).map(({ caseId, user, startedAt }) => ({
      caseId,
      user,
      startedAt: new Date(startedAt).toISOString(),
    })),
  };
}

/**
 * The whole verdict; `ok` only when nothing was lost, duplicated, missed or left untriaged, every
 * referral reached its centre once, no escalation ran twice and every read is in the audit log.
 */
export function verdict({
  submissions,
  sms,
  clients,
  claims,
  snapshot,
  referrals = [],
  reads = [],
  centres = { twilio: [], webhooks: [], phones: {} },
  settleMs,
}) {
  const reports = checkReports(submissions, snapshot);
  const texts = checkSms(sms, snapshot);
  const events = checkEvents(clients, snapshot);
  const claimed = checkClaims(claims, snapshot);
  const referred = checkReferrals(referrals, centres, snapshot, { settleMs });
  const audit = checkAuditReads(reads, snapshot);
  const lost = reports.lost + texts.lost.length + referred.lost.length;
  const duplicated =
    reports.duplicateKeys +
    reports.duplicateReferences.length +
    reports.doubleTriage.length +
    texts.duplicated.length +
    claimed.doubleClaims +
    referred.duplicateKeys.length +
    referred.duplicateReferrals.length;
  return {
    accepted: reports.accepted + texts.accepted,
    lost,
    duplicated,
    eventsMissed: events.eventsMissed,
    untriaged: reports.untriaged,
    referralsMade: referred.made,
    notNotified: referred.notNotified + referred.missingEscalationSms.length,
    doubleEffects: referred.doubleEffects,
    doubleEscalations: referred.doubleEscalations.length,
    auditReadsMissing: audit.missing,
    ok:
      lost === 0 &&
      duplicated === 0 &&
      events.eventsMissed === 0 &&
      reports.untriaged === 0 &&
      referred.notNotified === 0 &&
      referred.missingEscalationSms.length === 0 &&
      referred.doubleEffects === 0 &&
      referred.doubleEscalations.length === 0 &&
      referred.badSignatures === 0 &&
      audit.missing === 0,
    details: {
      reports,
      sms: texts,
      events,
      claims: claimed,
      referrals: referred,
      auditReads: audit,
    },
  };
}
