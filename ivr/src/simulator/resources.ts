import { randomBytes } from 'node:crypto';

/** A Twilio SID: two-letter prefix and 32 hex digits. */
export function newSid(prefix: 'CA' | 'SM' | 'QU' | 'CF' | 'RE' | 'AC' | 'PN'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's REST date format (RFC 2822): "Tue, 01 Apr 2025 10:00:00 +0000". */
export function rfc2822(date: Date | undefined): string | null {
  return date ? date.toUTCString().replace('GMT', '+0000') : null;
}

/** Twilio's REST API version path segment. */
export const API_VERSION = '2010-04-01';

/** The account's base path in the REST API. */
export function accountPath(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}`;
}

/** Twilio's JSON error body. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** Builds Twilio's JSON error body for an error code. */
export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Twilio's list envelope; twilio-node's Page reads the one non-meta key. */
export function listEnvelope<T>(key: string, uri: string, items: T[]): Record<string, unknown> {
  return {
    [key]: items,
    end: Math.max(0, items.length - 1),
    first_page_uri: `${uri}?PageSize=50&Page=0`,
    next_page_uri: null,
    page: 0,
    page_size: 50,
    previous_page_uri: null,
    start: 0,
    uri: `${uri}?PageSize=50&Page=0`,
  };
}

/** Twilio's default and largest list page sizes. */
const PAGE_SIZE = { default: 50, max: 1000 } as const;

/**
 * One page of a list as Twilio pages it: `PageSize` (50 by default, at most 1000) items from
 * `Page` (0-based) or, as the `next_page_uri` Twilio hands out does, from just after the item
 * its `PageToken` names (`PA` + that item's SID, so a page does not shift as items arrive).
 * Every page's URI keeps the list's filters.
 */
export function pagedEnvelope<T extends { sid: string }>(
  key: string,
  path: string,
  query: Record<string, unknown>,
  items: T[],
  present: (item: T) => Record<string, unknown>,
): Record<string, unknown> {
  const one = (name: string): string | undefined =>
    typeof query[name] === 'string' ? query[name] : undefined;
  const requested = Number(one('PageSize') ?? PAGE_SIZE.default);
  const pageSize = Number.isInteger(requested)
    ? Math.min(Math.max(requested, 1), PAGE_SIZE.max)
    : PAGE_SIZE.default;
  const page = Math.max(0, Math.floor(Number(one('Page') ?? 0)) || 0);
  const token = one('PageToken');
  const after = token?.startsWith('PA') ? items.findIndex((i) => i.sid === token.slice(2)) : -1;
  const start = after >= 0 ? after + 1 : page * pageSize;
  const slice = items.slice(start, start + pageSize);
  const filters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (!['Page', 'PageSize', 'PageToken'].includes(name) && typeof value === 'string') {
      filters.append(name, value);
    }
  }
  const uriOf = (extra: Record<string, string>): string => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(pageSize));
    for (const [name, value] of Object.entries(extra)) params.set(name, value);
    return `${path}?${params.toString()}`;
  };
  const last = slice[slice.length - 1];
  const more = last !== undefined && start + slice.length < items.length;
  return {
    [key]: slice.map(present),
    end: start + Math.max(0, slice.length - 1),
    first_page_uri: uriOf({ Page: '0' }),
    next_page_uri: more ? uriOf({ Page: String(page + 1), PageToken: `PA${last.sid}` }) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? uriOf({ Page: String(page - 1) }) : null,
    start,
    uri: uriOf(token ? { Page: String(page), PageToken: token } : { Page: String(page) }),
  };
}

/** A 0.1 s silent WAV: what the fake Recordings API serves as media. */
export function silentWav(): Buffer {
  const samples = 800;
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0);
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVEfmt ', 8);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(8000, 24);
  buffer.writeUInt32LE(16000, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36);
  buffer.writeUInt32LE(samples * 2, 40);
  return buffer;
}
