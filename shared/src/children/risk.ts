import {
  CHILD_RISK_RANK,
  type ChildCategory,
  type ChildRiskLevel,
  type VisitChecklistItem,
} from './constants.js';

/** One reason for a child's risk level; the console words it in the reader's language. */
export type ChildRiskReason =
  | { rule: 'category'; category: ChildCategory; level: ChildRiskLevel }
  | { rule: 'checklist'; item: VisitChecklistItem; level: ChildRiskLevel }
  | { rule: 'no_guardian_at_home'; level: ChildRiskLevel }
  | { rule: 'not_visited'; level: ChildRiskLevel }
  | { rule: 'default'; level: ChildRiskLevel };

/** What a category gives on its own. */
export const CATEGORY_RISK: Record<ChildCategory, ChildRiskLevel> = {
  street: 'high',
  orphan: 'medium',
  de_facto_unsupported: 'medium',
  in_difficulty: 'medium',
  disabled: 'medium',
  left_behind: 'low',
  migrant: 'low',
};

/**
 * What a concern seen on the last visit (an item answered `false`) gives: the danger signals
 * (no guardian, not safe, injury, no food) high, the rest medium.
 */
export const CONCERN_RISK: Record<VisitChecklistItem, ChildRiskLevel> = {
  guardianPresent: 'high',
  childSafe: 'high',
  noInjurySigns: 'high',
  enoughFood: 'high',
  guardianAble: 'medium',
  enoughClothing: 'medium',
  attendingSchool: 'medium',
  healthy: 'medium',
  noNeglectSigns: 'medium',
};

/** A checklist as recorded: every item, `null` where not checked. */
export type VisitChecklist = Record<VisitChecklistItem, boolean | null>;

export interface ChildRiskInput {
  categories: readonly ChildCategory[];
  guardians: readonly { livesWithChild: boolean }[];
  /** The last visit's checklist, or null before the first visit. */
  lastChecklist: VisitChecklist | null;
}

/** The more severe of two levels. */
export function maxRisk(a: ChildRiskLevel, b: ChildRiskLevel): ChildRiskLevel {
  return CHILD_RISK_RANK[a] >= CHILD_RISK_RANK[b] ? a : b;
}

/**
 * A child's risk level by the rules: the most severe level any rule gives, with every rule that
 * gave one, most severe first. Pure and explainable, like the report priority rules:
 * - each category (street high; orphan, de-facto unsupported, in difficulty, disabled medium;
 *   left-behind, migrant low);
 * - each concern the last visit recorded (CONCERN_RISK); unchecked items say nothing;
 * - a left-behind or de-facto unsupported child with no guardian living with them: high;
 * - never visited: medium (nobody has yet seen how the child lives);
 * - otherwise low.
 */
export function assessChildRisk(input: ChildRiskInput): {
  level: ChildRiskLevel;
  reasons: ChildRiskReason[];
} {
  const reasons: ChildRiskReason[] = [];
  if (input.lastChecklist) {
    for (const [item, value] of Object.entries(input.lastChecklist) as [
      VisitChecklistItem,
      boolean | null,
    ][]) {
      if (value === false) reasons.push({ rule: 'checklist', item, level: CONCERN_RISK[item] });
    }
  } else {
    reasons.push({ rule: 'not_visited', level: 'medium' });
  }
  const needsCarer =
    input.categories.includes('left_behind') || input.categories.includes('de_facto_unsupported');
  if (needsCarer && !input.guardians.some((g) => g.livesWithChild))
    reasons.push({ rule: 'no_guardian_at_home', level: 'high' });
  for (const category of input.categories)
    reasons.push({ rule: 'category', category, level: CATEGORY_RISK[category] });
  if (reasons.length === 0) reasons.push({ rule: 'default', level: 'low' });
  // Stable: equal levels keep the order above (signals, then guardianship, then categories).
  reasons.sort((a, b) => CHILD_RISK_RANK[b.level] - CHILD_RISK_RANK[a.level]);
  return { level: reasons[0]!.level, reasons };
}

/**
 * The level in force: the rules' level, or a level a director raised it to (with a reason). A
 * raise never lowers: below or at the rules' level it has no effect.
 */
export function effectiveRisk(
  ruleLevel: ChildRiskLevel,
  raisedLevel: ChildRiskLevel | null,
): ChildRiskLevel {
  return raisedLevel ? maxRisk(ruleLevel, raisedLevel) : ruleLevel;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When the next visit falls due: `days` for the level after the last visit (or the registration,
 * before any visit), times the time scale (`HUTONG_TIME_SCALE`, as every deadline).
 */
export function nextVisitDue(from: Date, days: number, timeScale = 1): Date {
  return new Date(from.getTime() + days * DAY_MS * timeScale);
}

/** A checklist as recorded from a partial one: what was not answered is unchecked (`null`). */
export function completeChecklist(
  partial: Partial<Record<VisitChecklistItem, boolean | null>> | undefined,
  items: readonly VisitChecklistItem[],
): VisitChecklist {
  return Object.fromEntries(items.map((i) => [i, partial?.[i] ?? null])) as VisitChecklist;
}
