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
