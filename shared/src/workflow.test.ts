import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from './cases/constants.js';
import { CASE_TRANSITIONS, transitionProblem, type TransitionFacts } from './workflow.js';

const supervisor: TransitionFacts = {
  mayReopen: true,
  reason: 'duplicate of another case',
  mandatoryPoliceReport: false,
  policeNotified: false,
};

describe('transitionProblem', () => {
  it('allows every transition in the table and refuses every other pair', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const problem = transitionProblem(from, to, supervisor);
        if (from === to) expect(problem).toBe('same_status');
        else if (CASE_TRANSITIONS[from].includes(to)) expect(problem, `${from}→${to}`).toBeNull();
        else expect(problem, `${from}→${to}`).toBe('not_allowed');
      }
    }
  });

  it('keeps reopening for supervisors', () => {
    const operator = { ...supervisor, mayReopen: false };
    for (const from of ['resolved', 'closed', 'closed_no_action'] as const)
      expect(transitionProblem(from, 'new', operator)).toBe('supervisor_only');
    expect(transitionProblem('triaging', 'new', operator)).toBeNull();
  });

  it('asks for a reason to close without action', () => {
    for (const reason of [undefined, '', '   '])
      expect(transitionProblem('new', 'closed_no_action', { ...supervisor, reason })).toBe(
        'reason_required',
      );
  });

  it('refuses to close a mandatory-situation case before the police were notified', () => {
    const mandatory = { ...supervisor, mandatoryPoliceReport: true };
    expect(transitionProblem('resolved', 'closed', mandatory)).toBe('police_not_notified');
    expect(transitionProblem('triaging', 'closed_no_action', mandatory)).toBe(
      'police_not_notified',
    );
    expect(transitionProblem('resolved', 'closed', { ...mandatory, policeNotified: true })).toBe(
      null,
    );
    expect(transitionProblem('in_progress', 'resolved', mandatory)).toBeNull();
  });
});
