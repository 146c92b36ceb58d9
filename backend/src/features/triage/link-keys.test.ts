import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { linkKeys, normaliseName } from './link-keys.js';

const key = randomBytes(32);

describe('link keys', () => {
  it('treats spacing, full-width letters and case as the same name', () => {
    expect(normaliseName(' 李 小红 ')).toBe('李小红');
    expect(normaliseName('ＡＮＮＡ')).toBe('anna');
  });

  it('gives the same key for the same child, county and age, and different keys otherwise', () => {
    const [a] = linkKeys(key, '440106', [{ name: '李小红', age: 7 }]);
    expect(linkKeys(key, '440106', [{ name: '李 小红', age: 7 }])).toEqual([a]);
    expect(linkKeys(key, '440117', [{ name: '李小红', age: 7 }])).not.toEqual([a]);
    expect(linkKeys(key, '440106', [{ name: '李小红', age: 8 }])).not.toEqual([a]);
    expect(linkKeys(randomBytes(32), '440106', [{ name: '李小红', age: 7 }])).not.toEqual([a]);
  });

  it('makes no key without a county, a name or an age, and never contains the name', () => {
    expect(linkKeys(key, undefined, [{ name: '李小红', age: 7 }])).toEqual([]);
    expect(linkKeys(key, '440106', [{ age: 7 }, { name: '李小红' }])).toEqual([]);
    expect(linkKeys(key, '440106', [{ name: '李小红', age: 7 }])[0]).not.toContain('李');
  });
});
