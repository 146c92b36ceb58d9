import { describe, expect, it } from 'vitest';
import { hasUnstorableText, stripUnstorableText, unstorableTextFields } from './text.js';

describe('text PostgreSQL cannot store', () => {
  it('finds NUL and unpaired surrogates, and accepts paired ones (emoji, rare CJK)', () => {
    expect(hasUnstorableText('a\u0000b')).toBe(true);
    expect(hasUnstorableText('a\uD800')).toBe(true);
    expect(hasUnstorableText('\uDC00a')).toBe(true);
    expect(hasUnstorableText('\uDC00\uD800')).toBe(true);
    expect(hasUnstorableText('救救我 😀 𠀀')).toBe(false);
    expect(stripUnstorableText('我\u0000被\uD800打 😀')).toBe('我被打 😀');
  });

  it('names every field holding one, at any depth, keys included', () => {
    expect(
      unstorableTextFields({
        narrative: 'x\u0000',
        children: [{ name: 'ok' }, { name: '\uDFFF' }],
        ['bad\u0000key']: 1,
        fine: ['😀', 3, null],
      }),
    ).toEqual({
      narrative: expect.any(String),
      'children.1.name': expect.any(String),
      badkey: expect.any(String),
    });
    expect(unstorableTextFields({ a: 'b', c: [1, 'd'] })).toEqual({});
  });
});
