import { describe, expect, it } from 'vitest';
import { referencesIn, referencesParsed } from './delivery.mjs';

/** A case change as the server sends it (the fields the search walks past, in their order). */
const change = (seq: number, reference: string, type: string) => ({
  seq,
  case: { id: `c${seq}`, reference, status: 'new', children: [{ reference: 'not this one' }] },
  event: { id: seq, type, data: { reference: 'nor this', name: 'case.created' } },
});
const frame = (name: string, payload: unknown) => `42${JSON.stringify([name, payload])}`;

describe('the time-to-console client’s reading of a frame', () => {
  it('finds the case reference of a case.created', () => {
    const created = frame('case.created', change(7, 'HT-2026-AAAA', 'case_opened'));
    expect(referencesIn(created)).toEqual(['HT-2026-AAAA']);
    expect(referencesIn(created)).toEqual(referencesParsed(created));
  });

  it('finds each created case of a cases.changed in order, and none of the updated', () => {
    const batch = frame('cases.changed', {
      seq: 12,
      changes: [
        { name: 'case.created', ...change(9, 'HT-2026-BBBB', 'case_opened') },
        { name: 'case.updated', ...change(10, 'HT-2026-CCCC', 'claim_overdue') },
        { name: 'case.created', ...change(12, 'HT-2026-DDDD', 'case_opened') },
      ],
    });
    expect(referencesIn(batch)).toEqual(['HT-2026-BBBB', 'HT-2026-DDDD']);
    expect(referencesIn(batch)).toEqual(referencesParsed(batch));
    expect(referencesIn(frame('case.updated', change(3, 'HT-2026-EEEE', 'claimed')))).toEqual([]);
  });
});
