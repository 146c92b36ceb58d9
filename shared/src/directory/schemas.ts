import { z } from 'zod';
import { CASE_STATUSES } from '../cases/constants.js';
import { CHANNELS } from '../reports/constants.js';
import { ZRegionRef } from '../regions/schemas.js';
import { ZPhone, ZServicePhone } from '../phone/schemas.js';
import { ZCentre } from '../dispatch/schemas.js';

/** Kinds of directory entry besides the rescue centres (which have their own table). */
export const DIRECTORY_KINDS = [
  'police',
  'hospital',
  'school_safety',
  'civil_affairs',
  'womens_federation',
  'other',
] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

const ZRegionCode = z.string().regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits');

const ZDirectoryEntryFields = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(DIRECTORY_KINDS),
    phone: ZServicePhone,
    regionCode: ZRegionCode,
    note: z.string().trim().max(500).optional(),
    active: z.boolean(),
  })
  .strict();

/** `POST /api/directory` (admins): a police station, hospital or office operators may ring. */
export const ZCreateDirectoryEntry = ZDirectoryEntryFields.extend({
  active: z.boolean().default(true),
}).strict();
export type TCreateDirectoryEntry = z.input<typeof ZCreateDirectoryEntry>;

/** `PATCH /api/directory/:id`: the fields to change (no defaults: what is left out stays). */
export const ZUpdateDirectoryEntry = ZDirectoryEntryFields.partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field');

export const ZDirectoryEntry = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(DIRECTORY_KINDS),
  phone: z.string(),
  region: ZRegionRef,
  note: z.string().nullable(),
  active: z.boolean(),
});
export type TDirectoryEntry = z.infer<typeof ZDirectoryEntry>;

/** `GET /api/directory`: entries and rescue centres in an area (the region and all below it). */
export const ZDirectoryQuery = z
  .object({
    regionCode: ZRegionCode.optional(),
    q: z.string().trim().max(100).optional(),
  })
  .strict();
export const ZDirectory = z.object({
  entries: z.array(ZDirectoryEntry),
  /** Rescue centres located in the area or whose jurisdiction covers it. */
  centres: z.array(ZCentre),
});
export type TDirectory = z.infer<typeof ZDirectory>;

/**
 * `POST /api/contacts/history`: earlier contacts from one phone number. POST so the number never
 * sits in a URL (proxies, history, access logs); it is matched by its keyed hash only.
 */
export const ZContactHistoryQuery = z.object({ phone: ZPhone }).strict();

/** One earlier contact: a report (web, API, phone, SMS) or a call, with where it led. */
export const ZContactHistoryItem = z.object({
  kind: z.enum(['report', 'call']),
  channel: z.enum(CHANNELS),
  at: z.string(),
  /** The report's reference, or for a call the reference of the report it became (if any). */
  reference: z.string().nullable(),
  caseId: z.uuid().nullable(),
  caseReference: z.string().nullable(),
  caseStatus: z.enum(CASE_STATUSES).nullable(),
});
export type TContactHistoryItem = z.infer<typeof ZContactHistoryItem>;
export const ZContactHistory = z.object({ contacts: z.array(ZContactHistoryItem) });
export type TContactHistory = z.infer<typeof ZContactHistory>;
