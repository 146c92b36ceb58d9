import { randomInt } from 'node:crypto';
import type { Language } from '@hutong/shared';
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

/** The line added to the first SMS reply: the code, beside the reference the reply already has. */
const LOOKUP_CODE_SMS: Record<Language, string> = {
  'zh-CN': '查询码{code}，可凭编号和查询码在护童网站查看进展。',
  en: 'Lookup code {code}: use it with your ref on the Hutong website to follow progress.',
};

/** A reply with the lookup-code line appended. */
export function withLookupCode(reply: string, language: Language, code: string): string {
  return `${reply}${language === 'en' ? ' ' : ''}${LOOKUP_CODE_SMS[language].replace('{code}', code)}`;
}
