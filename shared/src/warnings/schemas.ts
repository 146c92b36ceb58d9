import { z } from 'zod';
import { ZUserRef } from '../cases/schemas.js';
import { CHILD_CATEGORIES, CHILD_RISK_LEVELS } from '../children/constants.js';
import { ZRegionRef } from '../regions/schemas.js';
import { WARNING_KINDS, WARNING_LIMITS, WARNING_STATUSES } from './constants.js';
import type { WarningReason } from './rules.js';

const ZWarningReason = z.custom<WarningReason>(
  (v) => typeof v === 'object' && v !== null && 'rule' in v,
);

/**
 * A warning as the live events carry it: ids, kind, status, reasons and the child's village,
 * never a name (the list adds it for readers of the file).
 */
export const ZWarning = z.object({
  id: z.uuid(),
  childId: z.uuid(),
  kind: z.enum(WARNING_KINDS),
  status: z.enum(WARNING_STATUSES),
  reasons: z.array(ZWarningReason),
  region: ZRegionRef,
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledged: z.object({ at: z.string(), by: ZUserRef.nullable() }).nullable(),
  dismissed: z.object({ at: z.string(), by: ZUserRef.nullable() }).nullable(),
  escalated: z
    .object({ at: z.string(), by: ZUserRef.nullable(), reference: z.string() })
    .nullable(),
});
export type TWarning = z.infer<typeof ZWarning>;

/** A line of `GET /api/warnings`: the warning with the child as its file shows it. */
export const ZWarningView = ZWarning.extend({
  child: z.object({
    id: z.uuid(),
    name: z.string(),
    categories: z.array(z.enum(CHILD_CATEGORIES)),
    riskLevel: z.enum(CHILD_RISK_LEVELS),
  }),
  /** Why it was dismissed (free text: only in the list, never in an event). */
  dismissReason: z.string().nullable(),
});
export type TWarningView = z.infer<typeof ZWarningView>;

export const ZWarningList = z.object({
  warnings: z.array(ZWarningView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The highest warning seq when the list was read: resume the live stream from here. */
  seq: z.number().int(),
});
export type TWarningList = z.infer<typeof ZWarningList>;

/** `GET /api/warnings`: open (open or acknowledged) or all; by child, kind; paged, newest first. */
export const ZListWarningsQuery = z
  .object({
    status: z.enum(['open', 'all']).default('open'),
    kind: z.enum(WARNING_KINDS).optional(),
    childId: z.uuid().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(WARNING_LIMITS.pageSizeMax).default(20),
  })
  .strict();
export type TListWarningsQuery = z.input<typeof ZListWarningsQuery>;

/** `POST /api/warnings/:id/dismiss`: a reason is required. */
export const ZDismissWarning = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'Say why the warning is dismissed')
      .max(WARNING_LIMITS.reasonMax),
  })
  .strict();
export type TDismissWarning = z.input<typeof ZDismissWarning>;

/** `POST /api/warnings/:id/escalate`: the reference of the report filed on `monitoring`. */
export const ZWarningEscalated = z.object({ reference: z.string(), warning: ZWarningView });
export type TWarningEscalated = z.infer<typeof ZWarningEscalated>;

/** `warning.created` / `warning.updated`: the warning as it is now, with its seq. */
export const ZWarningChanged = z.object({ seq: z.number().int(), warning: ZWarning });
export type TWarningChanged = z.infer<typeof ZWarningChanged>;

/** How the duty board counts warnings (open and acknowledged; by kind). */
export const ZWarningCounts = z.object({
  open: z.number().int(),
  byKind: z.record(z.enum(WARNING_KINDS), z.number().int()),
});
export type TWarningCounts = z.infer<typeof ZWarningCounts>;
