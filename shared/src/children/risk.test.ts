import { describe, expect, it } from 'vitest';
import { CHILD_CATEGORIES, VISIT_CHECKLIST_ITEMS } from './constants.js';
import {
  assessChildRisk,
  completeChecklist,
  effectiveRisk,
  nextVisitDue,
  type VisitChecklist,
} from './risk.js';
import { childRiskReasonLabel } from './labels.js';
import { ZCreateChild, ZCreateVisit, ZVisitSettings } from './schemas.js';

const allGood: VisitChecklist = completeChecklist(
  Object.fromEntries(VISIT_CHECKLIST_ITEMS.map((i) => [i, true])),
  VISIT_CHECKLIST_ITEMS,
);
const atHome = [{ livesWithChild: true }];

describe('assessChildRisk', () => {
  it.each([
    ['street', 'high'],
    ['orphan', 'medium'],
    ['de_facto_unsupported', 'medium'],
    ['in_difficulty', 'medium'],
    ['disabled', 'medium'],
    ['left_behind', 'low'],
    ['migrant', 'low'],
  ] as const)('scores a visited child who is %s, all well, as %s', (category, level) => {
    const risk = assessChildRisk({
      categories: [category],
      guardians: atHome,
      lastChecklist: allGood,
    });
    expect(risk.level).toBe(level);
    expect(risk.reasons[0]).toEqual({ rule: 'category', category, level });
  });

  it('gives every category a level and a label in both languages', () => {
    for (const category of CHILD_CATEGORIES) {
      const { reasons } = assessChildRisk({
        categories: [category],
        guardians: atHome,
        lastChecklist: allGood,
      });
      expect(childRiskReasonLabel(reasons[0]!, 'zh-CN')).toMatch(/风险）$/);
      expect(childRiskReasonLabel(reasons[0]!, 'en')).toMatch(/risk\)$/);
    }
  });

  it('holds a child nobody has visited yet at medium at least, and says so', () => {
    const risk = assessChildRisk({
      categories: ['left_behind'],
      guardians: atHome,
      lastChecklist: null,
    });
    expect(risk.level).toBe('medium');
    expect(risk.reasons).toEqual([
      { rule: 'not_visited', level: 'medium' },
      { rule: 'category', category: 'left_behind', level: 'low' },
    ]);
    expect(childRiskReasonLabel(risk.reasons[0]!, 'en')).toBe('Not yet visited (medium risk)');
  });

  it.each([
    ['noInjurySigns', 'high'],
    ['guardianPresent', 'high'],
    ['childSafe', 'high'],
    ['enoughFood', 'high'],
    ['attendingSchool', 'medium'],
    ['guardianAble', 'medium'],
    ['noNeglectSigns', 'medium'],
  ] as const)(
    'raises a low-risk child to %s → %s when the last visit saw that concern',
    (item, level) => {
      const risk = assessChildRisk({
        categories: ['migrant'],
        guardians: atHome,
        lastChecklist: { ...allGood, [item]: false },
      });
      expect(risk.level).toBe(level);
      expect(risk.reasons[0]).toEqual({ rule: 'checklist', item, level });
    },
  );

  it('reads an unchecked item as saying nothing, not as a concern', () => {
    const unchecked = completeChecklist({ childSafe: true }, VISIT_CHECKLIST_ITEMS);
    expect(unchecked.noInjurySigns).toBeNull();
    const risk = assessChildRisk({
      categories: ['migrant'],
      guardians: atHome,
      lastChecklist: unchecked,
    });
    expect(risk.level).toBe('low');
  });

  it('makes a left-behind child with no guardian at home high risk', () => {
    const risk = assessChildRisk({
      categories: ['left_behind'],
      guardians: [{ livesWithChild: false }],
      lastChecklist: allGood,
    });
    expect(risk.level).toBe('high');
    expect(risk.reasons[0]).toEqual({ rule: 'no_guardian_at_home', level: 'high' });
    // A migrant child living away from a guardian is not judged by this rule.
    expect(
      assessChildRisk({ categories: ['migrant'], guardians: [], lastChecklist: allGood }).level,
    ).toBe('low');
  });

  it('lists every reason, most severe first', () => {
    const risk = assessChildRisk({
      categories: ['left_behind', 'disabled'],
      guardians: atHome,
      lastChecklist: { ...allGood, attendingSchool: false, noInjurySigns: false },
    });
    expect(risk.reasons.map((r) => r.level)).toEqual(['high', 'medium', 'medium', 'low']);
    expect(childRiskReasonLabel(risk.reasons[0]!, 'zh-CN')).toBe('有受伤迹象（高风险）');
  });
});

describe('effectiveRisk', () => {
  it('lets a raise go above the rules, never below them', () => {
    expect(effectiveRisk('low', 'high')).toBe('high');
    expect(effectiveRisk('medium', null)).toBe('medium');
    expect(effectiveRisk('high', 'medium')).toBe('high');
  });
});

describe('nextVisitDue', () => {
  it('adds the days for the level, scaled like every deadline', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    expect(nextVisitDue(from, 30).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(nextVisitDue(from, 30, 0.001).getTime() - from.getTime()).toBe(30 * 86_400);
  });
});

describe('register schemas', () => {
  it('names every field problem of a registration', () => {
    const result = ZCreateChild.safeParse({
      name: ' ',
      sex: 'x',
      regionCode: 'abc',
      categories: ['left_behind', 'left_behind'],
      guardians: [{ relation: 'aunt', name: '王', livesWithChild: 'yes' }],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'sex',
        'regionCode',
        'categories',
        'guardians.0.relation',
        'guardians.0.livesWithChild',
      ]),
    );
  });

  it('needs a date of birth or an age, and refuses an adult', () => {
    const base = {
      name: '李小红',
      sex: 'female',
      regionCode: '440117101201',
      categories: ['orphan'],
    };
    expect(ZCreateChild.safeParse(base).error?.issues[0]?.path).toEqual(['dateOfBirth']);
    expect(ZCreateChild.safeParse({ ...base, age: 9 }).success).toBe(true);
    expect(ZCreateChild.safeParse({ ...base, dateOfBirth: '2000-01-01' }).success).toBe(false);
  });

  it('takes a visit with a partial checklist or none, not a future one', () => {
    expect(
      ZCreateVisit.safeParse({ kind: 'home', visitedAt: '2026-01-02T10:00:00+08:00' }).success,
    ).toBe(true);
    expect(
      ZCreateVisit.safeParse({
        kind: 'phone',
        visitedAt: '2026-01-02T10:00:00Z',
        checklist: { childSafe: false },
      }).success,
    ).toBe(true);
    const bad = ZCreateVisit.safeParse({
      kind: 'car',
      visitedAt: new Date(Date.now() + 3600_000).toISOString(),
      checklist: { fine: true },
    });
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['kind', 'checklist']),
    );
  });

  it('keeps a higher level’s interval no longer than a lower one’s', () => {
    expect(
      ZVisitSettings.safeParse({ visitDays: { high: 30, medium: 90, low: 180 } }).success,
    ).toBe(true);
    expect(
      ZVisitSettings.safeParse({ visitDays: { high: 100, medium: 90, low: 180 } }).success,
    ).toBe(false);
  });
});
