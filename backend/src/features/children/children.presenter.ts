import type { TChildChange, TChildFile, TChildSummary, TVisit, TVisitPhoto } from '@hutong/shared';
import type { RegionDirectory } from '../regions/region-directory.js';
import { openGuardian, openText } from './child-content.js';
import type { ChildFileRows, ChildRow, VisitRow } from './children.repository.js';

const YEAR_MS = 365.25 * 24 * 3600_000;

/** Whole years: from the date of birth, or the age given at registration carried forward. */
function ageOf(dateOfBirth: string | null, child: ChildRow, now: Date): number | null {
  if (dateOfBirth) {
    const born = new Date(`${dateOfBirth}T00:00:00+08:00`);
    let age = now.getUTCFullYear() - born.getUTCFullYear();
    const birthday = new Date(born);
    birthday.setUTCFullYear(born.getUTCFullYear() + age);
    if (birthday > now) age -= 1;
    return Math.max(0, age);
  }
  if (child.ageAtRegistration === null) return null;
  return (
    child.ageAtRegistration + Math.floor((now.getTime() - child.createdAt.getTime()) / YEAR_MS)
  );
}

/** A line of the register (decrypts the name and date of birth). */
export function presentChildSummary(
  child: ChildRow,
  regions: RegionDirectory,
  now = new Date(),
): TChildSummary {
  const dateOfBirth = openText(child.dateOfBirth);
  return {
    id: child.id,
    name: openText(child.name) ?? '',
    sex: child.sex,
    dateOfBirth,
    age: ageOf(dateOfBirth, child, now),
    region: regions.ref(child.regionCode) ?? { code: child.regionCode, name: '', path: [] },
    categories: child.categories,
    riskLevel: child.riskLevel,
    lastVisitAt: child.lastVisitAt?.toISOString() ?? null,
    nextVisitDue: child.nextVisitDue?.toISOString() ?? null,
    overdue: child.status === 'open' && !!child.nextVisitDue && child.nextVisitDue <= now,
    status: child.status,
  };
}

/** A visit with its photos (listed, never their bytes). */
export function presentVisit(
  visit: VisitRow,
  byName: string | null,
  photos: readonly TVisitPhoto[],
): TVisit {
  return {
    id: visit.id,
    kind: visit.kind,
    visitedAt: visit.visitedAt.toISOString(),
    seen: visit.seen,
    checklist: visit.checklist,
    notes: openText(visit.notes),
    by: visit.createdBy && byName ? { id: visit.createdBy, displayName: byName } : null,
    recordedAt: visit.createdAt.toISOString(),
    call:
      visit.callId && visit.callOutcome
        ? { id: visit.callId, outcome: visit.callOutcome, talkSeconds: visit.callTalkSeconds ?? 0 }
        : null,
    photos: [...photos],
  };
}

/** The whole file: details, guardians, risk with its reasons, visits and the timeline. */
export function presentChildFile(rows: ChildFileRows, regions: RegionDirectory): TChildFile {
  const { child } = rows;
  const timeline: TChildChange[] = rows.changes.map((c) => ({
    id: c.id,
    at: c.at.toISOString(),
    action: c.action,
    by: c.actorId && c.byName ? { id: c.actorId, displayName: c.byName } : null,
    fields: c.fields,
    details: c.details,
  }));
  return {
    ...presentChildSummary(child, regions),
    phone: openText(child.phone),
    guardians: rows.guardians.map(openGuardian),
    school: openText(child.school),
    health: openText(child.health),
    notes: openText(child.notes),
    risk: presentRisk(child, rows.raisedByName),
    visits: rows.visits.map((v) => presentVisit(v, v.byName, rows.photos.get(v.id) ?? [])),
    timeline,
    closed:
      child.status === 'closed' && child.closedAt && child.closeReason
        ? {
            at: child.closedAt.toISOString(),
            reason: child.closeReason,
            note: openText(child.closeNote),
          }
        : null,
    registeredAt: child.createdAt.toISOString(),
    registeredBy:
      child.createdBy && rows.createdByName
        ? { id: child.createdBy, displayName: rows.createdByName }
        : null,
  };
}

export function presentRisk(child: ChildRow, raisedByName: string | null): TChildFile['risk'] {
  return {
    level: child.riskLevel,
    ruleLevel: child.ruleRiskLevel,
    reasons: child.riskReasons,
    raised:
      child.raisedRiskLevel && child.raisedAt
        ? {
            level: child.raisedRiskLevel,
            reason: openText(child.raisedRiskReason) ?? '',
            by:
              child.raisedBy && raisedByName
                ? { id: child.raisedBy, displayName: raisedByName }
                : null,
            at: child.raisedAt.toISOString(),
          }
        : null,
  };
}
