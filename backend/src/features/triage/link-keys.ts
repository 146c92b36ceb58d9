import type { TChild } from '@hutong/shared';
import { keyedHash } from '../../lib/crypto.js';

/** Names compare equal whatever their width, spacing or case: "李 小红" = "李小红". */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * One key per child with a name and an age, scoped to a county: two reports about the same
 * child (same name and age, same county) share a key. Keyed hashes, so names are not stored twice.
 */
export function linkKeys(
  dataKey: Buffer,
  countyCode: string | undefined,
  children: readonly TChild[],
): string[] {
  if (!countyCode) return [];
  const keys = children
    .filter((c) => c.name && typeof c.age === 'number')
    .map((c) => keyedHash(dataKey, `child|${countyCode}|${normaliseName(c.name!)}|${c.age}`));
  return [...new Set(keys)];
}
