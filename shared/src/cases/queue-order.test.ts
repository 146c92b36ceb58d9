import { describe, expect, it } from 'vitest';
import {
  compareQueueOrder,
  isClaimOverdue,
  sortQueue,
  type QueueOrderFields,
} from './queue-order.js';

const NOW = Date.UTC(2030, 0, 1, 12, 0);
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const holder = { id: '00000000-0000-4000-8000-0000000000aa', displayName: 'Operator Two' };

let counter = 0;
function queueCase(overrides: Partial<QueueOrderFields> & { name: string }): QueueOrderFields & {
  name: string;
} {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    priority: 'P1',
    assignee: null,
    claimDeadline: at(1),
    createdAt: at(0),
    ...overrides,
  };
}

const names = (cases: { name: string }[]) => cases.map((c) => c.name);

describe('compareQueueOrder', () => {
  it('puts an unclaimed P1 past its claim deadline above P1s that operators have claimed', () => {
    // The console screenshot that started this: the overdue one sat below three claimed P1s,
    // all of them older.
    const claimed = [1, 2, 3].map((n) =>
      queueCase({
        name: `claimed${n}`,
        assignee: holder,
        createdAt: at(-30 + n),
        claimDeadline: at(-29 + n),
      }),
    );
    const overdue = queueCase({ name: 'overdue', createdAt: at(-2), claimDeadline: at(-1) });
    expect(isClaimOverdue(overdue, NOW)).toBe(true);
    expect(names(sortQueue([...claimed, overdue]))).toEqual([
      'overdue',
      'claimed1',
      'claimed2',
      'claimed3',
    ]);
  });

  it('puts an overdue case above one still in time within a priority, even an older one', () => {
    // Released cases get a fresh deadline: the older one here is not the one that is late.
    const older = queueCase({ name: 'older, in time', createdAt: at(-20), claimDeadline: at(1) });
    const late = queueCase({ name: 'newer, overdue', createdAt: at(-3), claimDeadline: at(-2) });
    expect(isClaimOverdue(older, NOW)).toBe(false);
    expect(names(sortQueue([older, late]))).toEqual(['newer, overdue', 'older, in time']);
  });

  it('orders unclaimed before claimed, then by priority, then by claim deadline, then by age', () => {
    const cases = [
      queueCase({ name: 'claimed P2', priority: 'P2', assignee: holder, createdAt: at(-50) }),
      queueCase({ name: 'claimed P1 newer', assignee: holder, createdAt: at(-5) }),
      queueCase({ name: 'claimed P1 older', assignee: holder, createdAt: at(-40) }),
      queueCase({ name: 'P3', priority: 'P3', claimDeadline: at(-100) }),
      queueCase({ name: 'P2 in time', priority: 'P2', claimDeadline: at(4) }),
      queueCase({ name: 'P1 no deadline', claimDeadline: null, createdAt: at(-60) }),
      queueCase({ name: 'P2 overdue', priority: 'P2', claimDeadline: at(-1) }),
      queueCase({ name: 'P1 in time', claimDeadline: at(1) }),
      queueCase({ name: 'P1 overdue', claimDeadline: at(-1) }),
    ];
    expect(names(sortQueue(cases))).toEqual([
      'P1 overdue',
      'P1 in time',
      'P1 no deadline',
      'P2 overdue',
      'P2 in time',
      'P3',
      'claimed P1 older',
      'claimed P1 newer',
      'claimed P2',
    ]);
  });

  it('ignores a claimed case’s old deadline and breaks full ties by id, so the order is total', () => {
    const a = queueCase({ name: 'a', assignee: holder, claimDeadline: at(-9) });
    const b = queueCase({ name: 'b', assignee: holder, claimDeadline: at(-99) });
    expect(names(sortQueue([b, a]))).toEqual(['a', 'b']);
    expect(compareQueueOrder(a, a)).toBe(0);
    expect(Math.sign(compareQueueOrder(a, b))).toBe(-Math.sign(compareQueueOrder(b, a)));
  });
});

describe('isClaimOverdue', () => {
  it('is false for a claimed case and for one without a deadline', () => {
    expect(
      isClaimOverdue(queueCase({ name: 'x', assignee: holder, claimDeadline: at(-5) }), NOW),
    ).toBe(false);
    expect(isClaimOverdue(queueCase({ name: 'y', claimDeadline: null }), NOW)).toBe(false);
  });
});
