// Every report accounted for: what a sender was told was received (a 201, an SMS reply with a
// reference, an answered or queued call) against what the operators' consoles were shown
// (`case.created` with the report that opened the case). Pure: the run feeds it its logs.

/**
 * @param {{
 *   receipts: Array<{ channel: string, key: string, reportId?: string|null, caseId?: string|null,
 *                     reference?: string|null }>,
 *   sightings: Array<{ reportId?: string|null, caseId: string, reference?: string|null,
 *                      channel: string }>,
 *   triaged?: number,
 * }} input
 */
export function account({ receipts, sightings, triaged }) {
  const byReport = new Map();
  const byCase = new Map();
  const byReference = new Map();
  for (const s of sightings) {
    if (s.reportId) {
      const cases = byReport.get(s.reportId) ?? new Set();
      cases.add(s.caseId);
      byReport.set(s.reportId, cases);
    }
    byCase.set(s.caseId, s);
    if (s.reference) byReference.set(s.reference, s);
  }
  const matchedCases = new Set();
  const lostKeys = [];
  const keys = new Map();
  let onConsole = 0;
  const unknown = [];
  for (const r of receipts) {
    keys.set(r.key, (keys.get(r.key) ?? 0) + 1);
    // A sender who never learnt an id (an SMS whose webhook answer timed out): matched below.
    if (!r.reportId && !r.caseId && !r.reference) {
      unknown.push(r);
      continue;
    }
    const hit =
      (r.reportId && byReport.has(r.reportId)
        ? byCase.get([...byReport.get(r.reportId)][0])
        : undefined) ??
      (r.caseId ? byCase.get(r.caseId) : undefined) ??
      (r.reference ? byReference.get(r.reference) : undefined);
    if (hit) {
      onConsole++;
      matchedCases.add(hit.caseId);
    } else lostKeys.push(r.key);
  }
  // Each of those takes one case of its channel that no other receipt took (one report each).
  for (const r of unknown) {
    const free = [...byCase.values()].find(
      (s) => s.channel === r.channel && !matchedCases.has(s.caseId),
    );
    if (free) {
      onConsole++;
      matchedCases.add(free.caseId);
    } else lostKeys.push(r.key);
  }
  const duplicateKeys = [];
  for (const [key, n] of keys) if (n > 1) duplicateKeys.push(`${key} received ${n} times`);
  for (const [reportId, cases] of byReport)
    if (cases.size > 1) duplicateKeys.push(`report ${reportId} opened ${cases.size} cases`);
  // A case nobody was told about: the system made a report no sender sent (a duplicate).
  for (const s of byCase.values())
    if (!matchedCases.has(s.caseId)) duplicateKeys.push(`case ${s.caseId} (${s.channel}) unasked`);
  const received = receipts.length;
  return {
    received,
    triaged: triaged ?? onConsole,
    onConsole,
    lost: lostKeys.length,
    duplicated: duplicateKeys.length,
    lostKeys,
    duplicateKeys,
  };
}

/** The `--drop-one` fault: removes every console sighting of one report, as if it never came. */
export function dropSightings(sightings, receipt) {
  return sightings.filter(
    (s) =>
      !(
        (receipt.reportId && s.reportId === receipt.reportId) ||
        (receipt.caseId && s.caseId === receipt.caseId) ||
        (receipt.reference && s.reference === receipt.reference)
      ),
  );
}

/** The run's verdict: nothing lost, nothing duplicated. */
export function accountingOk(a) {
  return a.lost === 0 && a.duplicated === 0 && a.onConsole === a.received;
}
