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

/** The whole verdict; `ok` only when nothing was lost, duplicated, missed or left untriaged. */
export function verdict({ submissions, sms, clients, claims, snapshot }) {
  const reports = checkReports(submissions, snapshot);
  const texts = checkSms(sms, snapshot);
  const events = checkEvents(clients, snapshot);
  const claimed = checkClaims(claims, snapshot);
  const lost = reports.lost + texts.lost.length;
  const duplicated =
    reports.duplicateKeys +
    reports.duplicateReferences.length +
    reports.doubleTriage.length +
    texts.duplicated.length +
    claimed.doubleClaims;
  return {
    accepted: reports.accepted + texts.accepted,
    lost,
    duplicated,
    eventsMissed: events.eventsMissed,
    untriaged: reports.untriaged,
    ok: lost === 0 && duplicated === 0 && events.eventsMissed === 0 && reports.untriaged === 0,
    details: { reports, sms: texts, events, claims: claimed },
  };
}
