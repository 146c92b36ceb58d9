import { z } from 'zod';
import { ZUserRef } from '../cases/schemas.js';
import { LANGUAGES } from '../reports/constants.js';

/** Filters of `GET /api/audit`; newest first, paged by `before` (the last id seen). */
export const ZAuditQuery = z
  .object({
    caseId: z.uuid().optional(),
    userId: z.uuid().optional(),
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]+)*$/, 'An action looks like case.read')
      .max(100)
      .optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    format: z.enum(['json', 'csv']).default('json'),
    /** The CSV's language (labels, times); else the requester's Accept-Language, else zh-CN. */
    lang: z.enum(LANGUAGES).optional(),
  })
  .strict();
export type TAuditQuery = z.input<typeof ZAuditQuery>;

export const ZAuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  /** Who did it, with their sign-in name (display names need not be unique); null: the system. */
  actor: ZUserRef.extend({ username: z.string() }).nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  caseId: z.uuid().nullable(),
  caseReference: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditPage = z.object({
  entries: z.array(ZAuditEntry),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.number().int().nullable(),
  /** The people, centres and organisations the entries' details name by id: their names. */
  names: z.record(z.string(), z.string()).default({}),
});
export type TAuditPage = z.infer<typeof ZAuditPage>;

/** `GET /api/admin/audit/verify`: an optional anchor (`<id>:<hash>`) recorded from an earlier run. */
export const ZAuditVerifyQuery = z
  .object({
    anchor: z
      .string()
      .regex(/^\d+:[0-9a-f]{64}$/, 'An anchor looks like <row id>:<64 hex digits>')
      .optional(),
  })
  .strict();
export type TAuditVerifyQuery = z.input<typeof ZAuditVerifyQuery>;

/** The audit log's hash chain walked: intact up to `head`, or the first `broken` row. */
export const ZAuditChainReport = z.object({
  ok: z.boolean(),
  /** Rows that check out (before the break, if any). */
  rows: z.number().int(),
  head: z.object({ id: z.number().int(), hash: z.string() }).nullable(),
  broken: z
    .object({
      id: z.number().int(),
      previousId: z.number().int().nullable(),
      problem: z.enum(['unchained', 'altered', 'broken_link', 'anchor']),
      message: z.string(),
    })
    .nullable(),
});
export type TAuditChainReport = z.infer<typeof ZAuditChainReport>;
