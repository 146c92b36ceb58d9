import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** SHA-256 hex of a string: session token digests and request fingerprints. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * A keyed hash for exact-match lookups of personal data (a child's name and age, a phone number)
 * without storing it in the clear.
 */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

/** JSON with sorted keys, so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const ENC_PREFIX = 'enc:v1';

/** A short, stable id for a key, stored with each ciphertext so rotation knows which key to use. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

/**
 * AES-256-GCM with a random 96-bit IV: `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url).
 * For reporter identity and callers' numbers at rest.
 */
export function encryptText(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    ENC_PREFIX,
    keyId(key),
    iv.toString('base64url'),
    tag.toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(`${ENC_PREFIX}:`);
}

/** Decrypts with whichever of the keys wrote the value; throws if none did or it was altered. */
export function decryptText(keys: readonly Buffer[], value: string): string {
  const parts = value.split(':');
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== ENC_PREFIX)
    throw new Error('Not an encrypted value');
  const [, , id, iv, tag, ciphertext] = parts as [string, string, string, string, string, string];
  const key = keys.find((k) => keyId(k) === id);
  if (!key) throw new Error(`No key ${id} to decrypt with`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
