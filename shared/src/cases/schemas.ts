import { z } from 'zod';
import { CASE_EVENT_TYPES, CASE_STATUSES, PRIORITIES } from './constants.js';
import { CHANNELS, SEXES, SITUATION_CATEGORIES } from '../reports/constants.js';
import { ZReportView } from '../reports/schemas.js';
import { ZRegionRef } from '../regions/schemas.js';
import { ZPhone } from '../phone/schemas.js';
import type { PriorityReason } from './priority.js';
import { RISK_FACTORS, ZAssessment } from './assessment.js';
import { CHILD_CATEGORIES, CHILD_RISK_LEVELS } from '../children/constants.js';

export const ZPriorityReason: z.ZodType<PriorityReason> = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('immediate_danger'), priority: z.enum(PRIORITIES) }),
  z.object({
    rule: z.literal('category'),
    category: z.enum(SITUATION_CATEGORIES),
    priority: z.enum(PRIORITIES),
  }),
  z.object({
    rule: z.literal('young_child_without_care'),
    age: z.number(),
    priority: z.enum(PRIORITIES),
  }),
  z.object({
    rule: z.literal('risk'),
    risk: z.enum(RISK_FACTORS),
    priority: z.enum(PRIORITIES),
  }),
  z.object({ rule: z.literal('default'), priority: z.enum(PRIORITIES) }),
]);

export const ZUserRef = z.object({ id: z.uuid(), displayName: z.string() });
export type TUserRef = z.infer<typeof ZUserRef>;

/**
 * A case as it appears in queues and live events. It carries no names, phone numbers or
 * narrative, so it may be broadcast to every operator; details are read (and audited) one by one.
 */
export const ZCaseSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  priority: z.enum(PRIORITIES),
  priorityReasons: z.array(ZPriorityReason),
  categories: z.array(z.enum(SITUATION_CATEGORIES)),
  immediateDanger: z.boolean(),
  channel: z.enum(CHANNELS),
  region: ZRegionRef.nullable(),
  children: z.array(z.object({ sex: z.enum(SEXES).nullable(), age: z.number().nullable() })),
  reportCount: z.number().int(),
  assignee: ZUserRef.nullable(),
  claimDeadline: z.string().nullable(),
  claimedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type TCaseSummary = z.infer<typeof ZCaseSummary>;

export const ZCaseEvent = z.object({
  seq: z.number().int(),
  caseId: z.uuid(),
  type: z.enum(CASE_EVENT_TYPES),
  actor: ZUserRef.nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type TCaseEvent = z.infer<typeof ZCaseEvent>;

/** An operator's override of the computed priority, with its reason. */
export const ZPriorityOverride = z.object({
  priority: z.enum(PRIORITIES),
  reason: z.string(),
  by: ZUserRef,
  at: z.string(),
});
export type TPriorityOverride = z.infer<typeof ZPriorityOverride>;

export const ZAttachmentView = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedBy: ZUserRef.nullable(),
  createdAt: z.string(),
});
export type TAttachmentView = z.infer<typeof ZAttachmentView>;

/**
 * A child on the register a case's report is about (issue 12 §4): what the operator sees at once
 * of the file — categories, risk, last visit and the village's children's director.
 */
export const ZChildOnFile = z.object({
  id: z.uuid(),
  name: z.string(),
  categories: z.array(z.enum(CHILD_CATEGORIES)),
  riskLevel: z.enum(CHILD_RISK_LEVELS),
  lastVisitAt: z.string().nullable(),
  region: ZRegionRef,
  /** The village's children's director, if the register has one. */
  director: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
});
export type TChildOnFile = z.infer<typeof ZChildOnFile>;

export const ZCaseDetail = ZCaseSummary.extend({
  reports: z.array(ZReportView),
  events: z.array(ZCaseEvent),
  assessment: ZAssessment,
  priorityOverride: ZPriorityOverride.nullable(),
  policeNotifiedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  attachments: z.array(ZAttachmentView),
  /** Children on the register its reports are about (absent where not read). */
  childrenOnFile: z.array(ZChildOnFile).optional(),
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCaseList = z.object({ cases: z.array(ZCaseSummary), seq: z.number().int() });
export type TCaseList = z.infer<typeof ZCaseList>;

export const ZListCasesQuery = z.object({
  scope: z.enum(['open', 'mine', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TListCasesQuery = z.input<typeof ZListCasesQuery>;

const ZVersion = z.number().int().positive();
const ZReason = z.string().trim().min(1, 'Give a reason').max(2000);

/** `PATCH /api/cases/:id`: saves the assessment, if the case is still at `version`. */
export const ZUpdateCase = z
  .object({ version: ZVersion, assessment: ZAssessment.optional() })
  .strict();
export type TUpdateCase = z.input<typeof ZUpdateCase>;

/** `POST /api/cases/:id/transition`. */
export const ZTransitionCase = z
  .object({
    to: z.enum(CASE_STATUSES),
    reason: z.string().trim().max(2000).optional(),
    version: ZVersion,
  })
  .strict();
export type TTransitionCase = z.input<typeof ZTransitionCase>;

/** `POST /api/cases/:id/priority`: an override with its reason. */
export const ZOverridePriority = z
  .object({ priority: z.enum(PRIORITIES), reason: ZReason, version: ZVersion })
  .strict();
export type TOverridePriority = z.input<typeof ZOverridePriority>;

/** `POST /api/cases/:id/reassign` (supervisors). */
export const ZReassignCase = z.object({ assigneeId: z.uuid() }).strict();
export type TReassignCase = z.input<typeof ZReassignCase>;

/** `POST /api/cases/:id/notes`. */
export const ZAddNote = z
  .object({ text: z.string().trim().min(1, 'Write the note').max(10_000) })
  .strict();
export type TAddNote = z.input<typeof ZAddNote>;

/** `POST /api/cases/:id/merge` and `/split`: the report to move. */
export const ZMoveReport = z.object({ reportId: z.uuid() }).strict();
export type TMoveReport = z.input<typeof ZMoveReport>;

/** Attachments are stored whole in the database; larger files belong in the case file elsewhere. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * What a case file may be: photos, PDFs and audio recordings (a voice message the reporter
 * passed on). The server checks each file's leading bytes against its declared type.
 */
export const CASE_ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/wav',
  'audio/x-wav',
] as const;
export type CaseAttachmentType = (typeof CASE_ATTACHMENT_TYPES)[number];

/** `POST /api/cases/:id/attachments`: one file as base64. */
export const ZAddAttachment = z
  .object({
    filename: z.string().trim().min(1).max(200),
    contentType: z
      .string()
      .trim()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'Give a MIME type such as image/jpeg'),
    dataBase64: z
      .string()
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file must be base64-encoded')
      .max(Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4, 'The file is larger than 5 MB'),
  })
  .strict();
export type TAddAttachment = z.input<typeof ZAddAttachment>;

/** Why a report may be about the same thing as this case. */
export const RELATED_REASONS = ['same_child', 'same_phone', 'same_address'] as const;
export type RelatedReason = (typeof RELATED_REASONS)[number];

export const ZRelatedReport = z.object({
  reportId: z.uuid(),
  reference: z.string(),
  receivedAt: z.string(),
  caseId: z.uuid().nullable(),
  caseReference: z.string().nullable(),
  caseStatus: z.enum(CASE_STATUSES).nullable(),
  reasons: z.array(z.enum(RELATED_REASONS)),
});
export type TRelatedReport = z.infer<typeof ZRelatedReport>;
export const ZRelatedList = z.object({ related: z.array(ZRelatedReport) });

/** `GET /api/cases/search`: every given filter must match. */
export const ZSearchCasesQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    phone: ZPhone.optional(),
    regionCode: z
      .string()
      .regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits')
      .optional(),
    status: z.enum(CASE_STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    from: z.iso.date('Use a date like 2026-01-31').optional(),
    to: z.iso.date('Use a date like 2026-01-31').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TSearchCasesQuery = z.input<typeof ZSearchCasesQuery>;
export const ZSearchResult = z.object({ cases: z.array(ZCaseSummary) });
