/** Referral status. WARNING: stored in the database; never rename a value. */
export const ReferralStatus = {
  pending: 'pending',
  acknowledged: 'acknowledged',
  accepted: 'accepted',
  declined: 'declined',
  en_route: 'en_route',
  on_site: 'on_site',
  completed: 'completed',
  cancelled: 'cancelled',
  revoked: 'revoked',
} as const;
export type ReferralStatus = (typeof ReferralStatus)[keyof typeof ReferralStatus];
export const REFERRAL_STATUSES = Object.values(ReferralStatus) as [
  ReferralStatus,
  ...ReferralStatus[],
];

/** Statuses in which the centre still owes an acknowledgement (the escalation ladder runs). */
export const UNACKNOWLEDGED_STATUSES: readonly ReferralStatus[] = ['pending'];
/** Statuses a referral never leaves. */
export const FINAL_REFERRAL_STATUSES: readonly ReferralStatus[] = [
  'declined',
  'completed',
  'cancelled',
  'revoked',
];

/**
 * The referral state machine (DESIGN.md; UNICEF Primero's accept / decline / done / revoke), the
 * one place its moves are defined. The backend enforces it; the console shows only these.
 */
export const REFERRAL_TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  pending: ['acknowledged', 'declined', 'cancelled', 'revoked'],
  acknowledged: ['accepted', 'declined', 'cancelled', 'revoked'],
  accepted: ['en_route', 'on_site', 'completed', 'cancelled', 'revoked'],
  en_route: ['on_site', 'completed', 'cancelled', 'revoked'],
  on_site: ['completed', 'cancelled', 'revoked'],
  declined: [],
  completed: [],
  cancelled: [],
  revoked: [],
};

/** Who may make a move into each status: the centre (or an operator recording it for them), … */
export type ReferralActorKind = 'centre' | 'operator' | 'supervisor';
export const REFERRAL_STATUS_ACTORS: Record<ReferralStatus, readonly ReferralActorKind[]> = {
  pending: [],
  acknowledged: ['centre', 'operator', 'supervisor'],
  accepted: ['centre', 'operator', 'supervisor'],
  declined: ['centre', 'operator', 'supervisor'],
  en_route: ['centre', 'operator', 'supervisor'],
  on_site: ['centre', 'operator', 'supervisor'],
  completed: ['centre', 'operator', 'supervisor'],
  // … an operator cancels their own referral; only a supervisor revokes (and re-routes) one.
  cancelled: ['operator', 'supervisor'],
  revoked: ['supervisor'],
};

/** Why a referral move is refused. */
export type ReferralProblem =
  'not_allowed' | 'same_status' | 'not_your_move' | 'reason_required' | 'outcome_required';

/** The one check every referral move goes through; null when allowed. */
export function referralProblem(
  from: ReferralStatus,
  to: ReferralStatus,
  facts: { actor: ReferralActorKind; reason?: string | undefined; hasOutcome: boolean },
): ReferralProblem | null {
  if (from === to) return 'same_status';
  if (!REFERRAL_TRANSITIONS[from].includes(to)) return 'not_allowed';
  if (!REFERRAL_STATUS_ACTORS[to].includes(facts.actor)) return 'not_your_move';
  if ((to === 'declined' || to === 'revoked') && !facts.reason?.trim()) return 'reason_required';
  if (to === 'completed' && !facts.hasOutcome) return 'outcome_required';
  return null;
}

/** English explanations for ILLEGAL_TRANSITION messages (the console translates by `problem`). */
export const REFERRAL_PROBLEM_MESSAGES: Record<ReferralProblem, string> = {
  not_allowed: 'This change of referral status is not allowed',
  same_status: 'The referral already has this status',
  not_your_move: 'Your role may not make this change to a referral',
  reason_required: 'Give a reason',
  outcome_required: 'Record the outcome to complete the referral',
};

/**
 * Who wrote a message on a referral: the referred centre, or the hotline (its operators and
 * supervisors). WARNING: stored in the database; never rename a value.
 */
export const REFERRAL_MESSAGE_SIDES = ['centre', 'hotline'] as const;
export type ReferralMessageSide = (typeof REFERRAL_MESSAGE_SIDES)[number];

/** Centre kinds. WARNING: stored in the database; never rename a value. */
export const CentreKind = {
  county_rescue_centre: 'county_rescue_centre',
  township_station: 'township_station',
  welfare_institution: 'welfare_institution',
  police: 'police',
  hospital: 'hospital',
  other: 'other',
} as const;
export type CentreKind = (typeof CentreKind)[keyof typeof CentreKind];
export const CENTRE_KINDS = Object.values(CentreKind) as [CentreKind, ...CentreKind[]];

/** What a centre did, for the outcome form. WARNING: stored; never rename a value. */
export const OUTCOME_ACTIONS = [
  'child_seen',
  'placed_with_relatives',
  'placed_foster_family',
  'placed_rescue_centre',
  'placed_welfare_institution',
  'placed_hospital',
  'returned_home_with_support',
  'police_case_opened',
  'services_arranged',
] as const;
export type OutcomeAction = (typeof OUTCOME_ACTIONS)[number];

/** Notification channels and delivery states (Twilio's message and call statuses, plus ours). */
export const NOTIFICATION_CHANNELS = ['in_app', 'sms', 'voice'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Escalation steps past the acknowledgement deadline, in order (escalationLevel 1, 2, 3). */
export const ESCALATION_STEPS = ['next_contact', 'supervisors', 'backup_centre'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

/** Reporter callback (回访) outcomes. */
export const CALLBACK_OUTCOMES = ['done', 'waived'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];
