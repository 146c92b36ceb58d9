import type { ChildCategory, GuardianRelation } from '../children/constants.js';
import type { VisitChecklist } from '../children/risk.js';
import {
  DANGER_SIGNAL_ITEMS,
  REPEAT_REPORT_DAYS,
  REPEAT_REPORT_MIN,
  type WarningKind,
  type WarningStatus,
} from './constants.js';

/** One reason for a warning; the console words it in the reader's language. */
export type WarningReason =
  | { rule: 'visit_overdue'; dueAt: string }
  | { rule: 'danger_signal'; item: (typeof DANGER_SIGNAL_ITEMS)[number] }
  | { rule: 'report_on_file'; reference: string }
  | { rule: 'repeat_reports'; count: number; days: number; references: string[] }
  | { rule: 'guardian_left'; relations: GuardianRelation[]; remaining: number };

/** A warning the rules call for: its kind, reasons, and the key that makes it fire once. */
export interface WarningDraft {
  kind: WarningKind;
  reasons: WarningReason[];
  /** Unique per occurrence (stored under a unique constraint): a second raise is a no-op. */
  key: string;
}

/**
 * An open file whose next visit fell due by `now`: one warning per child and due date, so a
 * sweep that runs twice, on two workers or after a restart, raises it once.
 */
export function overdueWarning(
  child: { id: string; status: 'open' | 'closed'; nextVisitDue: Date | null },
  now: Date,
): WarningDraft | null {
  if (child.status !== 'open' || !child.nextVisitDue || child.nextVisitDue > now) return null;
  const dueAt = child.nextVisitDue.toISOString();
  return {
    kind: 'visit_overdue',
    reasons: [{ rule: 'visit_overdue', dueAt }],
    key: `overdue:${child.id}:${child.nextVisitDue.getTime()}`,
  };
}

/** The danger signals a visit recorded (items answered `false`), in DANGER_SIGNAL_ITEMS order. */
export function dangerSignals(checklist: VisitChecklist): (typeof DANGER_SIGNAL_ITEMS)[number][] {
  return DANGER_SIGNAL_ITEMS.filter((item) => checklist[item] === false);
}

/** One warning per visit that recorded at least one danger signal, with each signal a reason. */
export function dangerWarning(visitId: string, checklist: VisitChecklist): WarningDraft | null {
  const items = dangerSignals(checklist);
  if (items.length === 0) return null;
  return {
    kind: 'danger_signal',
    reasons: items.map((item) => ({ rule: 'danger_signal', item })),
    key: `danger:${visitId}`,
  };
}

/** A report about a child on file: one warning per report and child. */
export function reportOnFileWarning(
  childId: string,
  report: { id: string; reference: string },
): WarningDraft {
  return {
    kind: 'report_on_file',
    reasons: [{ rule: 'report_on_file', reference: report.reference }],
    key: `report:${childId}:${report.id}`,
  };
}

/**
 * Two or more reports about one child within REPEAT_REPORT_DAYS of `now`. One warning per run of
 * reports: keyed by the earliest report in the window, so the third report of a run updates the
 * warning the second raised (its count and references) rather than raising another.
 */
export function repeatReportsWarning(
  childId: string,
  reports: readonly { id: string; reference: string; receivedAt: Date }[],
  now: Date,
  days = REPEAT_REPORT_DAYS,
): WarningDraft | null {
  const since = now.getTime() - days * 86_400_000;
  const recent = reports
    .filter((r) => r.receivedAt.getTime() >= since && r.receivedAt <= now)
    .toSorted(
      (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id),
    );
  if (recent.length < REPEAT_REPORT_MIN) return null;
  return {
    kind: 'repeat_reports',
    reasons: [
      {
        rule: 'repeat_reports',
        count: recent.length,
        days,
        references: recent.map((r) => r.reference),
      },
    ],
    key: `repeat:${childId}:${recent[0]!.id}`,
  };
}

/**
 * A left-behind child's guardian leaves (issue 12 §4): a change to the file leaves fewer
 * guardians living with the child, by relation, than before. One warning per change.
 */
export function guardianLeftWarning(
  child: { id: string; categories: readonly ChildCategory[] },
  changeId: number,
  before: readonly { relation: GuardianRelation; livesWithChild: boolean }[],
  after: readonly { relation: GuardianRelation; livesWithChild: boolean }[],
): WarningDraft | null {
  if (!child.categories.includes('left_behind')) return null;
  const remaining = after.filter((g) => g.livesWithChild).map((g) => g.relation);
  const left: GuardianRelation[] = [];
  for (const relation of before.filter((g) => g.livesWithChild).map((g) => g.relation)) {
    const still = remaining.indexOf(relation);
    if (still >= 0) remaining.splice(still, 1);
    else left.push(relation);
  }
  if (left.length === 0) return null;
  return {
    kind: 'guardian_left',
    reasons: [
      {
        rule: 'guardian_left',
        relations: left,
        remaining: after.filter((g) => g.livesWithChild).length,
      },
    ],
    key: `guardian:${child.id}:${changeId}`,
  };
}

/** Where a warning may go from each status; escalated and dismissed are final. */
export const WARNING_TRANSITIONS: Record<WarningStatus, readonly WarningStatus[]> = {
  open: ['acknowledged', 'dismissed', 'escalated'],
  acknowledged: ['dismissed', 'escalated'],
  dismissed: [],
  escalated: [],
};

export function canMoveWarning(from: WarningStatus, to: WarningStatus): boolean {
  return WARNING_TRANSITIONS[from].includes(to);
}

/**
 * The situation categories a warning's escalated report is filed under: an injury seen is
 * violence or injury; no guardian or no food is no care; anything else a guardianship concern.
 */
export function escalationCategories(
  reasons: readonly WarningReason[],
): ('violence_injury' | 'abandonment_or_no_care' | 'guardianship_concern')[] {
  const items = new Set(reasons.flatMap((r) => (r.rule === 'danger_signal' ? [r.item] : [])));
  const categories: ('violence_injury' | 'abandonment_or_no_care' | 'guardianship_concern')[] = [];
  if (items.has('noInjurySigns')) categories.push('violence_injury');
  const noCarer = reasons.some((r) => r.rule === 'guardian_left' && r.remaining === 0);
  if (items.has('guardianPresent') || items.has('enoughFood') || noCarer)
    categories.push('abandonment_or_no_care');
  if (categories.length === 0) categories.push('guardianship_concern');
  return categories;
}

/** Whether an escalated warning says the child is in danger now (a visit found them not safe). */
export function escalationImmediateDanger(reasons: readonly WarningReason[]): boolean {
  return reasons.some((r) => r.rule === 'danger_signal' && r.item === 'childSafe');
}
