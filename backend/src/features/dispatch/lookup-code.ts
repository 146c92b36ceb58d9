import { randomInt } from 'node:crypto';
import { sha256 } from '../../lib/crypto.js';

// No 0/O, 1/I/L: read over the phone and typed from paper.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A reporter's lookup code: 10 characters (about 49 bits), given once at submission. */
export function newLookupCode(): string {
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** What is stored: a digest bound to the report's reference, never the code itself. */
export function lookupCodeHash(reference: string, code: string): string {
  return sha256(`hutong-lookup:${reference}:${code.trim().toUpperCase().replace(/[\s-]/g, '')}`);
}
