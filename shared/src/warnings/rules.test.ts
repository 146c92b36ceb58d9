import { describe, expect, it } from 'vitest';
import { completeChecklist } from '../children/risk.js';
import { VISIT_CHECKLIST_ITEMS } from '../children/constants.js';
import {
  canMoveWarning,
  escalationCategories,
  escalationImmediateDanger,
  guardianLeftWarning,
  dangerSignals,
  dangerWarning,
  overdueWarning,
  repeatReportsWarning,
  reportOnFileWarning,
} from './rules.js';

const DAY = 86_400_000;
const now = new Date('2026-06-01T00:00:00Z');
const checklist = (partial: Parameters<typeof completeChecklist>[0]) =>
  completeChecklist(partial, VISIT_CHECKLIST_ITEMS);

describe('overdue warnings', () => {
  const child = { id: 'c1', status: 'open' as const, nextVisitDue: new Date(now.getTime() - 1) };

  it('fires for an open file whose visit fell due, keyed by the due date', () => {
    const w = overdueWarning(child, now);
    expect(w?.kind).toBe('visit_overdue');
    expect(w?.reasons).toEqual([
      { rule: 'visit_overdue', dueAt: child.nextVisitDue.toISOString() },
    ]);
    expect(w?.key).toBe(`overdue:c1:${child.nextVisitDue.getTime()}`);
  });

  it('gives the same key on every sweep for one due date, and a new one for the next', () => {
    expect(overdueWarning(child, new Date(now.getTime() + DAY))?.key).toBe(
      overdueWarning(child, now)?.key,
    );
    const later = { ...child, nextVisitDue: new Date(now.getTime() - 2) };
    expect(overdueWarning(later, now)?.key).not.toBe(overdueWarning(child, now)?.key);
  });

  it('does not fire before the due date, without one, or for a closed file', () => {
    expect(overdueWarning({ ...child, nextVisitDue: new Date(now.getTime() + 1) }, now)).toBeNull();
    expect(overdueWarning({ ...child, nextVisitDue: null }, now)).toBeNull();
    expect(overdueWarning({ ...child, status: 'closed' }, now)).toBeNull();
  });
});

describe('danger signals', () => {
  it('names injury, no guardian, not safe, out of school and no food', () => {
    expect(
      dangerSignals(
        checklist({
          noInjurySigns: false,
          guardianPresent: false,
          childSafe: false,
          attendingSchool: false,
          enoughFood: false,
        }),
      ),
    ).toEqual(['noInjurySigns', 'guardianPresent', 'childSafe', 'attendingSchool', 'enoughFood']);
  });

  it('ignores other concerns and unchecked items', () => {
    expect(dangerSignals(checklist({ enoughClothing: false, healthy: false }))).toEqual([]);
    expect(dangerWarning('v1', checklist({}))).toBeNull();
  });

  it('raises one warning per visit with every signal as a reason', () => {
    const w = dangerWarning('v1', checklist({ enoughFood: false, childSafe: false }));
    expect(w).toEqual({
      kind: 'danger_signal',
      key: 'danger:v1',
      reasons: [
        { rule: 'danger_signal', item: 'childSafe' },
        { rule: 'danger_signal', item: 'enoughFood' },
      ],
    });
  });
});

describe('reports about a child on file', () => {
  it('raises one warning per report and child', () => {
    const w = reportOnFileWarning('c1', { id: 'r1', reference: 'HT-1' });
    expect(w.kind).toBe('report_on_file');
    expect(w.key).toBe('report:c1:r1');
    expect(w.reasons).toEqual([{ rule: 'report_on_file', reference: 'HT-1' }]);
  });

  const report = (id: string, daysAgo: number) => ({
    id,
    reference: `HT-${id}`,
    receivedAt: new Date(now.getTime() - daysAgo * DAY),
  });

  it('needs two reports within 90 days', () => {
    expect(repeatReportsWarning('c1', [report('a', 1)], now)).toBeNull();
    expect(repeatReportsWarning('c1', [report('a', 100), report('b', 1)], now)).toBeNull();
    const w = repeatReportsWarning('c1', [report('b', 1), report('a', 89)], now);
    expect(w?.kind).toBe('repeat_reports');
    expect(w?.reasons).toEqual([
      { rule: 'repeat_reports', count: 2, days: 90, references: ['HT-a', 'HT-b'] },
    ]);
  });

  it('keeps one key for a run of reports, so a third updates the warning', () => {
    const two = repeatReportsWarning('c1', [report('a', 10), report('b', 5)], now);
    const three = repeatReportsWarning(
      'c1',
      [report('a', 10), report('b', 5), report('c', 0)],
      now,
    );
    expect(three?.key).toBe(two?.key);
    expect(three?.reasons[0]).toMatchObject({ count: 3 });
  });
});

describe('warning transitions', () => {
  it('moves open and acknowledged warnings on, never dismissed or escalated ones', () => {
    expect(canMoveWarning('open', 'acknowledged')).toBe(true);
    expect(canMoveWarning('acknowledged', 'escalated')).toBe(true);
    expect(canMoveWarning('acknowledged', 'acknowledged')).toBe(false);
    expect(canMoveWarning('dismissed', 'escalated')).toBe(false);
    expect(canMoveWarning('escalated', 'dismissed')).toBe(false);
  });
});

describe('escalation', () => {
  it('files an injury as violence, no guardian or food as no care, the rest as guardianship', () => {
    expect(
      escalationCategories([
        { rule: 'danger_signal', item: 'noInjurySigns' },
        { rule: 'danger_signal', item: 'enoughFood' },
      ]),
    ).toEqual(['violence_injury', 'abandonment_or_no_care']);
    expect(escalationCategories([{ rule: 'visit_overdue', dueAt: now.toISOString() }])).toEqual([
      'guardianship_concern',
    ]);
  });

  it('is in danger now only when a visit found the child not safe', () => {
    expect(escalationImmediateDanger([{ rule: 'danger_signal', item: 'childSafe' }])).toBe(true);
    expect(escalationImmediateDanger([{ rule: 'danger_signal', item: 'enoughFood' }])).toBe(false);
  });
});

describe("a left-behind child's guardian leaving", () => {
  const child = { id: 'c1', categories: ['left_behind' as const] };
  const grandma = { relation: 'grandparent' as const, livesWithChild: true };
  const mother = { relation: 'mother' as const, livesWithChild: false };

  it('warns when a guardian who lived with the child no longer does, naming the relation', () => {
    const w = guardianLeftWarning(
      child,
      7,
      [grandma, mother],
      [{ ...grandma, livesWithChild: false }, mother],
    );
    expect(w).toEqual({
      kind: 'guardian_left',
      key: 'guardian:c1:7',
      reasons: [{ rule: 'guardian_left', relations: ['grandparent'], remaining: 0 }],
    });
    expect(escalationCategories(w!.reasons)).toEqual(['abandonment_or_no_care']);
  });

  it('warns when the guardian is removed, not when one moves in or nothing changes', () => {
    expect(guardianLeftWarning(child, 1, [grandma, grandma], [grandma])?.reasons).toEqual([
      { rule: 'guardian_left', relations: ['grandparent'], remaining: 1 },
    ]);
    expect(
      guardianLeftWarning(child, 1, [mother], [{ ...mother, livesWithChild: true }]),
    ).toBeNull();
    expect(guardianLeftWarning(child, 1, [grandma], [grandma])).toBeNull();
  });

  it('is about left-behind children only', () => {
    expect(guardianLeftWarning({ id: 'c1', categories: ['orphan'] }, 1, [grandma], [])).toBeNull();
  });
});
