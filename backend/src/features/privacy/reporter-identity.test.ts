import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TReporter } from '@hutong/shared';
import { isEncrypted } from '../../lib/crypto.js';
import {
  isSealedWith,
  normalisePhone,
  openReporter,
  phoneHash,
  sealReporter,
} from './reporter-identity.js';

const key = randomBytes(32);
const other = randomBytes(32);
const person: TReporter = {
  type: 'organisation',
  orgName: '五山小学',
  name: '张老师',
  phone: '+86 138-0000-0001',
};

describe('reporter identity at rest', () => {
  it('encrypts name, phone and organisation, and decrypts them back unchanged', () => {
    const { reporter } = sealReporter(key, person);
    for (const field of ['orgName', 'name', 'phone'] as const) {
      expect(isEncrypted(reporter[field] as string)).toBe(true);
    }
    // The whole number in either spelling: a bare "138" turned up inside the base64 once in CI.
    expect(JSON.stringify(reporter)).not.toMatch(/张老师|五山|138-0000-0001|13800000001/);
    expect(reporter.type).toBe('organisation');
    expect(openReporter(reporter, [key])).toEqual(person);
    expect(isSealedWith(reporter, key)).toBe(true);
    expect(isSealedWith(reporter, other)).toBe(false);
  });

  it('refuses to decrypt with the wrong key or a tampered value', () => {
    const { reporter } = sealReporter(key, person);
    expect(() => openReporter(reporter, [other])).toThrow(/No key/);
    const value = reporter.name as string;
    const tampered = { ...reporter, name: `${value.slice(0, -2)}AA` };
    expect(() => openReporter(tampered, [key])).toThrow();
  });

  it('leaves an anonymous reporter as it is, with no phone hash', () => {
    expect(sealReporter(key, { type: 'anonymous' })).toEqual({
      reporter: { type: 'anonymous' },
      phoneHash: null,
    });
  });

  it('hashes phone numbers however they are written, keyed', () => {
    expect(normalisePhone('+86 138-0000-0001')).toBe('13800000001');
    expect(normalisePhone('0086 13800000001')).toBe('13800000001');
    const { phoneHash: stored } = sealReporter(key, person);
    expect(stored).toBe(phoneHash(key, '13800000001'));
    expect(stored).not.toBe(phoneHash(other, '13800000001'));
    expect(stored).not.toContain('13800000001');
  });

  it('gives a landline one hash however it is written, as typed or as caller ID', () => {
    const typed = phoneHash(key, '0751-5321110');
    expect(phoneHash(key, '07515321110')).toBe(typed);
    expect(phoneHash(key, '+867515321110')).toBe(typed);
    expect(phoneHash(key, '(0751) 532 1110 转 801')).toBe(typed);
    expect(phoneHash(key, '0751-5321111')).not.toBe(typed);
  });
});
