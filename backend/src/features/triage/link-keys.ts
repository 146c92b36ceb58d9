import type { TChild } from '@hutong/shared';
import { keyedHash, subKeys } from '../../lib/crypto.js';

/** Names compare equal whatever their width, spacing or case: "李 小红" = "李小红". */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * One key per child with a name and an age, scoped to a county: two reports about the same
 * child (same name and age, same county) share a key. Keyed hashes (the hashing sub-key), so
 * names are not stored twice; pass the children decrypted (openChildren).
 */
export function linkKeys(
  dataKey: Buffer,
  countyCode: string | undefined,
  children: readonly TChild[],
): string[] {
  if (!countyCode) return [];
  const hashKey = subKeys(dataKey).hashing;
  const keys = children
    .filter((c) => c.name && typeof c.age === 'number')
    .map((c) => keyedHash(hashKey, `child|${countyCode}|${normaliseName(c.name!)}|${c.age}`));
  return [...new Set(keys)];
}
