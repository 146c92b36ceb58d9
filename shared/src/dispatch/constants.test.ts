import { describe, expect, it } from 'vitest';
import {
  FINAL_REFERRAL_STATUSES,
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  referralProblem,
} from './constants.js';

describe('referral state machine', () => {
  it('walks the happy path for the centre', () => {
    const path = ['pending', 'acknowledged', 'accepted', 'en_route', 'on_site'] as const;
    for (let i = 1; i < path.length; i++) {
      expect(
        referralProblem(path[i - 1]!, path[i]!, { actor: 'centre', hasOutcome: false }),
      ).toBeNull();
    }
    expect(
      referralProblem('on_site', 'completed', { actor: 'centre', hasOutcome: true }),
    ).toBeNull();
  });

  it('never leaves a final status', () => {
    for (const from of FINAL_REFERRAL_STATUSES) {
      for (const to of REFERRAL_STATUSES) {
        expect(REFERRAL_TRANSITIONS[from]).not.toContain(to);
      }
    }
  });

  it('needs a reason to decline or revoke and an outcome to complete', () => {
    expect(referralProblem('pending', 'declined', { actor: 'centre', hasOutcome: false })).toBe(
      'reason_required',
    );
    expect(
      referralProblem('accepted', 'revoked', {
        actor: 'supervisor',
        reason: ' ',
        hasOutcome: false,
      }),
    ).toBe('reason_required');
    expect(referralProblem('accepted', 'completed', { actor: 'centre', hasOutcome: false })).toBe(
      'outcome_required',
    );
  });

  it('keeps cancelling for operators and revoking for supervisors', () => {
    expect(referralProblem('pending', 'cancelled', { actor: 'centre', hasOutcome: false })).toBe(
      'not_your_move',
    );
    expect(
      referralProblem('pending', 'revoked', { actor: 'operator', reason: 'x', hasOutcome: false }),
    ).toBe('not_your_move');
    expect(
      referralProblem('pending', 'revoked', {
        actor: 'supervisor',
        reason: 'x',
        hasOutcome: false,
      }),
    ).toBeNull();
    expect(referralProblem('pending', 'completed', { actor: 'centre', hasOutcome: true })).toBe(
      'not_allowed',
    );
  });
});
