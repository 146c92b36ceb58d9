import { describe, expect, it } from 'vitest';
import { suppressGroup, type ShownCount } from './suppression.js';

/**
 * Every assignment of whole numbers to the suppressed cells that is consistent with what is shown
 * and the known total: "<5" is 1–4, "—" is 5 or more (0 or more when the whole group is withheld).
 */
function possibleValues(shown: ShownCount[], total: number): Set<number>[] {
  const allWithheld = shown.every((c) => c === '—');
  const ranges = shown.map((c): [number, number] =>
    c === '<5' ? [1, 4] : c === '—' ? [allWithheld ? 0 : 5, total] : [c, c],
  );
  const seen = shown.map(() => new Set<number>());
  const walk = (i: number, left: number, picked: number[]) => {
    if (i === shown.length) {
      if (left === 0) picked.forEach((v, k) => seen[k]!.add(v));
      return;
    }
    const [lo, hi] = ranges[i]!;
    for (let v = lo; v <= Math.min(hi, left); v++) walk(i + 1, left - v, [...picked, v]);
  };
  walk(0, total, []);
  return seen;
}

/** A small deterministic generator, so a failure names its seed. */
function* groups(seed: number, count: number) {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let n = 0; n < count; n++) {
    const cells = 2 + Math.floor(next() * 4);
    yield Array.from({ length: cells }, () => {
      const r = next();
      return r < 0.25 ? 0 : r < 0.7 ? 1 + Math.floor(next() * 4) : 5 + Math.floor(next() * 6);
    });
  }
}

describe('small-cell suppression', () => {
  it('shows counts of 1 to 4 as "<5" and leaves a group without them exact', () => {
    expect(suppressGroup([0, 5, 12])).toEqual([0, 5, 12]);
    expect(suppressGroup([3, 9, 12])).toEqual(['<5', '—', 12]);
  });

  it('withholds a second cell so that the total does not give a small count away', () => {
    // 1 + 5 = 6 would give the 1 away if only the 5 were withheld; the 7 goes too.
    expect(suppressGroup([1, 5, 7, 20])).toEqual(['<5', '—', '—', 20]);
  });

  it('withholds an unpublished complement first', () => {
    expect(suppressGroup([8, 2], [1])).toEqual(['—', '<5']);
    expect(suppressGroup([3, 40], [1])).toEqual(['<5', '—']);
  });

  it('never lets a suppressed count be worked out from the total (1,000 groups, exhaustively)', () => {
    for (const values of groups(42, 1000)) {
      const total = values.reduce((a, b) => a + b, 0);
      const shown = suppressGroup(values);
      const possible = possibleValues(shown, total);
      shown.forEach((cell, i) => {
        if (cell === '<5' || cell === '—') {
          expect(possible[i]!.size, `${values.join(',')} → ${shown.join(',')}`).toBeGreaterThan(1);
        } else {
          expect(cell).toBe(values[i]);
        }
        if (cell === '<5') expect(values[i]).toBeGreaterThanOrEqual(1);
        if (typeof cell === 'number') expect(cell === 0 || cell > 4).toBe(true);
      });
    }
  });
});
