import type { TChild } from '@hutong/shared';
import {
  decryptText,
  encryptText,
  isEncrypted,
  isEncryptedWith,
  keyedHash,
  subKeys,
} from '../../lib/crypto.js';
import { normaliseName } from '../triage/link-keys.js';
import { registeredDataKeys } from './reporter-identity.js';

/**
 * The fields of a child (in a report or an assessment) that identify the child; each is
 * encrypted on its own at rest. Sex and age stay in clear: triage scores and queues show them.
 */
const CHILD_FIELDS = ['name', 'school', 'idNumber', 'birthDate'] as const;

/** Free text of an assessment that may name or place people; encrypted at rest. */
const ASSESSMENT_TEXT_FIELDS = ['injuries', 'guardianshipNotes'] as const;

type Fields = Record<string, unknown>;

// Always encrypts: callers pass plaintext, and text that merely looks like a ciphertext (a
// reporter may type anything) must not be stored as if it were one.
function sealFields<T extends Fields>(dataKey: Buffer, record: T, fields: readonly string[]): T {
  const sealed: Fields = { ...record };
  for (const field of fields) {
    const value = sealed[field];
    if (typeof value === 'string') sealed[field] = encryptText(dataKey, value);
  }
  return sealed as T;
}

function openFields<T extends Fields>(
  record: T,
  fields: readonly string[],
  keys: readonly Buffer[],
): T {
  const opened: Fields = { ...record };
  for (const field of fields) {
    const value = opened[field];
    if (typeof value === 'string' && isEncrypted(value)) opened[field] = decryptText(keys, value);
  }
  return opened as T;
}

function fieldsSealedWith(record: Fields, fields: readonly string[], dataKey: Buffer): boolean {
  return fields.every((field) => {
    const value = record[field];
    return typeof value !== 'string' || isEncryptedWith(value, dataKey);
  });
}

/** Children as stored: name, school, ID number and birth date encrypted, sex and age in clear. */
export function sealChildren<T extends Fields>(dataKey: Buffer, children: readonly T[]): T[] {
  return children.map((c) => sealFields(dataKey, c, CHILD_FIELDS));
}

/**
 * Stored children decrypted (by default with the registered keys). Values stored before
 * encryption came in pass through as they are; an altered value or unknown key throws.
 */
export function openChildren<T extends Fields>(
  stored: readonly T[],
  keys: readonly Buffer[] = registeredDataKeys(),
): T[] {
  return stored.map((c) => openFields(c, CHILD_FIELDS, keys));
}

/** A free-text field (narrative, address) as stored: encrypted, or null when empty. */
export function sealText(dataKey: Buffer, value: string | null | undefined): string | null {
  return value ? encryptText(dataKey, value) : null;
}

/** A stored free-text field decrypted; plaintext from before encryption passes through. */
export function openText(
  value: string | null,
  keys: readonly Buffer[] = registeredDataKeys(),
): string | null {
  return value !== null && isEncrypted(value) ? decryptText(keys, value) : value;
}

/**
 * An assessment as stored: the children's identifying fields, the free text and the address
 * encrypted; categories, risks, circumstances, guardianship, suspects' relationships, the region
 * and the police dates stay in clear (priority and figures are computed from them).
 */
export function sealAssessment(dataKey: Buffer, assessment: Fields): Fields {
  const sealed = sealFields(dataKey, assessment, ASSESSMENT_TEXT_FIELDS);
  if (Array.isArray(sealed.children))
    sealed.children = sealChildren(dataKey, sealed.children as Fields[]);
  const location = sealed.location as Fields | undefined;
  if (location && typeof location === 'object')
    sealed.location = sealFields(dataKey, location, ['address']);
  return sealed;
}

/** A stored assessment decrypted (still to be parsed with ZAssessment). */
export function openAssessment(
  stored: unknown,
  keys: readonly Buffer[] = registeredDataKeys(),
): Fields {
  if (!stored || typeof stored !== 'object') return {};
  const opened = openFields(stored as Fields, ASSESSMENT_TEXT_FIELDS, keys);
  if (Array.isArray(opened.children))
    opened.children = openChildren(opened.children as Fields[], keys);
  const location = opened.location as Fields | undefined;
  if (location && typeof location === 'object')
    opened.location = openFields(location, ['address'], keys);
  return opened;
}

/** Whether everything sealAssessment encrypts is encrypted (v2) under this key. */
export function isAssessmentSealedWith(stored: unknown, dataKey: Buffer): boolean {
  if (!stored || typeof stored !== 'object') return true;
  const record = stored as Fields;
  const children = Array.isArray(record.children) ? (record.children as Fields[]) : [];
  const location =
    record.location && typeof record.location === 'object' ? (record.location as Fields) : {};
  return (
    fieldsSealedWith(record, ASSESSMENT_TEXT_FIELDS, dataKey) &&
    children.every((c) => fieldsSealedWith(c, CHILD_FIELDS, dataKey)) &&
    fieldsSealedWith(location, ['address'], dataKey)
  );
}

/** Whether a report's children, narrative and address are all encrypted (v2) under this key. */
export function isReportContentSealedWith(
  row: { children: readonly Fields[]; narrative: string | null; address: string | null },
  dataKey: Buffer,
): boolean {
  return (
    row.children.every((c) => fieldsSealedWith(c, CHILD_FIELDS, dataKey)) &&
    [row.narrative, row.address].every((v) => v === null || isEncryptedWith(v, dataKey))
  );
}

// ---- Search index ---------------------------------------------------------------------------

/** One search token: a keyed hash under the search sub-key, shortened (matches are confirmed). */
function token(dataKey: Buffer, value: string): string {
  return keyedHash(subKeys(dataKey).search, value).slice(0, 16);
}

/** The characters of a name as compared (width, spacing and case folded), by code point. */
function nameChars(name: string): string[] {
  return Array.from(normaliseName(name));
}

/**
 * The search tokens of some names: each character and each pair of neighbouring characters,
 * so any part of a name can be found (小红 finds 李小红) without storing the name.
 */
export function nameTokens(dataKey: Buffer, names: readonly string[]): string[] {
  const tokens = new Set<string>();
  for (const name of names) {
    const chars = nameChars(name);
    chars.forEach((c, i) => {
      tokens.add(token(dataKey, `gram|${c}`));
      if (i > 0) tokens.add(token(dataKey, `gram|${chars[i - 1]}${c}`));
    });
  }
  return [...tokens];
}

/**
 * The tokens a name containing `query` must have: its pairs of characters, or the one character
 * of a one-character query. Empty when the query has no characters to look for.
 */
export function queryTokens(dataKey: Buffer, query: string): string[] {
  const chars = nameChars(query);
  if (chars.length === 1) return [token(dataKey, `gram|${chars[0]}`)];
  return [...new Set(chars.slice(1).map((c, i) => token(dataKey, `gram|${chars[i]}${c}`)))];
}

/** Whether a (decrypted) name contains the query as search compares them. */
export function nameMatches(name: string | undefined, query: string): boolean {
  return !!name && normaliseName(name).includes(normaliseName(query));
}

/** The token of one child by exact name and age: how related reports find the same child. */
export function childToken(dataKey: Buffer, name: string, age: number): string {
  return token(dataKey, `child|${normaliseName(name)}|${age}`);
}

/** The token of an exact address (trimmed): how related reports find the same address. */
export function addressToken(dataKey: Buffer, address: string): string {
  return token(dataKey, `address|${address.trim()}`);
}

/**
 * Everything a report is found by without decrypting it (`reports.search_tokens`): its
 * children's name n-grams, each named child with an age, and its address. Pass plaintext.
 */
export function reportSearchTokens(
  dataKey: Buffer,
  report: { children: readonly TChild[]; address: string | null | undefined },
): string[] {
  const names = report.children.flatMap((c) => (c.name ? [c.name] : []));
  const tokens = new Set(nameTokens(dataKey, names));
  for (const c of report.children) {
    if (c.name && typeof c.age === 'number') tokens.add(childToken(dataKey, c.name, c.age));
  }
  if (report.address?.trim()) tokens.add(addressToken(dataKey, report.address));
  return [...tokens];
}

/** What a case is found by from its assessment (`cases.search_tokens`): its children's names. */
export function assessmentSearchTokens(dataKey: Buffer, assessment: Fields): string[] {
  const children = Array.isArray(assessment.children) ? (assessment.children as Fields[]) : [];
  return nameTokens(
    dataKey,
    children.flatMap((c) => (typeof c.name === 'string' ? [c.name] : [])),
  );
}
