import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../errors.js';
import { ZCreateReport, REFERENCE_PATTERN } from './schemas.js';

describe('ZCreateReport', () => {
  it('needs only categories, immediateDanger and one child, and defaults the rest', () => {
    const parsed = ZCreateReport.parse({
      categories: ['bullying'],
      immediateDanger: false,
      children: [{}],
    });
    expect(parsed.reporter).toEqual({ type: 'anonymous' });
    expect(parsed.language).toBe('zh-CN');
  });

  it('accepts each reporter shape and refuses fields that do not belong to it', () => {
    const base = { categories: ['bullying'], immediateDanger: false, children: [{}] };
    expect(
      ZCreateReport.safeParse({
        ...base,
        reporter: { type: 'person', name: '王', relationship: 'teacher' },
      }).success,
    ).toBe(true);
    expect(
      ZCreateReport.safeParse({
        ...base,
        reporter: { type: 'organisation', orgName: '五山小学', phone: '020-1234 5678' },
      }).success,
    ).toBe(true);
    const wrong = ZCreateReport.safeParse({ ...base, reporter: { type: 'anonymous', name: 'x' } });
    expect(wrong.success).toBe(false);
  });

  it('takes consent to a text on resolution only with a phone number to send it to', () => {
    const base = { categories: ['bullying'], immediateDanger: false, children: [{}] };
    const withPhone = ZCreateReport.parse({
      ...base,
      reporter: { type: 'person', phone: '138 0013 8000' },
      notifyWhenResolved: true,
    });
    expect(withPhone.notifyWhenResolved).toBe(true);
    for (const reporter of [{ type: 'anonymous' }, { type: 'person', name: '王' }]) {
      const result = ZCreateReport.safeParse({ ...base, reporter, notifyWhenResolved: true });
      expect(result.success).toBe(false);
      expect(Object.keys(fieldErrors(result.error!.issues))).toEqual(['notifyWhenResolved']);
    }
  });

  it('names every invalid field by its path', () => {
    const result = ZCreateReport.safeParse({
      categories: ['not_a_category'],
      immediateDanger: true,
      children: [{ age: -1 }],
      location: { regionCode: 'abc' },
      reporter: { type: 'person', phone: 'call me' },
    });
    expect(result.success).toBe(false);
    expect(Object.keys(fieldErrors(result.error!.issues)).sort()).toEqual(
      ['categories.0', 'children.0.age', 'location.regionCode', 'reporter.phone'].sort(),
    );
  });

  it('removes repeated categories and caps the narrative at 20,000 characters', () => {
    const ok = ZCreateReport.parse({
      categories: ['bullying', 'bullying'],
      immediateDanger: false,
      children: [{}],
      narrative: '字'.repeat(20_000),
    });
    expect(ok.categories).toEqual(['bullying']);
    expect(
      ZCreateReport.safeParse({
        categories: ['bullying'],
        immediateDanger: false,
        children: [{}],
        narrative: 'x'.repeat(20_001),
      }).success,
    ).toBe(false);
  });
});

describe('REFERENCE_PATTERN', () => {
  it('matches HT-XXXX-XXXX in Crockford base32 only', () => {
    expect(REFERENCE_PATTERN.test('HT-7K3F-9QX2')).toBe(true);
    expect(REFERENCE_PATTERN.test('HT-7K3F-9QXI')).toBe(false);
    expect(REFERENCE_PATTERN.test('HT-7K3F9QX2')).toBe(false);
  });
});
