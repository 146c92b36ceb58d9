import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { decryptText, encryptText, isEncrypted, keyedHash } from './crypto.js';

describe('field encryption', () => {
  const key = randomBytes(32);

  it('round-trips text, with a fresh IV each time', () => {
    const a = encryptText(key, '+8613800000001 张老师');
    const b = encryptText(key, '+8613800000001 张老师');
    expect(a).not.toBe(b);
    expect(isEncrypted(a)).toBe(true);
    expect(a).not.toContain('13800000001');
    expect(decryptText([key], a)).toBe('+8613800000001 张老师');
  });

  it('finds the right key among several and refuses a wrong key or altered ciphertext', () => {
    const old = randomBytes(32);
    const value = encryptText(old, 'secret');
    expect(decryptText([key, old], value)).toBe('secret');
    expect(() => decryptText([key], value)).toThrow(/No key/);
    const parts = value.split(':');
    parts[5] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptText([old], parts.join(':'))).toThrow();
  });

  it('hashes the same input to the same value under one key only', () => {
    expect(keyedHash(key, 'x')).toBe(keyedHash(key, 'x'));
    expect(keyedHash(key, 'x')).not.toBe(keyedHash(randomBytes(32), 'x'));
  });
});
