import { describe, expect, it } from 'vitest';
import { CATEGORY_META, SITUATION_CATEGORIES, needsPolice } from './constants.js';

describe('needsPolice: situations 1–8 of the Opinion go to the police', () => {
  it('holds for each of situations 1 to 8, alone or among others', () => {
    const police = SITUATION_CATEGORIES.filter((c) => {
      const n = CATEGORY_META[c].mandatory;
      return n !== null && n >= 1 && n <= 8;
    });
    expect(police).toHaveLength(8);
    for (const c of police) {
      expect(needsPolice([c])).toBe(true);
      expect(needsPolice(['other', c])).toBe(true);
    }
  });

  it('does not hold for situation 9, the helpline categories or nothing at all', () => {
    const rest = SITUATION_CATEGORIES.filter((c) => {
      const n = CATEGORY_META[c].mandatory;
      return n === null || n > 8;
    });
    expect(rest.some((c) => CATEGORY_META[c].mandatory === 9)).toBe(true);
    expect(needsPolice(rest)).toBe(false);
    expect(needsPolice([])).toBe(false);
  });
});
