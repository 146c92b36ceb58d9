import { describe, expect, it } from 'vitest';
import { buildCase, buildChange } from '../../test/factories';
import {
  applyCaseChanged,
  classifyChange,
  initialQueueState,
  queueReducer,
  sortCases,
} from './queue-store';
import type { QueueState } from './queue-store';

const minute = (n: number) => new Date(Date.UTC(2030, 0, 1, 0, n)).toISOString();

function loaded(cases = [buildCase()], seq = 10): QueueState {
  return queueReducer(queueReducer(initialQueueState, { type: 'fetchStarted' }), {
    type: 'fetchSucceeded',
    cases,
    seq,
  });
}

describe('sortCases', () => {
  it('orders by priority, then oldest first within a priority', () => {
    const newerP1 = buildCase({ priority: 'P1', createdAt: minute(10) });
    const olderP1 = buildCase({ priority: 'P1', createdAt: minute(1) });
    const oldP4 = buildCase({ priority: 'P4', createdAt: minute(0) });
    const p2 = buildCase({ priority: 'P2', createdAt: minute(30) });
    expect(sortCases([oldP4, newerP1, p2, olderP1]).map((c) => c.id)).toEqual([
      olderP1.id,
      newerP1.id,
      p2.id,
      oldP4.id,
    ]);
  });
});

describe('live re-sorting in triage order', () => {
  const holder = { id: '00000000-0000-4000-8000-00000000beef', displayName: 'Operator Two' };

  it('puts a live unclaimed overdue P1 above claimed P1s, and sinks a case once claimed', () => {
    const claimed = [1, 2, 3].map((n) =>
      buildCase({
        priority: 'P1',
        status: 'triaging',
        assignee: holder,
        createdAt: minute(n),
        claimDeadline: minute(n + 1),
      }),
    );
    const p2 = buildCase({ priority: 'P2', createdAt: minute(0), claimDeadline: minute(5) });
    const state = loaded([...claimed, p2], 10);
    const late = buildCase({ priority: 'P1', createdAt: minute(8), claimDeadline: minute(9) });
    let next = queueReducer(state, { type: 'caseChanged', payload: buildChange(11, late) });
    expect(next.cases.map((c) => c.id)).toEqual([late.id, p2.id, ...claimed.map((c) => c.id)]);

    const taken = { ...late, status: 'triaging' as const, assignee: holder, version: 2 };
    next = queueReducer(next, {
      type: 'caseChanged',
      payload: buildChange(12, taken, 'claimed'),
    });
    expect(next.cases.map((c) => c.id)).toEqual([p2.id, ...claimed.map((c) => c.id), late.id]);
  });
});

describe('queueReducer', () => {
  it('sorts the list it loads and drops cases that are not open', () => {
    const p3 = buildCase({ priority: 'P3' });
    const p1 = buildCase({ priority: 'P1' });
    const closed = buildCase({ status: 'closed' });
    const state = loaded([p3, closed, p1]);
    expect(state.status).toBe('ready');
    expect(state.cases.map((c) => c.id)).toEqual([p1.id, p3.id]);
  });

  it('inserts a live case.created at its place in the order', () => {
    const p3 = buildCase({ priority: 'P3', createdAt: minute(0) });
    const p2 = buildCase({ priority: 'P2', createdAt: minute(0) });
    const state = loaded([p2, p3], 10);
    const newP1 = buildCase({ priority: 'P1', createdAt: minute(5) });
    const newP3 = buildCase({ priority: 'P3', createdAt: minute(5) });
    let next = queueReducer(state, { type: 'caseChanged', payload: buildChange(11, newP1) });
    next = queueReducer(next, { type: 'caseChanged', payload: buildChange(12, newP3) });
    expect(next.cases.map((c) => c.id)).toEqual([newP1.id, p2.id, p3.id, newP3.id]);
  });

  it('replaces a case on case.updated, showing who claimed it', () => {
    const open = buildCase({ version: 1 });
    const state = loaded([open]);
    const claimed = {
      ...open,
      status: 'triaging' as const,
      version: 2,
      assignee: { id: '00000000-0000-4000-8000-00000000beef', displayName: 'Operator Two' },
    };
    const next = queueReducer(state, {
      type: 'caseChanged',
      payload: buildChange(11, claimed, 'claimed'),
    });
    expect(next.cases).toHaveLength(1);
    expect(next.cases[0]?.assignee?.displayName).toBe('Operator Two');
  });

  it('removes a case that leaves the open statuses', () => {
    const open = buildCase();
    const next = queueReducer(loaded([open]), {
      type: 'caseChanged',
      payload: buildChange(
        11,
        { ...open, status: 'closed_no_action', version: 2 },
        'status_changed',
      ),
    });
    expect(next.cases).toEqual([]);
  });

  it('ignores an event older than the version it already holds', () => {
    const fresh = buildCase({ version: 3, priority: 'P1' });
    const state = loaded([fresh], 20);
    const stale = buildChange(21, { ...fresh, version: 2, priority: 'P3' }, 'triaged');
    expect(queueReducer(state, { type: 'caseChanged', payload: stale }).cases[0]?.priority).toBe(
      'P1',
    );
  });

  it('re-applies live events that a slower, older list read would otherwise wipe out', () => {
    let state = loaded([], 10);
    state = queueReducer(state, { type: 'fetchStarted' });
    const arrived = buildCase({ priority: 'P1' });
    state = queueReducer(state, { type: 'caseChanged', payload: buildChange(12, arrived) });
    // The read began before seq 12 and answers after it.
    state = queueReducer(state, { type: 'fetchSucceeded', cases: [], seq: 11 });
    expect(state.cases.map((c) => c.id)).toEqual([arrived.id]);
    expect(state.refreshing).toBe(false);
  });

  it('ignores a list read older than the one it shows', () => {
    const kept = buildCase();
    let state = loaded([kept], 30);
    state = queueReducer(state, { type: 'fetchSucceeded', cases: [], seq: 25 });
    expect(state.cases.map((c) => c.id)).toEqual([kept.id]);
    expect(state.listSeq).toBe(30);
  });

  it('keeps the cases on screen when a refresh fails', () => {
    const kept = buildCase();
    let state = queueReducer(loaded([kept]), { type: 'fetchStarted' });
    expect(state.refreshing).toBe(true);
    state = queueReducer(state, { type: 'fetchFailed', error: new Error('offline') });
    expect(state.status).toBe('ready');
    expect(state.cases).toHaveLength(1);
    expect(state.error).toBeInstanceOf(Error);
  });

  it('shows an error when the first read fails', () => {
    const state = queueReducer(initialQueueState, { type: 'fetchFailed', error: new Error('x') });
    expect(state.status).toBe('error');
  });
});

describe('applyCaseChanged', () => {
  it('applies the same event twice without duplicating the case', () => {
    const summary = buildCase();
    const once = applyCaseChanged([], buildChange(1, summary));
    expect(applyCaseChanged(once, buildChange(1, summary))).toHaveLength(1);
  });
});

describe('classifyChange', () => {
  it('rings for a new red case and not for a new blue one', () => {
    expect(classifyChange(undefined, buildChange(1, buildCase({ priority: 'P1' })))).toEqual({
      kind: 'created',
      alert: true,
    });
    expect(classifyChange(undefined, buildChange(1, buildCase({ priority: 'P3' })))).toEqual({
      kind: 'created',
      alert: false,
    });
  });

  it('rings when a case is raised to red', () => {
    const before = buildCase({ priority: 'P2', version: 1 });
    const after = { ...before, priority: 'P1' as const, version: 2 };
    expect(classifyChange(before, buildChange(2, after, 'report_linked'))).toEqual({
      kind: 'updated',
      alert: true,
    });
  });

  it('recognises a claim and a release', () => {
    const before = buildCase({ version: 1 });
    const claimed = {
      ...before,
      version: 2,
      assignee: { id: '00000000-0000-4000-8000-00000000beef', displayName: 'A' },
    };
    expect(classifyChange(before, buildChange(2, claimed, 'claimed')).kind).toBe('claimed');
    expect(
      classifyChange(
        claimed,
        buildChange(3, { ...claimed, assignee: null, version: 3 }, 'released'),
      ).kind,
    ).toBe('released');
  });

  it('does not ring again for a replayed event it already holds', () => {
    const held = buildCase({ priority: 'P1', version: 2 });
    expect(classifyChange(held, buildChange(5, held))).toEqual({ kind: 'unchanged', alert: false });
  });
});
