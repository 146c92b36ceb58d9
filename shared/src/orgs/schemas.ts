import { z } from 'zod';
import { ZRegionRef } from '../regions/schemas.js';

/** Mandatory-reporting subjects (2020 Opinion art. 3). WARNING: stored; never rename a value. */
export const OrgKind = {
  school: 'school',
  kindergarten: 'kindergarten',
  hospital: 'hospital',
  clinic: 'clinic',
  residents_committee: 'residents_committee',
  village_committee: 'village_committee',
  hotel: 'hotel',
  child_care_institution: 'child_care_institution',
  social_organisation: 'social_organisation',
  other: 'other',
  /** The 12345 government service line: its partner keys may hand over work orders. */
  service_line_12345: 'service_line_12345',
} as const;
export type OrgKind = (typeof OrgKind)[keyof typeof OrgKind];
export const ORG_KINDS = Object.values(OrgKind) as [OrgKind, ...OrgKind[]];

/** Each kind of reporting organisation in both languages. */
export const ORG_KIND_LABEL: Record<OrgKind, { 'zh-CN': string; en: string }> = {
  school: { 'zh-CN': '学校', en: 'School' },
  kindergarten: { 'zh-CN': '幼儿园', en: 'Kindergarten' },
  hospital: { 'zh-CN': '医院', en: 'Hospital' },
  clinic: { 'zh-CN': '诊所', en: 'Clinic' },
  residents_committee: { 'zh-CN': '居民委员会', en: "Residents' committee" },
  village_committee: { 'zh-CN': '村民委员会', en: 'Village committee' },
  hotel: { 'zh-CN': '旅馆、宾馆', en: 'Hotel' },
  child_care_institution: { 'zh-CN': '托育机构', en: 'Child-care institution' },
  social_organisation: { 'zh-CN': '社会组织', en: 'Social organisation' },
  other: { 'zh-CN': '其他', en: 'Other' },
  service_line_12345: { 'zh-CN': '12345政务服务便民热线', en: '12345 government service line' },
};

const ZRegionCode = z.string().regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits');
/** A calendar date, `YYYY-MM-DD`. */
const ZDate = z.iso.date('Enter a date as YYYY-MM-DD');

/** `POST /api/admin/orgs`. */
export const ZCreateOrg = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(ORG_KINDS),
    regionCode: ZRegionCode,
    /** When the reporting-responsibility letter (强制报告责任书) was signed; null: not signed. */
    letterSignedAt: ZDate.nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict();
export type TCreateOrg = z.input<typeof ZCreateOrg>;

/** `PATCH /api/admin/orgs/:id`: any subset of the fields. */
export const ZUpdateOrg = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(ORG_KINDS),
    regionCode: ZRegionCode,
    letterSignedAt: ZDate.nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type TUpdateOrg = z.input<typeof ZUpdateOrg>;

/** A partner API key as admins see it: never the secret, only its first characters. */
export const ZOrgApiKey = z.object({
  id: z.uuid(),
  label: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TOrgApiKey = z.infer<typeof ZOrgApiKey>;

export const ZOrg = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  region: ZRegionRef,
  letterSignedAt: ZDate.nullable(),
  active: z.boolean(),
  apiKeys: z.array(ZOrgApiKey),
});
export type TOrg = z.infer<typeof ZOrg>;
export const ZOrgList = z.object({ orgs: z.array(ZOrg) });
export type TOrgList = z.infer<typeof ZOrgList>;

/** `POST /api/admin/orgs/:id/api-keys`. */
export const ZCreateOrgApiKey = z.object({ label: z.string().trim().min(1).max(100) }).strict();
export type TCreateOrgApiKey = z.input<typeof ZCreateOrgApiKey>;

/** The new key with its secret: the only time the secret is shown. */
export const ZOrgApiKeyWithSecret = z.object({ apiKey: ZOrgApiKey, key: z.string() });
export type TOrgApiKeyWithSecret = z.infer<typeof ZOrgApiKeyWithSecret>;
