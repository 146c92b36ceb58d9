/**
 * Why a child is on the register (several may apply). WARNING: stored and part of the public
 * contract (`POST /api/children`); never rename one.
 */
export const CHILD_CATEGORIES = [
  'left_behind',
  'orphan',
  'de_facto_unsupported',
  'in_difficulty',
  'disabled',
  'migrant',
  'street',
] as const;
export type ChildCategory = (typeof CHILD_CATEGORIES)[number];

/** A child's risk level, most severe first. */
export const CHILD_RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type ChildRiskLevel = (typeof CHILD_RISK_LEVELS)[number];

/** Higher is more severe: compare levels with this, never by their names. */
export const CHILD_RISK_RANK: Record<ChildRiskLevel, number> = { low: 0, medium: 1, high: 2 };

export const GUARDIAN_RELATIONS = [
  'father',
  'mother',
  'grandparent',
  'relative',
  'foster_carer',
  'institution',
  'other',
] as const;
export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number];

/** Visit kinds (the contract: `home` | `school` | `phone`). */
export const VISIT_KINDS = ['home', 'school', 'phone'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** Who the visitor saw. */
export const VISIT_SEEN = ['child', 'guardian', 'teacher', 'neighbour', 'other'] as const;
export type VisitSeen = (typeof VISIT_SEEN)[number];

/**
 * The visit checklist. Every item is worded so that `true` is the good answer and `false` a
 * concern; an item not answered is `null` (unchecked). WARNING: stored; never rename one.
 */
export const VISIT_CHECKLIST_ITEMS = [
  'guardianPresent',
  'guardianAble',
  'childSafe',
  'enoughFood',
  'enoughClothing',
  'attendingSchool',
  'healthy',
  'noInjurySigns',
  'noNeglectSigns',
] as const;
export type VisitChecklistItem = (typeof VISIT_CHECKLIST_ITEMS)[number];

/** The most photos one visit may carry. */
export const VISIT_PHOTOS_MAX = 4;
/** The largest photo a visit takes, decoded: 1 MB (the console scales pictures down to fit). */
export const VISIT_PHOTO_MAX_BYTES = 1024 * 1024;
/** What a visit's photo may be; the server checks each one's bytes against its type. */
export const VISIT_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type VisitPhotoType = (typeof VISIT_PHOTO_TYPES)[number];

/** The concern an item answered `false` stands for (how a reason is worded). */

/** Why a file was closed (never deleted). WARNING: stored; never rename one. */
export const CHILD_CLOSE_REASONS = [
  'turned_18',
  'moved_away',
  'no_longer_needs_care',
  'deceased',
  'other',
] as const;
export type ChildCloseReason = (typeof CHILD_CLOSE_REASONS)[number];

/** What a timeline entry records. WARNING: stored; never rename one. */
export const CHILD_CHANGE_ACTIONS = [
  'registered',
  'updated',
  'risk_raised',
  'visited',
  'closed',
] as const;
export type ChildChangeAction = (typeof CHILD_CHANGE_ACTIONS)[number];

/** Days to the next visit by risk level (issue 12's defaults; administrators change them). */
export const DEFAULT_VISIT_DAYS: Record<ChildRiskLevel, number> = {
  high: 30,
  medium: 90,
  low: 180,
};
export const VISIT_DAYS_MIN = 1;
export const VISIT_DAYS_MAX = 730;

/** Size limits of the register's free text. */
export const CHILD_LIMITS = {
  nameMax: 50,
  textMax: 2000,
  shortTextMax: 200,
  guardiansMax: 6,
  pageSizeMax: 100,
} as const;
