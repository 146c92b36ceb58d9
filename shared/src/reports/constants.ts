/**
 * Situation categories. The first nine are the situations that must be reported under the 2020
 * Opinion on mandatory reporting (art. 4); the rest are child-helpline themes.
 * WARNING: the codes are stored in the database and sent by partners; never rename one.
 */
export const SituationCategory = {
  genital_injury: 'genital_injury',
  sexual_assault_under_14: 'sexual_assault_under_14',
  pregnancy_after_assault: 'pregnancy_after_assault',
  violence_injury: 'violence_injury',
  death_or_disability: 'death_or_disability',
  abandonment_or_no_care: 'abandonment_or_no_care',
  missing_or_trafficked: 'missing_or_trafficked',
  organised_begging: 'organised_begging',
  other_serious_harm: 'other_serious_harm',
  bullying: 'bullying',
  emotional_abuse: 'emotional_abuse',
  domestic_violence_witnessed: 'domestic_violence_witnessed',
  online_harm: 'online_harm',
  child_labour: 'child_labour',
  self_harm_risk: 'self_harm_risk',
  mental_health: 'mental_health',
  family_relationships: 'family_relationships',
  guardianship_concern: 'guardianship_concern',
  information_request: 'information_request',
  other: 'other',
} as const;
export type SituationCategory = (typeof SituationCategory)[keyof typeof SituationCategory];
export const SITUATION_CATEGORIES = Object.values(SituationCategory) as [
  SituationCategory,
  ...SituationCategory[],
];

type Label = { 'zh-CN': string; en: string };

/** Labels and, for the nine mandatory situations, their number in the Opinion (art. 4). */
export const CATEGORY_META: Record<SituationCategory, { mandatory: number | null; label: Label }> =
  {
    genital_injury: {
      mandatory: 1,
      label: { 'zh-CN': '生殖器或隐私部位非意外损伤', en: 'Injury to genitals or private parts' },
    },
    sexual_assault_under_14: {
      mandatory: 2,
      label: {
        'zh-CN': '不满14周岁女童遭受性侵、怀孕或流产',
        en: 'Girl under 14 sexually assaulted, pregnant or had an abortion',
      },
    },
    pregnancy_after_assault: {
      mandatory: 3,
      label: {
        'zh-CN': '14周岁以上女性未成年人疑似遭受性侵后怀孕或流产',
        en: 'Girl 14 or over pregnant or had an abortion after suspected assault',
      },
    },
    violence_injury: {
      mandatory: 4,
      label: {
        'zh-CN': '多处损伤、严重营养不良或意识不清，疑似遭受暴力、虐待',
        en: 'Multiple injuries, severe malnutrition or impaired consciousness (suspected violence or abuse)',
      },
    },
    death_or_disability: {
      mandatory: 5,
      label: {
        'zh-CN': '因自杀、自残、工伤、中毒、殴打等致伤残或死亡',
        en: 'Disability or death from suicide, self-harm, work injury, poisoning or beating',
      },
    },
    abandonment_or_no_care: {
      mandatory: 6,
      label: { 'zh-CN': '被遗弃或长期无人照料', en: 'Abandoned or long without care' },
    },
    missing_or_trafficked: {
      mandatory: 7,
      label: {
        'zh-CN': '身份不明、失踪、被拐卖或被收买',
        en: 'Unknown origin, missing, trafficked or bought',
      },
    },
    organised_begging: {
      mandatory: 8,
      label: { 'zh-CN': '被组织乞讨', en: 'Organised to beg' },
    },
    other_serious_harm: {
      mandatory: 9,
      label: {
        'zh-CN': '其他严重侵害或正在遭受侵害',
        en: 'Other serious harm, or harm in progress',
      },
    },
    bullying: { mandatory: null, label: { 'zh-CN': '校园欺凌', en: 'Bullying' } },
    emotional_abuse: { mandatory: null, label: { 'zh-CN': '精神暴力', en: 'Emotional abuse' } },
    domestic_violence_witnessed: {
      mandatory: null,
      label: { 'zh-CN': '目睹家庭暴力', en: 'Witnessing domestic violence' },
    },
    online_harm: { mandatory: null, label: { 'zh-CN': '网络侵害', en: 'Online harm' } },
    child_labour: { mandatory: null, label: { 'zh-CN': '童工', en: 'Child labour' } },
    self_harm_risk: {
      mandatory: null,
      label: { 'zh-CN': '自伤或自杀风险', en: 'Self-harm or suicide risk' },
    },
    mental_health: { mandatory: null, label: { 'zh-CN': '心理健康', en: 'Mental health' } },
    family_relationships: {
      mandatory: null,
      label: { 'zh-CN': '家庭与同伴关系', en: 'Family and peer relationships' },
    },
    guardianship_concern: {
      mandatory: null,
      label: { 'zh-CN': '监护问题', en: 'Guardianship concern' },
    },
    information_request: {
      mandatory: null,
      label: { 'zh-CN': '咨询与信息', en: 'Information or advice' },
    },
    other: { mandatory: null, label: { 'zh-CN': '其他', en: 'Other' } },
  };

/** True for the situations the Opinion lists (1–9); police notification is prompted for 1–8. */
export function isMandatoryCategory(category: SituationCategory): boolean {
  return CATEGORY_META[category].mandatory !== null;
}

/**
 * Situations 1–8 of the Opinion on mandatory reporting must reach the police (art. 2): a case in
 * one of them is closed only once the police were told, and the police are suggested with the
 * rescue centre. The one home of that rule.
 */
export function needsPolice(categories: readonly SituationCategory[]): boolean {
  return categories.some((c) => {
    const n = CATEGORY_META[c].mandatory;
    return n !== null && n <= 8;
  });
}

export const Channel = {
  voice: 'voice',
  sms: 'sms',
  web: 'web',
  api: 'api',
  /** A work order handed over by the 12345 government service line. */
  hotline12345: '12345',
  /** A warning on the children's register escalated to a report (issue 12 §4). */
  monitoring: 'monitoring',
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];
export const CHANNELS = Object.values(Channel) as [Channel, ...Channel[]];

export const Sex = { female: 'female', male: 'male', unknown: 'unknown' } as const;
export type Sex = (typeof Sex)[keyof typeof Sex];
export const SEXES = Object.values(Sex) as [Sex, ...Sex[]];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const REPORTER_RELATIONSHIPS = [
  'teacher',
  'doctor_or_nurse',
  'social_worker',
  'neighbour',
  'relative',
  'parent',
  'friend',
  'self',
  'police',
  'committee_member',
  'other',
] as const;
export type ReporterRelationship = (typeof REPORTER_RELATIONSHIPS)[number];

/** Limits that the intake schema and the HTTP layer agree on. */
export const INTAKE_LIMITS = {
  narrativeMax: 20_000,
  childrenMax: 20,
  addressMax: 500,
  nameMax: 100,
  bodyBytesMax: 256 * 1024,
} as const;
