import { z } from 'zod';
import { INTAKE_LIMITS, SEXES, SITUATION_CATEGORIES } from '../reports/constants.js';

/**
 * The child's circumstances the protection network tracks (MPL art. 43; Ministry of Civil Affairs
 * categories). WARNING: stored in assessments; never rename a value.
 */
export const CHILD_CIRCUMSTANCES = [
  'left_behind',
  'de_facto_unsupported',
  'orphan',
  'in_difficulty',
  'street_or_migrant',
  'disability',
] as const;
export type ChildCircumstance = (typeof CHILD_CIRCUMSTANCES)[number];

/** Who is suspected of harming the child, by relationship. WARNING: stored; never rename. */
export const SUSPECT_RELATIONSHIPS = [
  'father',
  'mother',
  'step_parent',
  'grandparent',
  'other_relative',
  'carer',
  'teacher_or_staff',
  'peer',
  'acquaintance',
  'online_contact',
  'employer',
  'stranger',
  'unknown',
] as const;
export type SuspectRelationship = (typeof SUSPECT_RELATIONSHIPS)[number];

/** Who looks after the child now. WARNING: stored; never rename. */
export const GUARDIANSHIP_SITUATIONS = [
  'both_parents',
  'one_parent',
  'grandparents_or_relatives',
  'institution',
  'entrusted_carer',
  'no_guardian',
  'unknown',
] as const;
export type GuardianshipSituation = (typeof GUARDIANSHIP_SITUATIONS)[number];

/**
 * The immediate-risk checklist. Each ticked item can raise the case's priority (see priority.ts).
 * WARNING: stored; never rename a value.
 */
export const RISK_FACTORS = [
  'immediate_danger',
  'suspect_has_access',
  'serious_injury',
  'suicidal_intent',
  'weapon_or_threats',
  'child_alone',
  'afraid_to_go_home',
  'previous_reports',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

/** A mainland resident identity number: 17 digits and a check digit (0–9 or X). */
export const ID_NUMBER_PATTERN = /^[0-9]{17}[0-9Xx]$/;

export const ZAssessedChild = z
  .object({
    name: text(INTAKE_LIMITS.nameMax).optional(),
    sex: z.enum(SEXES).optional(),
    age: z.number().int().min(0).max(17).optional(),
    birthDate: z.iso.date('Use a date like 2015-06-01').optional(),
    school: text(200).optional(),
    idNumber: z
      .string()
      .trim()
      .regex(ID_NUMBER_PATTERN, 'An ID number is 18 characters: 17 digits and a digit or X')
      .optional(),
  })
  .strict();
export type TAssessedChild = z.infer<typeof ZAssessedChild>;

export const ZSuspect = z
  .object({
    relationship: z.enum(SUSPECT_RELATIONSHIPS),
    livesWithChild: z.boolean().optional(),
  })
  .strict();
export type TSuspect = z.infer<typeof ZSuspect>;

/**
 * The operator's structured assessment of a case. Every part is optional so it can be saved as
 * it is filled in; `PATCH /api/cases/:id` replaces it whole.
 */
export const ZAssessment = z
  .object({
    children: z.array(ZAssessedChild).max(INTAKE_LIMITS.childrenMax).optional(),
    categories: z
      .array(z.enum(SITUATION_CATEGORIES))
      .max(SITUATION_CATEGORIES.length)
      .transform((list) => [...new Set(list)])
      .optional(),
    injuries: z.string().trim().max(2000).optional(),
    suspects: z.array(ZSuspect).max(10).optional(),
    circumstances: z
      .array(z.enum(CHILD_CIRCUMSTANCES))
      .transform((list) => [...new Set(list)])
      .optional(),
    guardianship: z.enum(GUARDIANSHIP_SITUATIONS).optional(),
    guardianshipNotes: z.string().trim().max(2000).optional(),
    risks: z
      .array(z.enum(RISK_FACTORS))
      .transform((list) => [...new Set(list)])
      .optional(),
    location: z
      .object({
        regionCode: z
          .string()
          .regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits')
          .optional(),
        address: z.string().trim().max(INTAKE_LIMITS.addressMax).optional(),
      })
      .strict()
      .optional(),
    police: z
      .object({
        notified: z.boolean(),
        at: z.iso.datetime({ offset: true, message: 'Give the date and time' }).optional(),
      })
      .strict()
      .refine((p) => !p.notified || p.at !== undefined, {
        message: 'Say when the police were told',
        path: ['at'],
      })
      .optional(),
  })
  .strict();
export type TAssessment = z.output<typeof ZAssessment>;
export type TAssessmentInput = z.input<typeof ZAssessment>;
