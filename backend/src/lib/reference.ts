import { randomInt } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so a reference read aloud is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short, human-readable, non-sequential reference such as `HT-7K3F-9QX2` (40 random bits).
 * Uniqueness is enforced by the database; callers retry on the rare collision.
 */
export function newReference(): string {
  const chars = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `HT-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}
