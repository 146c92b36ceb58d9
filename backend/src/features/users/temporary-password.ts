import { randomInt } from 'node:crypto';

/** No 0/O, 1/l/I: read aloud or copied by hand without mistakes. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time password of 16 characters (about 92 bits), shown to the administrator once. */
export function temporaryPassword(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}
