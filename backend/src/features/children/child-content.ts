import { keyedHash, subKeys } from '../../lib/crypto.js';
import { openText, sealText } from '../privacy/case-content.js';
import { phoneHash } from '../privacy/reporter-identity.js';
import { normaliseName } from '../triage/link-keys.js';
import type { TGuardian } from '@hutong/shared';

/**
 * One file per child: the keyed hash of the village, the name (as compared: width, spacing and
 * case folded) and the date of birth, or the age when the date is unknown.
 */
export function childIdentityHash(
  dataKey: Buffer,
  child: { regionCode: string; name: string; dateOfBirth?: string | null; age?: number | null },
): string {
  const born = child.dateOfBirth ? `dob:${child.dateOfBirth}` : `age:${child.age ?? ''}`;
  return keyedHash(
    subKeys(dataKey).hashing,
    `childfile|${child.regionCode}|${normaliseName(child.name)}|${born}`,
  );
}

/** The keyed hash a whole name is searched by (exact, as compared). */
export function childNameHash(dataKey: Buffer, name: string): string {
  return keyedHash(subKeys(dataKey).hashing, `childname|${normaliseName(name)}`);
}

/** The child's own phone as stored: encrypted, with its keyed hash beside (as a guardian's). */
export function sealChildPhone(dataKey: Buffer, phone: string | null | undefined) {
  return {
    phone: sealText(dataKey, phone),
    phoneHash: phone ? phoneHash(dataKey, phone) : null,
  };
}

/** A guardian as stored: name, phone and workplace encrypted, the phone's keyed hash beside. */
export function sealGuardian(dataKey: Buffer, guardian: TGuardian) {
  return {
    relation: guardian.relation,
    name: sealText(dataKey, guardian.name)!,
    phone: sealText(dataKey, guardian.phone),
    phoneHash: guardian.phone ? phoneHash(dataKey, guardian.phone) : null,
    livesWithChild: guardian.livesWithChild,
    workPlace: sealText(dataKey, guardian.workPlace),
  };
}

/** A stored guardian decrypted. */
export function openGuardian(row: {
  relation: TGuardian['relation'];
  name: string;
  phone: string | null;
  livesWithChild: boolean;
  workPlace: string | null;
}): TGuardian {
  const phone = openText(row.phone);
  const workPlace = openText(row.workPlace);
  return {
    relation: row.relation,
    name: openText(row.name) ?? '',
    ...(phone ? { phone } : {}),
    livesWithChild: row.livesWithChild,
    ...(workPlace ? { workPlace } : {}),
  };
}

export { openText, sealText };
