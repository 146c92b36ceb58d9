import { describe, expect, it } from 'vitest';
import { createCipheriv, randomBytes } from 'node:crypto';
import {
  decryptBytes,
  decryptText,
  encryptBytes,
  encryptText,
  isBytesEncryptedWith,
  isEncrypted,
  isEncryptedWith,
  keyId,
  keyedHash,
  subKeys,
} from './crypto.js';

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

  it('never repeats an IV, across many refills of the pool they are cut from, texts and files alike', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const sealed = i % 2 ? encryptText(key, `v${i}`) : encryptBytes(key, Buffer.from(`f${i}`));
      const iv =
        typeof sealed === 'string'
          ? sealed.split(':')[3]!
          : sealed
              .subarray(sealed.indexOf(':', 8) + 1, sealed.indexOf(':', 8) + 13)
              .toString('hex');
      seen.add(typeof sealed === 'string' ? Buffer.from(iv, 'base64url').toString('hex') : iv);
      if (i % 997 === 0) {
        expect(
          typeof sealed === 'string'
            ? decryptText([key], sealed)
            : decryptBytes([key], sealed)?.toString(),
        ).toBe(i % 2 ? `v${i}` : `f${i}`);
      }
    }
    expect(seen.size).toBe(5_000);
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

describe('data sub-keys', () => {
  const dataKey = randomBytes(32);

  it('derives a different key for the cipher, the lookup hashes and the search tokens', () => {
    const { encryption, hashing, search } = subKeys(dataKey);
    const all = [dataKey, encryption, hashing, search].map((k) => k.toString('hex'));
    expect(new Set(all).size).toBe(4);
    expect(encryption).toHaveLength(32);
    // Deterministic: the same data key gives the same sub-keys in every process.
    expect(subKeys(Buffer.from(dataKey)).hashing.equals(hashing)).toBe(true);
  });

  it('encrypts with the encryption sub-key (v2), never with the data key itself', () => {
    const value = encryptText(dataKey, '李小红');
    expect(value.startsWith(`enc:v2:${keyId(dataKey)}:`)).toBe(true);
    expect(isEncryptedWith(value, dataKey)).toBe(true);
    const [, , , iv, tag, ciphertext] = value.split(':');
    const asV1 = ['enc:v1', keyId(dataKey), iv, tag, ciphertext].join(':');
    expect(() => decryptText([dataKey], asV1)).toThrow(); // the bare key does not open it
  });

  it('still decrypts v1 values written under the bare data key, and marks them for rotation', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    const ciphertext = Buffer.concat([cipher.update('旧数据', 'utf8'), cipher.final()]);
    const v1 = [
      'enc:v1',
      keyId(dataKey),
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join(':');
    expect(isEncrypted(v1)).toBe(true);
    expect(decryptText([dataKey], v1)).toBe('旧数据');
    expect(isEncryptedWith(v1, dataKey)).toBe(false);
  });
});

describe('file encryption', () => {
  const dataKey = randomBytes(32);
  const jpeg = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), randomBytes(4096)]);

  it('round-trips bytes under the encryption sub-key, naming the key, the file nowhere in clear', () => {
    const sealed = encryptBytes(dataKey, jpeg);
    expect(sealed.subarray(0, 17).toString('latin1')).toBe(`encb:v2:${keyId(dataKey)}:`);
    expect(sealed.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(sealed.includes(jpeg.subarray(10, 42))).toBe(false);
    expect(encryptBytes(dataKey, jpeg).equals(sealed)).toBe(false); // a fresh IV each time
    expect(decryptBytes([dataKey], sealed).equals(jpeg)).toBe(true);
    expect(isBytesEncryptedWith(sealed, dataKey)).toBe(true);
  });

  it('finds the key that sealed it, and refuses another key, an altered file or plain bytes', () => {
    const old = randomBytes(32);
    const sealed = encryptBytes(old, jpeg);
    expect(isBytesEncryptedWith(sealed, dataKey)).toBe(false);
    expect(decryptBytes([dataKey, old], sealed).equals(jpeg)).toBe(true);
    expect(() => decryptBytes([dataKey], sealed)).toThrow(/No key/);
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => decryptBytes([old], altered)).toThrow();
    expect(() => decryptBytes([old], jpeg)).toThrow(/Not an encrypted file/);
    expect(isBytesEncryptedWith(jpeg, old)).toBe(false);
  });
});
