import { z } from 'zod';
import {
  INTAKE_LIMITS,
  LANGUAGES,
  REPORTER_RELATIONSHIPS,
  SEXES,
  SITUATION_CATEGORIES,
  CHANNELS,
} from './constants.js';
import { ZPhone } from '../phone/schemas.js';

const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const ZReporter = z.discriminatedUnion('type', [
  z.object({ type: z.literal('anonymous') }).strict(),
  z
    .object({
      type: z.literal('person'),
      name: trimmed(INTAKE_LIMITS.nameMax).optional(),
      phone: ZPhone.optional(),
      relationship: z.enum(REPORTER_RELATIONSHIPS).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('organisation'),
      orgName: trimmed(200),
      name: trimmed(INTAKE_LIMITS.nameMax).optional(),
      phone: ZPhone.optional(),
    })
    .strict(),
]);
export type TReporter = z.infer<typeof ZReporter>;

export const ZChild = z
  .object({
    name: trimmed(INTAKE_LIMITS.nameMax).optional(),
    sex: z.enum(SEXES).optional(),
    age: z.number().int().min(0).max(17).optional(),
    school: trimmed(200).optional(),
  })
  .strict();
export type TChild = z.infer<typeof ZChild>;

export const ZLocation = z
  .object({
    regionCode: z
      .string()
      .regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits')
      .optional(),
    address: z.string().trim().max(INTAKE_LIMITS.addressMax).optional(),
  })
  .strict();
export type TLocation = z.infer<typeof ZLocation>;

/** The body of `POST /api/reports`: only categories, immediateDanger and children are required. */
export const ZCreateReport = z
  .object({
    reporter: ZReporter.default({ type: 'anonymous' }),
    children: z.array(ZChild).min(1).max(INTAKE_LIMITS.childrenMax),
    categories: z
      .array(z.enum(SITUATION_CATEGORIES))
      .min(1)
      .max(SITUATION_CATEGORIES.length)
      .transform((list) => [...new Set(list)]),
    immediateDanger: z.boolean(),
    location: ZLocation.optional(),
    narrative: z.string().max(INTAKE_LIMITS.narrativeMax).optional(),
    language: z.enum(LANGUAGES).default('zh-CN'),
    /**
     * The reporter agreed to a text at their phone number when the case is resolved (generic
     * wording with the reference only). Needs `reporter.phone`.
     */
    notifyWhenResolved: z.boolean().optional(),
  })
  .strict()
  .superRefine((report, ctx) => {
    if (
      report.notifyWhenResolved &&
      !(report.reporter.type !== 'anonymous' && report.reporter.phone)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['notifyWhenResolved'],
        message: 'Give a phone number to be texted when the case is resolved',
      });
  });
export type TCreateReport = z.input<typeof ZCreateReport>;
export type TCreateReportParsed = z.output<typeof ZCreateReport>;

export const ZCreateReportResponse = z.object({
  id: z.uuid(),
  reference: z.string(),
  receivedAt: z.iso.datetime({ offset: true }),
  /** Given once, with the reference: lets the reporter look up the status (GET /api/reports/status). */
  lookupCode: z.string().optional(),
  /**
   * `org_inactive`: the signed-in reporter's organisation is no longer active, so the report was
   * filed as a public one (the organisation will not see it).
   */
  notice: z.enum(['org_inactive']).optional(),
});
export type TCreateReportResponse = z.infer<typeof ZCreateReportResponse>;

/** How a report's reporter is shown: in full only to those allowed to see identity. */
export const ZReporterView = z.union([
  ZReporter,
  z.object({ type: z.enum(['anonymous', 'person', 'organisation']), redacted: z.literal(true) }),
]);
export type TReporterView = z.infer<typeof ZReporterView>;

export const ZReportView = z.object({
  id: z.uuid(),
  reference: z.string(),
  channel: z.enum(CHANNELS),
  receivedAt: z.string(),
  reporter: ZReporterView,
  children: z.array(ZChild),
  categories: z.array(z.enum(SITUATION_CATEGORIES)),
  immediateDanger: z.boolean(),
  location: z.object({
    regionCode: z.string().nullable(),
    regionName: z.string().nullable(),
    address: z.string().nullable(),
  }),
  narrative: z.string().nullable(),
  language: z.enum(LANGUAGES),
  /**
   * The reporting organisation that filed it (its partner API key or a signed-in member), or
   * null for the public. Confidential like the reporter: only its existence for other viewers.
   */
  filedBy: z
    .union([
      z.object({ orgId: z.uuid(), name: z.string() }),
      z.object({ redacted: z.literal(true) }),
    ])
    .nullable(),
});
export type TReportView = z.infer<typeof ZReportView>;

/** Reference numbers look like HT-7K3F-9QX2: Crockford base32, no I, L, O or U. */
export const REFERENCE_PATTERN = /^HT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
