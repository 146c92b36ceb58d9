import { z } from 'zod';
import { CASE_EVENT_TYPES, CASE_STATUSES, PRIORITIES } from './constants.js';
import { CHANNELS, SEXES, SITUATION_CATEGORIES } from '../reports/constants.js';
import { ZReportView } from '../reports/schemas.js';
import { ZRegionRef } from '../regions/schemas.js';
import type { PriorityReason } from './priority.js';

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

export const ZCaseDetail = ZCaseSummary.extend({
  reports: z.array(ZReportView),
  events: z.array(ZCaseEvent),
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCaseList = z.object({ cases: z.array(ZCaseSummary), seq: z.number().int() });
export type TCaseList = z.infer<typeof ZCaseList>;

export const ZListCasesQuery = z.object({
  scope: z.enum(['open', 'mine', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TListCasesQuery = z.input<typeof ZListCasesQuery>;
