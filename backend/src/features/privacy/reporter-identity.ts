import { phoneMatchKey, ZReporter, type TReporter } from '@hutong/shared';
import {
  decryptText,
  encryptText,
  isEncrypted,
  isEncryptedWith,
  keyId,
  keyedHash,
  subKeys,
} from '../../lib/crypto.js';

/** The reporter fields that identify a person; each is encrypted on its own at rest. */
const IDENTITY_FIELDS = ['name', 'phone', 'orgName'] as const;

/** Keys this process may decrypt with, by id; the API registers its configured keys at start. */
const keyRing = new Map<string, Buffer>();

/** Lets presenters decrypt data written under these keys (the current one and any previous). */
export function registerDataKeys(keys: readonly Buffer[]): void {
  for (const key of keys) keyRing.set(keyId(key), key);
}

/** The keys registered with registerDataKeys: what presenters decrypt with by default. */
export function registeredDataKeys(): Buffer[] {
  return [...keyRing.values()];
}

/**
 * The form a phone number is matched in (shared `phoneMatchKey`): "+86 138-0000 0001" =
 * "13800000001", and "0751-5321110" = "07515321110" = "+86 751 5321110" (a landline's caller ID).
 */
export function normalisePhone(phone: string): string {
  return phoneMatchKey(phone);
}

/** A keyed hash of a phone number for exact lookup (the hashing sub-key, not the cipher's). */
export function phoneHash(dataKey: Buffer, phone: string): string {
  return keyedHash(subKeys(dataKey).hashing, `phone|${normalisePhone(phone)}`);
}

/** What `reports.reporter` holds: the shape of TReporter with identity fields encrypted. */
export type SealedReporter = Record<string, unknown> & { type: TReporter['type'] };

/** Encrypts a reporter's identity for storage and computes the phone lookup hash. */
export function sealReporter(
  dataKey: Buffer,
  reporter: TReporter,
): { reporter: SealedReporter; phoneHash: string | null } {
  const sealed: SealedReporter = { ...reporter };
  for (const field of IDENTITY_FIELDS) {
    const value = sealed[field];
    // Always: a name that merely looks like a ciphertext must not be stored as one.
    if (typeof value === 'string') sealed[field] = encryptText(dataKey, value);
  }
  const phone = reporter.type === 'anonymous' ? undefined : reporter.phone;
  return { reporter: sealed, phoneHash: phone ? phoneHash(dataKey, phone) : null };
}

/**
 * Decrypts a stored reporter with the given keys (by default those registered). Rows written
 * before encryption came in are returned as they are. Throws if a value was altered or its key
 * is unknown: a lost key must be loud, not a silently empty identity.
 */
export function openReporter(
  stored: unknown,
  keys: readonly Buffer[] = registeredDataKeys(),
): TReporter {
  const opened: Record<string, unknown> = { ...(stored as Record<string, unknown>) };
  for (const field of IDENTITY_FIELDS) {
    const value = opened[field];
    if (typeof value === 'string' && isEncrypted(value)) opened[field] = decryptText(keys, value);
  }
  return ZReporter.parse(opened);
}

/** Whether every identity field of a stored reporter is encrypted (v2) under this key. */
export function isSealedWith(stored: unknown, dataKey: Buffer): boolean {
  const record = stored as Record<string, unknown>;
  return IDENTITY_FIELDS.every((field) => {
    const value = record[field];
    return typeof value !== 'string' || isEncryptedWith(value, dataKey);
  });
}
