import type { SituationCategory } from '../reports/constants.js';
import type { Priority } from './constants.js';
import type { RiskFactor, TAssessment } from './assessment.js';

/** One reason that raised a report's priority; the console renders it in the operator's language. */
export type PriorityReason =
  | { rule: 'immediate_danger'; priority: Priority }
  | { rule: 'category'; category: SituationCategory; priority: Priority }
  | { rule: 'young_child_without_care'; age: number; priority: Priority }
  | { rule: 'risk'; risk: RiskFactor; priority: Priority }
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
/** What each item of the immediate-risk checklist gives on its own (DESIGN.md "Priority and SLA"). */
export const RISK_PRIORITY: Record<Exclude<RiskFactor, 'immediate_danger'>, Priority> = {
  suspect_has_access: 'P1',
  serious_injury: 'P1',
  suicidal_intent: 'P1',
  weapon_or_threats: 'P1',
  child_alone: 'P2',
  afraid_to_go_home: 'P2',
  previous_reports: 'P3',
};

const P4_CATEGORIES: ReadonlySet<SituationCategory> = new Set(['information_request']);

export interface PriorityInput {
  categories: readonly SituationCategory[];
  immediateDanger: boolean;
  children: readonly { age?: number | undefined }[];
  /** Ticked items of the assessment's immediate-risk checklist. */
  risks?: readonly RiskFactor[] | undefined;
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
  const risks = input.risks ?? [];
  if (input.immediateDanger || risks.includes('immediate_danger'))
    reasons.push({ rule: 'immediate_danger', priority: 'P1' });
  const youngest = Math.min(
    ...input.children.map((c) => c.age).filter((a): a is number => typeof a === 'number'),
  );
  const withoutCare =
    input.categories.includes('abandonment_or_no_care') || risks.includes('child_alone');
  if (withoutCare && youngest < 3) {
    reasons.push({ rule: 'young_child_without_care', age: youngest, priority: 'P1' });
  }
  for (const risk of risks) {
    if (risk !== 'immediate_danger')
      reasons.push({ rule: 'risk', risk, priority: RISK_PRIORITY[risk] });
  }
  for (const category of input.categories) {
    reasons.push({ rule: 'category', category, priority: categoryPriority(category) });
  }
  if (reasons.length === 0) reasons.push({ rule: 'default', priority: 'P3' });
  return ranked(reasons);
}

/**
 * A case already scored that learns later that a child is in danger now (the SMS dialogue's
 * answer after triage): the same immediate-danger rule as at triage, added to its reasons.
 */
export function withImmediateDanger(current: readonly PriorityReason[]): {
  priority: Priority;
  reasons: PriorityReason[];
} {
  if (current.some((r) => r.rule === 'immediate_danger')) return ranked([...current]);
  return ranked([{ rule: 'immediate_danger', priority: 'P1' }, ...current]);
}

/** The reasons most severe first (a stable sort keeps their order within a priority). */
function ranked(reasons: PriorityReason[]): { priority: Priority; reasons: PriorityReason[] } {
  reasons.sort((a, b) => a.priority.localeCompare(b.priority));
  return { priority: reasons[0]?.priority ?? 'P3', reasons };
}

/** The priority a single category carries on its own. */
export function categoryPriority(category: SituationCategory): Priority {
  if (P1_CATEGORIES.has(category)) return 'P1';
  if (P2_CATEGORIES.has(category)) return 'P2';
  if (P4_CATEGORIES.has(category)) return 'P4';
  return 'P3';
}

/** What the case's facts were before assessment: as triaged from its reports. */
export interface TriagedFacts {
  categories: readonly SituationCategory[];
  immediateDanger: boolean;
  children: readonly { age?: number | undefined; birthDate?: string | undefined }[];
}

/**
 * Priority recomputed from an assessment. The assessment's categories and children replace the
 * triaged ones when given; a reporter's "immediate danger" is never dropped by an assessment
 * (only an override with a reason can lower a case).
 */
export function assessCasePriority(
  triaged: TriagedFacts,
  assessment: TAssessment,
): { priority: Priority; reasons: PriorityReason[] } {
  const children = assessment.children?.length ? assessment.children : triaged.children;
  return assessPriority({
    categories: assessment.categories?.length ? assessment.categories : triaged.categories,
    immediateDanger: triaged.immediateDanger,
    children: children.map((c) => ({ age: c.age ?? ageFromBirthDate(c) })),
    risks: assessment.risks,
  });
}

function ageFromBirthDate(child: { birthDate?: string | undefined }): number | undefined {
  if (!child.birthDate) return undefined;
  const born = new Date(`${child.birthDate}T00:00:00Z`);
  const now = new Date();
  let age = now.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < born.getUTCMonth() ||
    (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : undefined;
}
