import { z } from 'zod';
import { CASE_STATUSES, PRIORITIES } from '../cases/constants.js';
import { ZCaseEvent, ZPriorityReason, ZUserRef } from '../cases/schemas.js';
import { CHANNELS, LANGUAGES, SITUATION_CATEGORIES } from '../reports/constants.js';
import { ZReportView } from '../reports/schemas.js';

/**
 * `GET /api/cases/:id/export` options: the reporter's identity is withheld unless asked for; the
 * printable page is in `lang`, else the requester's language (Accept-Language), else zh-CN.
 */
export const ZCaseExportQuery = z
  .object({
    format: z.enum(['json', 'html']).default('json'),
    reporterIdentity: z.enum(['withhold', 'include']).default('withhold'),
    lang: z.enum(LANGUAGES).optional(),
  })
  .strict();
export type TCaseExportQuery = z.input<typeof ZCaseExportQuery>;

/** A whole case record for the police or procurators (Opinion art. 9). */
export const ZCaseExport = z.object({
  exportedAt: z.string(),
  exportedBy: ZUserRef,
  reporterIdentity: z.enum(['withheld', 'included']),
  case: z.object({
    id: z.uuid(),
    reference: z.string(),
    status: z.enum(CASE_STATUSES),
    priority: z.enum(PRIORITIES),
    priorityReasons: z.array(ZPriorityReason),
    priorityOverride: z.record(z.string(), z.unknown()).nullable(),
    categories: z.array(z.enum(SITUATION_CATEGORIES)),
    immediateDanger: z.boolean(),
    channel: z.enum(CHANNELS),
    region: z.string().nullable(),
    assignee: ZUserRef.nullable(),
    createdAt: z.string(),
    claimedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedReason: z.string().nullable(),
    policeNotifiedAt: z.string().nullable(),
    assessment: z.record(z.string(), z.unknown()),
  }),
  reports: z.array(ZReportView),
  timeline: z.array(ZCaseEvent),
  attachments: z.array(
    z.object({
      id: z.uuid(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      createdAt: z.string(),
    }),
  ),
});
export type TCaseExport = z.infer<typeof ZCaseExport>;
