import { SMALL_COUNT_MAX } from '@hutong/shared';

/** A count as an analyst's export shows it: exact, "<5" (1–4), or withheld ("—"). */
export type ShownCount = number | '<5' | '—';

/** `[low, high]` an onlooker can tell a cell lies in from how it is shown. */
type Bounds = [number, number];

/**
 * Small-cell suppression for a group of counts that add up to a total the reader knows (the
 * contacts by channel add up to the contacts; a figure and its unpublished complement add up to
 * their parent). Counts 1–4 become "<5"; then, smallest first, further cells are withheld until
 * no suppressed cell can be worked out from the total and the cells shown — for one equation
 * with bounded unknowns the range of each is exact, so "can be worked out" means its range is a
 * single value. Cells at indices in `free` are never shown anyway (a complement), so they are
 * withheld first. When that is not enough the whole group is withheld.
 */
export function suppressGroup(
  values: readonly number[],
  free: readonly number[] = [],
): ShownCount[] {
  const shown: ShownCount[] = values.map((v) => (v >= 1 && v <= SMALL_COUNT_MAX ? '<5' : v));
  if (!shown.includes('<5')) return shown;
  const candidates = [
    ...free.filter((i) => shown[i] !== '<5' && values[i]! > 0),
    ...values
      .map((v, i) => ({ v, i }))
      .filter(({ v, i }) => v > SMALL_COUNT_MAX && !free.includes(i))
      .sort((a, b) => a.v - b.v || a.i - b.i)
      .map(({ i }) => i),
  ];
  for (;;) {
    if (safe(values, shown)) return shown;
    const next = candidates.shift();
    if (next === undefined) return values.map(() => '—');
    shown[next] = '—';
  }
}

const boundsOf = (cell: ShownCount): Bounds | null =>
  cell === '<5' ? [1, SMALL_COUNT_MAX] : cell === '—' ? [SMALL_COUNT_MAX + 1, Infinity] : null;

/** Whether every suppressed cell could hold at least two values, given the total. */
function safe(values: readonly number[], shown: readonly ShownCount[]): boolean {
  const hidden = shown.flatMap((cell, i) => {
    const b = boundsOf(cell);
    return b ? [{ i, b }] : [];
  });
  const sum = hidden.reduce((n, h) => n + values[h.i]!, 0);
  return hidden.every(({ i, b }) => {
    const others = hidden.filter((h) => h.i !== i);
    const othersLow = others.reduce((n, h) => n + h.b[0], 0);
    const othersHigh = others.reduce((n, h) => n + h.b[1], 0);
    const low = Math.max(b[0], sum - othersHigh);
    const high = Math.min(b[1], sum - othersLow);
    return high > low;
  });
}

/** A single count with no group: 1–4 as "<5". */
export function suppressOne(value: number): ShownCount {
  return value >= 1 && value <= SMALL_COUNT_MAX ? '<5' : value;
}
