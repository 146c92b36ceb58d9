import { z } from 'zod';

/** What kind of number a phone entry is; decides whether it can be dialled, texted or matched. */
export const PHONE_KINDS = ['mobile', 'landline', 'service', 'international'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

/** A phone number understood: its kind, the national digits, and how Twilio would dial it. */
export interface ParsedPhone {
  kind: PhoneKind;
  /**
   * The number as matched across channels: a mainland mobile's 11 digits, a landline's area code
   * (with its 0) and subscriber digits, a service number's digits, other countries' digits with
   * their country code. "0751-5321110", "07515321110" and "+86 751 5321110" are one number.
   */
  national: string;
  /** E.164 for dialling and texting; null for short service numbers (110, 12345), dialled as is. */
  e164: string | null;
  /** A switchboard extension, kept for people to read but never part of matching. */
  extension: string | null;
}

const MOBILE = /^1[3-9][0-9]{9}$/;
// 010 and 02x are three-digit area codes; the others have four (0751). Subscribers: 7–8 digits.
const LANDLINE = /^0(?:10|2[0-9]|[3-9][0-9]{2})[0-9]{7,8}$/;
// 110, 120, 119, 122; 12110, 12345, 12355; 95xxx and 96xxx service lines.
const SERVICE = /^(?:1[0-9]{2}|1[0-9]{4}|9[56][0-9]{3})$/;
const EXTENSION = /^(.*?)\s*(?:ext\.?|x|转|分机)\s*([0-9]{1,6})$/i;
const ALLOWED = /^\+?\(?[0-9][0-9 ()-]*$/;

function parseMainland(digits: string): Pick<ParsedPhone, 'kind' | 'national' | 'e164'> | null {
  if (MOBILE.test(digits)) return { kind: 'mobile', national: digits, e164: `+86${digits}` };
  if (LANDLINE.test(digits)) {
    return { kind: 'landline', national: digits, e164: `+86${digits.slice(1)}` };
  }
  return null;
}

function parseBare(text: string): Omit<ParsedPhone, 'extension'> | null {
  if (!ALLOWED.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') || digits.startsWith('00');
  if (international) {
    const full = text.startsWith('+') ? digits : digits.slice(2);
    if (full.startsWith('86')) {
      const rest = full.slice(2);
      // +86 drops the landline's trunk 0: +86 751 5321110 is 0751-5321110.
      return parseMainland(rest) ?? parseMainland(`0${rest}`);
    }
    if (full.length < 7 || full.length > 15) return null;
    return { kind: 'international', national: full, e164: `+${full}` };
  }
  const mainland = parseMainland(digits);
  if (mainland) return mainland;
  // "8613800000001": the country code typed without its +.
  if (digits.length === 13 && digits.startsWith('86') && MOBILE.test(digits.slice(2))) {
    return parseMainland(digits.slice(2));
  }
  if (SERVICE.test(digits)) return { kind: 'service', national: digits, e164: null };
  return null;
}

/**
 * Reads a phone number as people type it: a mainland mobile (138 0000 0001, +86 138…), a landline
 * with its area code (0751-5321110, (010) 1234 5678, 0751 5321110 转 801, 0751-5321110-801) or,
 * when `service` is allowed, a short service number (110, 12345). Null when it is none of them.
 */
export function parsePhone(input: string, options: { service?: boolean } = {}): ParsedPhone | null {
  const text = input.trim();
  if (text === '' || text.length > 40) return null;
  const marked = EXTENSION.exec(text);
  const candidates: Array<[string, string | null]> = marked
    ? [[marked[1]!, marked[2]!]]
    : [[text, null]];
  // "0751-5321110-801": a trailing dash group that leaves a whole landline is an extension.
  const dashed = /^(.*[0-9])\s*-\s*([0-9]{1,6})$/.exec(text);
  if (!marked && dashed) candidates.push([dashed[1]!, dashed[2]!]);
  for (const [number, extension] of candidates) {
    const parsed = parseBare(number.trim());
    if (!parsed) continue;
    if (parsed.kind === 'service' && !options.service) continue;
    if (extension !== null && parsed.kind !== 'landline') continue;
    return { ...parsed, extension };
  }
  return null;
}

/**
 * The form a number is matched by (case linking, contact history): what the keyed hash is taken
 * of. Numbers that do not parse fall back to their digits, so nothing stored is ever unmatched.
 */
export function phoneMatchKey(input: string): string {
  const parsed = parsePhone(input, { service: true });
  if (parsed) return parsed.national;
  const digits = input.replace(/\D/g, '');
  return digits.startsWith('0086') ? digits.slice(4) : digits;
}

const PHONE_MESSAGE = 'Enter a mobile or a landline with its area code (0751-5321110)';

/** A phone number a person gives: a mobile or landline, mainland or +country, extension allowed. */
export const ZPhone = z
  .string()
  .trim()
  .max(40)
  .refine((value) => parsePhone(value) !== null, PHONE_MESSAGE);

/** A phone number in a directory or a duty list: also short service numbers such as 110. */
export const ZServicePhone = z
  .string()
  .trim()
  .max(40)
  .refine(
    (value) => parsePhone(value, { service: true }) !== null,
    `${PHONE_MESSAGE}, or a service number (110)`,
  );

/**
 * A number the system dials or texts (centre duty contacts): a mobile or landline, stored in
 * E.164 (`+867515321110`) so Twilio can reach it whichever way it was typed.
 */
export const ZDialablePhone = z
  .string()
  .trim()
  .max(40)
  .transform((value, ctx) => {
    const parsed = parsePhone(value);
    if (parsed?.e164) return parsed.e164;
    ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
    return z.NEVER;
  });
