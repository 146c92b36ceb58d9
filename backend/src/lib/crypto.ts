import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomFillSync,
} from 'node:crypto';

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

/**
 * Sub-keys of one data key (`HUTONG_DATA_KEY`), each for one purpose, so a keyed hash never
 * shares its key with the cipher. WARNING: the `info` labels must never change (every stored
 * ciphertext and hash depends on them).
 */
export interface DataSubKeys {
  /** AES-256-GCM for personal data at rest (`enc:v2:` values). */
  encryption: Buffer;
  /** HMAC for exact lookups: phone numbers, child link keys. */
  hashing: Buffer;
  /** HMAC for the name search index (n-gram tokens) and related-report tokens. */
  search: Buffer;
}

const SUB_KEY_INFO = {
  encryption: 'hutong/data-key/v2/aes-256-gcm',
  hashing: 'hutong/data-key/v2/keyed-hash',
  search: 'hutong/data-key/v2/search-token',
} as const;

// Keys live as long as the process's config: derive once per key, not per value.
const subKeyCache = new WeakMap<Buffer, DataSubKeys>();

/** The HKDF-SHA256 sub-keys of a data key (derived once per key and remembered). */
export function subKeys(dataKey: Buffer): DataSubKeys {
  let derived = subKeyCache.get(dataKey);
  if (!derived) {
    const derive = (info: string) =>
      Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
    derived = {
      encryption: derive(SUB_KEY_INFO.encryption),
      hashing: derive(SUB_KEY_INFO.hashing),
      search: derive(SUB_KEY_INFO.search),
    };
    subKeyCache.set(dataKey, derived);
  }
  return derived;
}

/** v1 encrypted with the data key itself; v2 with its encryption sub-key. Both are read. */
const ENC_V1 = 'enc:v1';
const ENC_V2 = 'enc:v2';

/** A short, stable id for a key, stored with each ciphertext so rotation knows which key to use. */
export function keyId(key: Buffer): string {
  let id = keyIdCache.get(key);
  if (id === undefined) {
    id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
    keyIdCache.set(key, id);
  }
  return id;
}
const keyIdCache = new WeakMap<Buffer, string>();

/**
 * A random 96-bit GCM IV, cut from a pool of the CSPRNG's bytes filled 4 KiB at a time (as Node's
 * own `randomUUID` does): one call into OpenSSL per 341 IVs rather than one per value sealed — a
 * report seals up to ten. Each byte of the pool is used once; the IV is a copy.
 */
function randomIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}
const IV_BYTES = 12;
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;

/**
 * AES-256-GCM with a random 96-bit IV under the data key's encryption sub-key:
 * `enc:v2:<keyId of the data key>:<iv>:<tag>:<ciphertext>` (base64url).
 */
export function encryptText(dataKey: Buffer, plaintext: string): string {
  const iv = randomIv();
  const cipher = createCipheriv('aes-256-gcm', subKeys(dataKey).encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    ENC_V2,
    keyId(dataKey),
    iv.toString('base64url'),
    tag.toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
}

/** Whether a stored value is a ciphertext (either version), not plaintext from before. */
export function isEncrypted(value: string): boolean {
  return value.startsWith(`${ENC_V2}:`) || value.startsWith(`${ENC_V1}:`);
}

/** Whether a value is in the current format (v2) under this data key: nothing left to rotate. */
export function isEncryptedWith(value: string, dataKey: Buffer): boolean {
  return value.startsWith(`${ENC_V2}:${keyId(dataKey)}:`);
}

/** Decrypts with whichever of the data keys wrote the value; throws if none did or it was altered. */
export function decryptText(keys: readonly Buffer[], value: string): string {
  const parts = value.split(':');
  const version = `${parts[0]}:${parts[1]}`;
  if (parts.length !== 6 || (version !== ENC_V1 && version !== ENC_V2))
    throw new Error('Not an encrypted value');
  const [, , id, iv, tag, ciphertext] = parts as [string, string, string, string, string, string];
  const dataKey = keys.find((k) => keyId(k) === id);
  if (!dataKey) throw new Error(`No key ${id} to decrypt with`);
  const key = version === ENC_V1 ? dataKey : subKeys(dataKey).encryption;
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/** The header of an encrypted file (a photo): `encb:v2:<keyId of the data key>:`, in ASCII. */
const ENC_BYTES_V2 = 'encb:v2';
const BYTES_HEADER_LENGTH = `${ENC_BYTES_V2}:${'x'.repeat(8)}:`.length;
const TAG_BYTES = 16;

/**
 * A file (a photo) sealed as `encryptText` seals text, in bytes rather than base64: the ASCII
 * header `encb:v2:<keyId>:`, then the 96-bit IV, the GCM tag and the ciphertext. The key id lets
 * a rotation find what is not yet under the current key.
 */
export function encryptBytes(dataKey: Buffer, plaintext: Buffer): Buffer {
  const iv = randomIv();
  const cipher = createCipheriv('aes-256-gcm', subKeys(dataKey).encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([
    Buffer.from(`${ENC_BYTES_V2}:${keyId(dataKey)}:`, 'latin1'),
    iv,
    cipher.getAuthTag(),
    ciphertext,
  ]);
}

/** The key id an encrypted file names, or null when it is not one. */
function bytesKeyId(sealed: Buffer): string | null {
  if (sealed.length < BYTES_HEADER_LENGTH + IV_BYTES + TAG_BYTES) return null;
  const header = sealed.toString('latin1', 0, BYTES_HEADER_LENGTH);
  if (!header.startsWith(`${ENC_BYTES_V2}:`) || !header.endsWith(':')) return null;
  return header.slice(ENC_BYTES_V2.length + 1, -1);
}

/** Whether a stored file is sealed under this data key: nothing left to rotate. */
export function isBytesEncryptedWith(sealed: Buffer, dataKey: Buffer): boolean {
  return bytesKeyId(sealed) === keyId(dataKey);
}

/** Opens a file sealed by `encryptBytes` with whichever key wrote it; throws if altered. */
export function decryptBytes(keys: readonly Buffer[], sealed: Buffer): Buffer {
  const id = bytesKeyId(sealed);
  if (id === null) throw new Error('Not an encrypted file');
  const dataKey = keys.find((k) => keyId(k) === id);
  if (!dataKey) throw new Error(`No key ${id} to decrypt with`);
  const iv = sealed.subarray(BYTES_HEADER_LENGTH, BYTES_HEADER_LENGTH + IV_BYTES);
  const tag = sealed.subarray(
    BYTES_HEADER_LENGTH + IV_BYTES,
    BYTES_HEADER_LENGTH + IV_BYTES + TAG_BYTES,
  );
  const decipher = createDecipheriv('aes-256-gcm', subKeys(dataKey).encryption, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(BYTES_HEADER_LENGTH + IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]);
}
