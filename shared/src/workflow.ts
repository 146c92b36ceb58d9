import type { CaseStatus } from './cases/constants.js';

/**
 * The case state machine from DESIGN.md, the one place transitions are defined. The backend
 * enforces it; the console uses it to show only the actions that can succeed.
 */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['triaging', 'closed_no_action'],
  triaging: ['new', 'dispatched', 'closed_no_action'],
  dispatched: ['in_progress', 'closed_no_action'],
  in_progress: ['resolved', 'closed_no_action'],
  resolved: ['closed', 'new'],
  closed: ['new'],
  closed_no_action: ['new'],
};

/** Transitions that only a supervisor may make (reopening a finished case). */
export const SUPERVISOR_ONLY_TRANSITIONS: readonly [CaseStatus, CaseStatus][] = [
  ['resolved', 'new'],
  ['closed', 'new'],
  ['closed_no_action', 'new'],
];

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** Why a transition is refused; the console and the API say it in plain words. */
export type TransitionProblem =
  'not_allowed' | 'same_status' | 'reason_required' | 'supervisor_only' | 'police_not_notified';

/** What a transition check needs to know beyond the two states. */
export interface TransitionFacts {
  mayReopen: boolean;
  reason?: string | undefined;
  /** True when the case is in mandatory situations 1–8 (CATEGORY_META mandatory 1–8). */
  mandatoryPoliceReport: boolean;
  policeNotified: boolean;
}

/**
 * The one check every case transition goes through: the table above, a reason for closing
 * without action, reopening by supervisors only, and (Opinion on mandatory reporting art. 2)
 * no closing a case in situations 1–8 before the police were told. Null when allowed.
 */
export function transitionProblem(
  from: CaseStatus,
  to: CaseStatus,
  facts: TransitionFacts,
): TransitionProblem | null {
  if (from === to) return 'same_status';
  if (!canTransition(from, to)) return 'not_allowed';
  if (!facts.mayReopen && SUPERVISOR_ONLY_TRANSITIONS.some(([f, t]) => f === from && t === to))
    return 'supervisor_only';
  if (to === 'closed_no_action' && !facts.reason?.trim()) return 'reason_required';
  if (
    (to === 'closed' || to === 'closed_no_action') &&
    facts.mandatoryPoliceReport &&
    !facts.policeNotified
  )
    return 'police_not_notified';
  return null;
}

/** English explanations for the API's ILLEGAL_TRANSITION messages (the console translates). */
export const TRANSITION_PROBLEM_MESSAGES: Record<TransitionProblem, string> = {
  not_allowed: 'This change of status is not allowed',
  same_status: 'The case already has this status',
  reason_required: 'Give a reason for closing without action',
  supervisor_only: 'Only a supervisor can reopen a case',
  police_not_notified:
    'This case is in a mandatory-reporting situation (1–8): record when the police were notified before closing it',
};
