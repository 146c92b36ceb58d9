import { z } from 'zod';
import { ZUserRef } from '../cases/schemas.js';

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
  })
  .strict();
export type TAuditQuery = z.input<typeof ZAuditQuery>;

export const ZAuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: ZUserRef.nullable(),
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
});
export type TAuditPage = z.infer<typeof ZAuditPage>;
