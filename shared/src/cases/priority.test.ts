import { describe, expect, it } from 'vitest';
import {
  assessCasePriority,
  assessPriority,
  categoryPriority,
  withImmediateDanger,
} from './priority.js';
import { SITUATION_CATEGORIES } from '../reports/constants.js';

describe('assessPriority', () => {
  it.each([
    ['sexual_assault_under_14', 'P1'],
    ['genital_injury', 'P1'],
    ['death_or_disability', 'P1'],
    ['missing_or_trafficked', 'P1'],
    ['self_harm_risk', 'P1'],
    ['violence_injury', 'P2'],
    ['pregnancy_after_assault', 'P2'],
    ['abandonment_or_no_care', 'P2'],
    ['organised_begging', 'P2'],
    ['domestic_violence_witnessed', 'P2'],
    ['bullying', 'P3'],
    ['other_serious_harm', 'P3'],
    ['guardianship_concern', 'P3'],
    ['information_request', 'P4'],
  ] as const)('scores %s alone as %s', (category, expected) => {
    expect(
      assessPriority({ categories: [category], immediateDanger: false, children: [{}] }).priority,
    ).toBe(expected);
  });

  it('gives every category a priority', () => {
    for (const c of SITUATION_CATEGORIES)
      expect(['P1', 'P2', 'P3', 'P4']).toContain(categoryPriority(c));
  });

  it('makes immediate danger P1 whatever the category, and says so first', () => {
    const result = assessPriority({
      categories: ['information_request'],
      immediateDanger: true,
      children: [{}],
    });
    expect(result.priority).toBe('P1');
    expect(result.reasons).toEqual([
      { rule: 'immediate_danger', priority: 'P1' },
      { rule: 'category', category: 'information_request', priority: 'P4' },
    ]);
  });

  it('makes a child under 3 without care P1, naming the youngest age', () => {
    const result = assessPriority({
      categories: ['abandonment_or_no_care'],
      immediateDanger: false,
      children: [{ age: 9 }, { age: 2 }, {}],
    });
    expect(result.priority).toBe('P1');
    expect(result.reasons[0]).toEqual({ rule: 'young_child_without_care', age: 2, priority: 'P1' });
  });

  it('does not apply the under-3 rule when no age is known', () => {
    expect(
      assessPriority({
        categories: ['abandonment_or_no_care'],
        immediateDanger: false,
        children: [{}],
      }).priority,
    ).toBe('P2');
  });

  it('takes the most severe of several categories and keeps every reason, most severe first', () => {
    const result = assessPriority({
      categories: ['bullying', 'self_harm_risk', 'violence_injury'],
      immediateDanger: false,
      children: [{ age: 12 }],
    });
    expect(result.priority).toBe('P1');
    expect(result.reasons.map((r) => r.priority)).toEqual(['P1', 'P2', 'P3']);
  });
});

describe('assessPriority with the immediate-risk checklist', () => {
  it.each([
    ['suspect_has_access', 'P1'],
    ['serious_injury', 'P1'],
    ['suicidal_intent', 'P1'],
    ['weapon_or_threats', 'P1'],
    ['child_alone', 'P2'],
    ['afraid_to_go_home', 'P2'],
    ['previous_reports', 'P3'],
  ] as const)('raises an advice call with %s ticked to %s, naming the risk', (risk, expected) => {
    const result = assessPriority({
      categories: ['information_request'],
      immediateDanger: false,
      children: [{}],
      risks: [risk],
    });
    expect(result.priority).toBe(expected);
    expect(result.reasons[0]).toEqual({ rule: 'risk', risk, priority: expected });
  });

  it('treats the checklist’s immediate danger like the reporter’s', () => {
    const result = assessPriority({
      categories: ['bullying'],
      immediateDanger: false,
      children: [{}],
      risks: ['immediate_danger'],
    });
    expect(result.reasons[0]).toEqual({ rule: 'immediate_danger', priority: 'P1' });
  });

  it('makes a child under 3 left alone P1 even without the abandonment category', () => {
    const result = assessPriority({
      categories: ['family_relationships'],
      immediateDanger: false,
      children: [{ age: 1 }],
      risks: ['child_alone'],
    });
    expect(result.priority).toBe('P1');
    expect(result.reasons[0]).toEqual({ rule: 'young_child_without_care', age: 1, priority: 'P1' });
  });
});

describe('assessCasePriority', () => {
  const triaged = {
    categories: ['violence_injury'] as const,
    immediateDanger: false,
    children: [{ age: 9 }],
  };

  it('uses the assessment’s categories in place of the triaged ones', () => {
    expect(assessCasePriority(triaged, { categories: ['bullying'] }).priority).toBe('P3');
    expect(assessCasePriority(triaged, {}).priority).toBe('P2');
  });

  it('never drops the reporter’s immediate danger', () => {
    const result = assessCasePriority(
      { ...triaged, immediateDanger: true },
      { categories: ['information_request'] },
    );
    expect(result.priority).toBe('P1');
  });

  it('works out an age from a birth date for the under-3 rule', () => {
    const born = new Date(Date.now() - 400 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const result = assessCasePriority(triaged, {
      categories: ['abandonment_or_no_care'],
      children: [{ birthDate: born }],
    });
    expect(result.reasons[0]).toEqual({ rule: 'young_child_without_care', age: 1, priority: 'P1' });
  });

  it('adds "in danger now" learnt after triage with the triage rule, once', () => {
    const triagedP3 = assessPriority({
      categories: ['bullying'],
      immediateDanger: false,
      children: [],
    });
    const raised = withImmediateDanger(triagedP3.reasons);
    expect(raised.priority).toBe('P1');
    expect(raised.reasons[0]).toEqual({ rule: 'immediate_danger', priority: 'P1' });
    expect(raised.reasons.slice(1)).toEqual(triagedP3.reasons);
    expect(withImmediateDanger(raised.reasons).reasons).toEqual(raised.reasons);
  });
});
