import type { SituationCategory } from '../reports/constants.js';
import type { Priority } from './constants.js';

/** One reason that raised a report's priority; the console renders it in the operator's language. */
export type PriorityReason =
  | { rule: 'immediate_danger'; priority: Priority }
  | { rule: 'category'; category: SituationCategory; priority: Priority }
  | { rule: 'young_child_without_care'; age: number; priority: Priority }
  | { rule: 'default'; priority: Priority };

const P1_CATEGORIES: ReadonlySet<SituationCategory> = new Set([
  'sexual_assault_under_14',
  'genital_injury',
  'death_or_disability',
  'missing_or_trafficked',
  'self_harm_risk',
]);
const P2_CATEGORIES: ReadonlySet<SituationCategory> = new Set([
  'violence_injury',
  'pregnancy_after_assault',
  'abandonment_or_no_care',
  'organised_begging',
  'domestic_violence_witnessed',
]);
const P4_CATEGORIES: ReadonlySet<SituationCategory> = new Set(['information_request']);

export interface PriorityInput {
  categories: readonly SituationCategory[];
  immediateDanger: boolean;
  children: readonly { age?: number | undefined }[];
}

/**
 * Scores a report: the highest priority any rule gives, with every rule that gave it or a lower
 * one, most severe first, so the operator sees why. Rules follow DESIGN.md "Priority and SLA".
 */
export function assessPriority(input: PriorityInput): {
  priority: Priority;
  reasons: PriorityReason[];
} {
  const reasons: PriorityReason[] = [];
  if (input.immediateDanger) reasons.push({ rule: 'immediate_danger', priority: 'P1' });
  const youngest = Math.min(
    ...input.children.map((c) => c.age).filter((a): a is number => typeof a === 'number'),
  );
  if (input.categories.includes('abandonment_or_no_care') && youngest < 3) {
    reasons.push({ rule: 'young_child_without_care', age: youngest, priority: 'P1' });
  }
  for (const category of input.categories) {
    reasons.push({ rule: 'category', category, priority: categoryPriority(category) });
  }
  if (reasons.length === 0) reasons.push({ rule: 'default', priority: 'P3' });
  reasons.sort((a, b) => a.priority.localeCompare(b.priority));
  return { priority: reasons[0]!.priority, reasons };
}

/** The priority a single category carries on its own. */
export function categoryPriority(category: SituationCategory): Priority {
  if (P1_CATEGORIES.has(category)) return 'P1';
  if (P2_CATEGORIES.has(category)) return 'P2';
  if (P4_CATEGORIES.has(category)) return 'P4';
  return 'P3';
}
