import type { VisitChecklistItem } from '../children/constants.js';

/**
 * Why a warning (预警) was raised. WARNING: stored and part of the `warning.created` contract;
 * never rename one.
 */
export const WARNING_KINDS = [
  'visit_overdue',
  'danger_signal',
  'report_on_file',
  'repeat_reports',
  'guardian_left',
] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

/** Where a warning stands. WARNING: stored; never rename one. */
export const WARNING_STATUSES = ['open', 'acknowledged', 'dismissed', 'escalated'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

/**
 * The checklist items whose `false` is a danger signal (issue 12 §4): signs of injury, no
 * guardian, not safe, out of school, no food.
 */
export const DANGER_SIGNAL_ITEMS = [
  'noInjurySigns',
  'guardianPresent',
  'childSafe',
  'attendingSchool',
  'enoughFood',
] as const satisfies readonly VisitChecklistItem[];

/** Two or more reports about one child within this many days raise a warning. */
export const REPEAT_REPORT_DAYS = 90;
export const REPEAT_REPORT_MIN = 2;

/** How often the overdue sweep runs, in seconds (× HUTONG_TIME_SCALE, like every deadline). */
export const OVERDUE_SWEEP_SECONDS = 60;

export const WARNING_LIMITS = { reasonMax: 2000, pageSizeMax: 100 } as const;
