import { z } from 'zod';
import { ZUserRef } from '../cases/schemas.js';
import { ZPhone } from '../phone/schemas.js';
import { ZRegionRef } from '../regions/schemas.js';
import { SEXES } from '../reports/constants.js';
import {
  CHILD_CATEGORIES,
  CHILD_CHANGE_ACTIONS,
  CHILD_CLOSE_REASONS,
  CHILD_LIMITS,
  CHILD_RISK_LEVELS,
  DEFAULT_VISIT_DAYS,
  GUARDIAN_RELATIONS,
  VISIT_CHECKLIST_ITEMS,
  VISIT_DAYS_MAX,
  VISIT_DAYS_MIN,
  VISIT_KINDS,
  VISIT_PHOTO_MAX_BYTES,
  VISIT_PHOTO_TYPES,
  VISIT_PHOTOS_MAX,
  VISIT_SEEN,
  type VisitChecklistItem,
} from './constants.js';
import type { ChildRiskReason } from './risk.js';
import { CHECKIN_OUTCOMES } from './checkin.js';
import { ZWarning } from '../warnings/schemas.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();

const UNDER_18 = 'The register is for children under 18';

const ZRegionCode = z.string().regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits');

export const ZGuardian = z
  .object({
    relation: z.enum(GUARDIAN_RELATIONS),
    name: text(CHILD_LIMITS.nameMax),
    phone: ZPhone.optional(),
    livesWithChild: z.boolean(),
    /** Where the guardian works (a left-behind child's parents: the city they work in). */
    workPlace: optionalText(CHILD_LIMITS.shortTextMax),
  })
  .strict();
export type TGuardian = z.infer<typeof ZGuardian>;

const ZCategories = z
  .array(z.enum(CHILD_CATEGORIES))
  .min(1, 'Choose at least one category')
  .refine((c) => new Set(c).size === c.length, 'A category is listed twice');

const childFields = {
  name: text(CHILD_LIMITS.nameMax),
  sex: z.enum(SEXES),
  /** The date of birth; when unknown, `age` instead. */
  dateOfBirth: z.iso.date('Use a date like 2015-06-01').optional(),
  /** Age in years when the date of birth is unknown. */
  age: z.number().int().min(0).max(17, UNDER_18).optional(),
  /** The village or community the child lives in. */
  regionCode: ZRegionCode,
  categories: ZCategories,
  /** The child's own phone (older children have one): a check-in call can reach them on it. */
  phone: ZPhone.optional(),
  guardians: z.array(ZGuardian).max(CHILD_LIMITS.guardiansMax).default([]),
  school: optionalText(CHILD_LIMITS.shortTextMax),
  health: optionalText(CHILD_LIMITS.textMax),
  notes: optionalText(CHILD_LIMITS.textMax),
};

function checkBirth(
  v: { dateOfBirth?: string | undefined; age?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (v.dateOfBirth && v.age !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['age'],
      message: 'Give the date of birth or the age, not both',
    });
  if (v.dateOfBirth) {
    const born = Date.parse(`${v.dateOfBirth}T00:00:00Z`);
    if (born > Date.now())
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'Is in the future' });
    else if (Date.now() - born >= 18 * 365.25 * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['dateOfBirth'],
        message: UNDER_18,
      });
  }
}

/** `POST /api/children`: registers a child (a date of birth, or an age when it is unknown). */
export const ZCreateChild = z
  .object(childFields)
  .strict()
  .superRefine((v, ctx) => {
    if (!v.dateOfBirth && v.age === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['dateOfBirth'],
        message: 'Give the date of birth, or the age when it is unknown',
      });
    checkBirth(v, ctx);
  });
export type TCreateChild = z.input<typeof ZCreateChild>;
export type TCreateChildParsed = z.output<typeof ZCreateChild>;

/**
 * `PATCH /api/children/:id`: the fields to change (guardians, when given, replace the list).
 * `dateOfBirth` and `age` replace each other.
 */
export const ZUpdateChild = z
  .object({
    name: childFields.name.optional(),
    sex: childFields.sex.optional(),
    dateOfBirth: childFields.dateOfBirth,
    age: childFields.age,
    regionCode: ZRegionCode.optional(),
    categories: ZCategories.optional(),
    /** The child's own phone; null removes it. */
    phone: ZPhone.nullable().optional(),
    guardians: z.array(ZGuardian).max(CHILD_LIMITS.guardiansMax).optional(),
    school: z.string().trim().max(CHILD_LIMITS.shortTextMax).nullable().optional(),
    health: z.string().trim().max(CHILD_LIMITS.textMax).nullable().optional(),
    notes: z.string().trim().max(CHILD_LIMITS.textMax).nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Object.keys(v).length === 0)
      ctx.addIssue({ code: 'custom', path: [], message: 'Nothing to change' });
    checkBirth(v, ctx);
  });
export type TUpdateChild = z.input<typeof ZUpdateChild>;

/** `POST /api/children/:id/close`: a file is closed with a reason, never deleted. */
export const ZCloseChild = z
  .object({
    reason: z.enum(CHILD_CLOSE_REASONS),
    note: optionalText(CHILD_LIMITS.textMax),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.reason === 'other' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say why the file is closed' });
  });
export type TCloseChild = z.input<typeof ZCloseChild>;

/** `POST /api/children/:id/risk`: raise the level above the rules' (with a reason), or clear it. */
export const ZRaiseChildRisk = z
  .object({
    level: z.enum(['high', 'medium']).nullable(),
    reason: text(CHILD_LIMITS.textMax),
  })
  .strict();
export type TRaiseChildRisk = z.input<typeof ZRaiseChildRisk>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `GET /api/children`: filters and paging. `name` matches the whole name (width, case, spaces folded). */
export const ZListChildrenQuery = z
  .object({
    regionCode: ZRegionCode.optional(),
    category: z.enum(CHILD_CATEGORIES).optional(),
    risk: z.enum(CHILD_RISK_LEVELS).optional(),
    overdue: flag.optional(),
    name: z.string().trim().min(1).max(CHILD_LIMITS.nameMax).optional(),
    status: z.enum(['open', 'closed', 'all']).default('open'),
    /** Files with a sweep visit still to do: in any sweep (`open`) or in one sweep (its id). */
    sweep: z.union([z.literal('open'), z.uuid()]).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(CHILD_LIMITS.pageSizeMax).default(20),
  })
  .strict();
export type TListChildrenQuery = z.input<typeof ZListChildrenQuery>;

/**
 * `GET /api/children/:id`: the case the file is opened through (an operator's only way to it; for
 * anyone, the audit row names the case when it links to the file).
 */
export const ZReadChildQuery = z
  .object({
    caseId: z.uuid().optional(),
  })
  .strict();
export type TReadChildQuery = z.input<typeof ZReadChildQuery>;

const ZRiskReason = z.custom<ChildRiskReason>(
  (v) => typeof v === 'object' && v !== null && 'rule' in v && 'level' in v,
);

export const ZChildRisk = z.object({
  /** The level in force: the rules' level, or higher if a director raised it. */
  level: z.enum(CHILD_RISK_LEVELS),
  ruleLevel: z.enum(CHILD_RISK_LEVELS),
  reasons: z.array(ZRiskReason),
  raised: z
    .object({
      level: z.enum(CHILD_RISK_LEVELS),
      reason: z.string(),
      by: ZUserRef.nullable(),
      at: z.string(),
    })
    .nullable(),
});
export type TChildRisk = z.infer<typeof ZChildRisk>;

/** A line of the register: enough to find a child and see what is due. */
export const ZChildSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  sex: z.enum(SEXES),
  dateOfBirth: z.string().nullable(),
  /** Years: from the date of birth, or the age given at registration carried forward. */
  age: z.number().int().nullable(),
  region: ZRegionRef,
  categories: z.array(z.enum(CHILD_CATEGORIES)),
  riskLevel: z.enum(CHILD_RISK_LEVELS),
  lastVisitAt: z.string().nullable(),
  nextVisitDue: z.string().nullable(),
  overdue: z.boolean(),
  status: z.enum(['open', 'closed']),
});
export type TChildSummary = z.infer<typeof ZChildSummary>;

export const ZChildList = z.object({
  children: z.array(ZChildSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TChildList = z.infer<typeof ZChildList>;

const ZChecklistValue = z.boolean().nullable();
export const ZVisitChecklist = z.object(
  Object.fromEntries(VISIT_CHECKLIST_ITEMS.map((i) => [i, ZChecklistValue])) as Record<
    VisitChecklistItem,
    typeof ZChecklistValue
  >,
);

/** A visit's photo as the file lists it: what it is and how big, never its bytes. */
export const ZVisitPhoto = z.object({
  id: z.uuid(),
  contentType: z.enum(VISIT_PHOTO_TYPES),
  /** Bytes, as taken (before encryption). */
  size: z.number().int(),
});
export type TVisitPhoto = z.infer<typeof ZVisitPhoto>;

export const ZVisit = z.object({
  id: z.uuid(),
  kind: z.enum(VISIT_KINDS),
  visitedAt: z.string(),
  seen: z.array(z.enum(VISIT_SEEN)),
  checklist: ZVisitChecklist,
  notes: z.string().nullable(),
  by: ZUserRef.nullable(),
  recordedAt: z.string(),
  /** A phone visit logged by a check-in call: the call and how it ended. */
  call: z
    .object({ id: z.uuid(), outcome: z.enum(CHECKIN_OUTCOMES), talkSeconds: z.number().int() })
    .nullable(),
  /** Photos taken on the visit, in the order sent (`GET …/visits/:visitId/photos/:photoId`). */
  photos: z.array(ZVisitPhoto),
});
export type TVisit = z.infer<typeof ZVisit>;

export const ZChildChange = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.enum(CHILD_CHANGE_ACTIONS),
  by: ZUserRef.nullable(),
  /** The fields changed (names only: the values are in the file, personal ones encrypted). */
  fields: z.array(z.string()),
  /** Before and after of what is not personal: categories, region, risk level, close reason. */
  details: z.record(z.string(), z.unknown()),
});
export type TChildChange = z.infer<typeof ZChildChange>;

/** `GET /api/children/:id`: the file. */
export const ZChildFile = ZChildSummary.extend({
  /** The child's own phone, when they have one (shown to whoever may read the file, as guardians' are). */
  phone: z.string().nullable(),
  guardians: z.array(ZGuardian.extend({ phone: z.string().optional() })),
  school: z.string().nullable(),
  health: z.string().nullable(),
  notes: z.string().nullable(),
  risk: ZChildRisk,
  visits: z.array(ZVisit),
  timeline: z.array(ZChildChange),
  closed: z
    .object({
      at: z.string(),
      reason: z.enum(CHILD_CLOSE_REASONS),
      note: z.string().nullable(),
    })
    .nullable(),
  registeredAt: z.string(),
  registeredBy: ZUserRef.nullable(),
  /** Reports about the child: matched by triage, or filed by escalating a warning (issue 12 §4). */
  linkedReports: z
    .array(
      z.object({
        reportId: z.uuid(),
        reference: z.string(),
        channel: z.string(),
        receivedAt: z.string(),
        caseReference: z.string().nullable(),
      }),
    )
    .optional(),
  /** The child's warnings, newest first (the latest 20), for the roles that read warnings. */
  warnings: z.array(ZWarning).optional(),
});
export type TChildFile = z.infer<typeof ZChildFile>;

export const ZCreateChildResponse = z.object({ id: z.uuid() });

/** Bytes a base64 text decodes to (its padding not counted). */
export function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

/** A photo sent with a visit: JPEG, PNG or WebP as base64, at most `VISIT_PHOTO_MAX_BYTES`. */
export const ZVisitPhotoUpload = z
  .object({
    contentType: z.enum(VISIT_PHOTO_TYPES, { error: 'Send a JPEG, PNG or WebP photo' }),
    dataBase64: z
      .string()
      .min(1, 'The photo is empty')
      // Longer than any photo within the limit: refused before the pattern reads it all.
      .max(Math.ceil(VISIT_PHOTO_MAX_BYTES / 3) * 4, 'The photo is larger than 1 MB')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The photo must be base64-encoded')
      .refine((b) => b.length % 4 === 0, 'The photo must be base64-encoded')
      .refine((b) => base64Bytes(b) <= VISIT_PHOTO_MAX_BYTES, 'The photo is larger than 1 MB'),
  })
  .strict();
export type TVisitPhotoUpload = z.infer<typeof ZVisitPhotoUpload>;

/**
 * `POST /api/children/:id/visits` (with an optional `Idempotency-Key`): a partial or absent
 * checklist is recorded with the rest unchecked; up to four photos, each checked by its bytes.
 */
export const ZCreateVisit = z
  .object({
    kind: z.enum(VISIT_KINDS),
    visitedAt: z.iso.datetime({ offset: true, message: 'Give the date and time of the visit' }),
    seen: z
      .array(z.enum(VISIT_SEEN))
      .refine((s) => new Set(s).size === s.length, 'Listed twice')
      .default([]),
    checklist: z
      .object(
        Object.fromEntries(
          VISIT_CHECKLIST_ITEMS.map((i) => [i, ZChecklistValue.optional()]),
        ) as Record<VisitChecklistItem, z.ZodOptional<typeof ZChecklistValue>>,
      )
      .strict()
      .optional(),
    notes: optionalText(CHILD_LIMITS.textMax),
    /**
     * The check-in call this form completes: its phone visit (logged when the call ended) gets
     * the checklist, who was reached and the notes, instead of a second visit.
     */
    callId: z.uuid().optional(),
    photos: z
      .array(ZVisitPhotoUpload)
      .max(VISIT_PHOTOS_MAX, `At most ${VISIT_PHOTOS_MAX} photos`)
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.callId !== undefined && v.kind !== 'phone')
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'A call is a phone visit' });
    // A minute's grace for a phone's clock.
    if (Date.parse(v.visitedAt) > Date.now() + 60_000)
      ctx.addIssue({ code: 'custom', path: ['visitedAt'], message: 'Is in the future' });
  });
export type TCreateVisit = z.input<typeof ZCreateVisit>;

export const ZVisitRecorded = z.object({
  visit: ZVisit,
  risk: ZChildRisk,
  nextVisitDue: z.string().nullable(),
});
export type TVisitRecorded = z.infer<typeof ZVisitRecorded>;

const ZVisitDays = z
  .number({ error: 'Enter a whole number of days' })
  .int('Enter a whole number of days')
  .min(VISIT_DAYS_MIN, `At least ${VISIT_DAYS_MIN} day`)
  .max(VISIT_DAYS_MAX, `At most ${VISIT_DAYS_MAX} days`);

/** `PUT /api/admin/settings/visits`: days to the next visit by level; higher risk never longer. */
export const ZVisitSettings = z
  .object({
    visitDays: z
      .object({ high: ZVisitDays, medium: ZVisitDays, low: ZVisitDays })
      .strict()
      .superRefine((v, ctx) => {
        if (v.medium < v.high)
          ctx.addIssue({
            code: 'custom',
            path: ['medium'],
            message: 'May not be shorter than high risk',
          });
        if (v.low < v.medium)
          ctx.addIssue({
            code: 'custom',
            path: ['low'],
            message: 'May not be shorter than medium risk',
          });
      }),
  })
  .strict();
export type TVisitSettings = z.infer<typeof ZVisitSettings>;

export const ZVisitSettingsView = ZVisitSettings.extend({
  defaults: z.object({
    visitDays: z.object({ high: z.number(), medium: z.number(), low: z.number() }),
  }),
  updatedAt: z.string().nullable(),
  updatedBy: ZUserRef.nullable(),
});
export type TVisitSettingsView = z.infer<typeof ZVisitSettingsView>;

export const DEFAULT_VISIT_SETTINGS: TVisitSettings = { visitDays: { ...DEFAULT_VISIT_DAYS } };
