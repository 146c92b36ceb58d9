import { z } from 'zod';
import { ZUserRef } from '../cases/schemas.js';
import { CHILD_CATEGORIES } from '../children/constants.js';
import { ZRegionRef } from '../regions/schemas.js';

/** Size limits of a sweep's request and list. */
export const SWEEP_LIMITS = { noteMax: 500, reasonMax: 500, pageSizeMax: 100 } as const;

/**
 * A sweep is open until a supervisor closes it (done: its figures stay as they were) or cancels
 * it (called off); either way it takes no more visits.
 */
export const SWEEP_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/**
 * `POST /api/sweeps` (with an optional `Idempotency-Key`): a sweep (摸底排查) over a region and
 * categories — a visit task for every open file in the region's subtree with one of the
 * categories. `dueBy`: when the visits should be done (tasks still open after it are overdue).
 */
export const ZCreateSweep = z
  .object({
    regionCode: z.string().regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits'),
    categories: z
      .array(z.enum(CHILD_CATEGORIES))
      .min(1, 'Choose at least one category')
      .refine((c) => new Set(c).size === c.length, 'A category is listed twice'),
    dueBy: z.iso.datetime({ offset: true, message: 'Give a date and time' }).optional(),
    note: z.string().trim().max(SWEEP_LIMITS.noteMax).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.dueBy && Date.parse(v.dueBy) <= Date.now())
      ctx.addIssue({ code: 'custom', path: ['dueBy'], message: 'Is in the past' });
  });
export type TCreateSweep = z.input<typeof ZCreateSweep>;

/** Visit tasks counted: all, visited since the sweep started, and still open past `dueBy`. */
export const ZSweepCounts = z.object({
  total: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
});
export type TSweepCounts = z.infer<typeof ZSweepCounts>;

/**
 * A sweep with its progress. The counts are the tasks in the reader's scope: the whole sweep for
 * hotline supervisors and for the region's own township supervisor; a village's share for its
 * director.
 */
export const ZSweep = ZSweepCounts.extend({
  id: z.uuid(),
  region: ZRegionRef,
  categories: z.array(z.enum(CHILD_CATEGORIES)),
  dueBy: z.string().nullable(),
  note: z.string().nullable(),
  startedAt: z.string(),
  startedBy: ZUserRef.nullable(),
  status: z.enum(SWEEP_STATUSES),
  /** When, by whom and why it was closed or cancelled (null while open). */
  endedAt: z.string().nullable(),
  endedBy: ZUserRef.nullable(),
  endReason: z.string().nullable(),
});
export type TSweep = z.infer<typeof ZSweep>;

/** `GET /api/sweeps/:id`: the sweep and its progress village by village. */
export const ZSweepDetail = ZSweep.extend({
  villages: z.array(ZSweepCounts.extend({ region: ZRegionRef })),
});
export type TSweepDetail = z.infer<typeof ZSweepDetail>;

/** `GET /api/sweeps`: newest first, paged. */
export const ZSweepList = z.object({
  sweeps: z.array(ZSweep),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TSweepList = z.infer<typeof ZSweepList>;

/**
 * `POST /api/sweeps/:id/close` and `/cancel`: the reason is required. Township supervisors end
 * the sweeps over their township, hotline supervisors any; an ended sweep is `409`.
 */
export const ZEndSweep = z
  .object({
    reason: z
      .string({ error: 'Give a reason' })
      .trim()
      .min(1, 'Give a reason')
      .max(SWEEP_LIMITS.reasonMax),
  })
  .strict();
export type TEndSweep = z.input<typeof ZEndSweep>;

export const ZListSweepsQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(SWEEP_LIMITS.pageSizeMax).default(20),
  })
  .strict();
export type TListSweepsQuery = z.input<typeof ZListSweepsQuery>;

/**
 * `sweep.updated`: a sweep's counts and status as one room sees them (ids and numbers, no name
 * and no reason). `seq` is
 * the sweep's own version: a client keeps the highest it has seen for a sweep and ignores older.
 */
export const ZSweepChanged = z.object({
  seq: z.number().int(),
  sweep: ZSweepCounts.extend({
    id: z.uuid(),
    status: z.enum(SWEEP_STATUSES),
    /** The region whose share these counts are (the sweep's own region: the whole sweep). */
    scopeCode: z.string(),
    /** The village whose task changed, with its counts (the sweep detail's row). */
    village: ZSweepCounts.extend({ code: z.string() }).nullable(),
  }),
});
export type TSweepChanged = z.infer<typeof ZSweepChanged>;
