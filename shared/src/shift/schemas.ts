import { z } from 'zod';
import { ROLES } from '../auth/constants.js';
import { PRIORITIES } from '../cases/constants.js';
import { ZUserRef } from '../cases/schemas.js';

/**
 * An operator's presence. `on_call` and `wrap_up` are set by the system (answering, the call
 * ending); `available` and `break` by the operator; `offline` when no console is open.
 * WARNING: stored in Redis and sent to consoles; never rename a value.
 */
export const PRESENCE_STATUSES = ['available', 'on_call', 'wrap_up', 'break', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** What an operator may choose by hand; the other statuses follow the calls. */
export const CHOSEN_PRESENCE_STATUSES = ['available', 'break'] as const;
export type ChosenPresenceStatus = (typeof CHOSEN_PRESENCE_STATUSES)[number];

/** One person's presence, as the duty board and their own console show it. */
export const ZPresence = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  role: z.enum(ROLES),
  status: z.enum(PRESENCE_STATUSES),
  /** When this status began (ISO). */
  since: z.string(),
  /** The call to wrap up (wrap_up) or being taken (on_call). */
  callId: z.uuid().nullable(),
  /** When wrap-up ends by itself, if the operator does not finish it first. */
  wrapUpUntil: z.string().nullable(),
});
export type TPresence = z.infer<typeof ZPresence>;

/** `PUT /api/presence/me`: available or on a break. */
export const ZSetPresence = z.object({ status: z.enum(CHOSEN_PRESENCE_STATUSES) }).strict();
export type TSetPresence = z.infer<typeof ZSetPresence>;

/** `GET /api/presence`: everyone with the operators' console role and their presence. */
export const ZPresenceList = z.object({ people: z.array(ZPresence) });
export type TPresenceList = z.infer<typeof ZPresenceList>;

/** How a call ended, recorded in the wrap-up step. WARNING: stored; never rename a value. */
export const CALL_OUTCOMES = [
  'report_taken',
  'advice_given',
  'referred',
  'silent_or_abusive',
  'wrong_number',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Longest wrap-up note: a few sentences, the case holds the detail. */
export const WRAP_UP_NOTE_MAX = 500;

/** `POST /api/calls/:id/wrap-up`: the after-call step. */
export const ZWrapUpCall = z
  .object({
    outcome: z.enum(CALL_OUTCOMES, { error: 'Choose how the call ended' }),
    note: z.string().trim().max(WRAP_UP_NOTE_MAX).optional(),
    /** Link the call to this open case (else the case it already has, if any). */
    caseId: z.uuid().optional(),
  })
  .strict();
export type TWrapUpCall = z.infer<typeof ZWrapUpCall>;

export const ZWrapUpResult = z.object({
  callId: z.uuid(),
  outcome: z.enum(CALL_OUTCOMES),
  caseId: z.uuid().nullable(),
  wrappedUpAt: z.string(),
  presence: ZPresence,
});
export type TWrapUpResult = z.infer<typeof ZWrapUpResult>;

/** Longest handover note. */
export const HANDOVER_NOTE_MAX = 2000;

/** `POST /api/shift/handovers`: what the next shift must know (no children's names). */
export const ZCreateHandover = z
  .object({ body: z.string().trim().min(1, 'Write the handover note').max(HANDOVER_NOTE_MAX) })
  .strict();
export type TCreateHandover = z.infer<typeof ZCreateHandover>;

export const ZHandover = z.object({
  id: z.uuid(),
  body: z.string(),
  author: ZUserRef,
  createdAt: z.string(),
});
export type THandover = z.infer<typeof ZHandover>;

/** `GET /api/shift/handovers`: the latest notes, newest first. */
export const ZHandoverList = z.object({ handovers: z.array(ZHandover) });
export type THandoverList = z.infer<typeof ZHandoverList>;

/** `POST /api/shift/reassign`: every open case one person holds, to another or back to the queue. */
export const ZBulkReassign = z
  .object({
    fromUserId: z.uuid(),
    /** Null: the cases go back to the queue, unclaimed. */
    toUserId: z.uuid().nullable(),
  })
  .strict()
  .refine((v) => v.fromUserId !== v.toUserId, {
    path: ['toUserId'],
    message: 'Choose someone other than the current holder',
  });
export type TBulkReassign = z.infer<typeof ZBulkReassign>;

export const ZBulkReassignResult = z.object({
  moved: z.number().int().nonnegative(),
  caseIds: z.array(z.uuid()),
});
export type TBulkReassignResult = z.infer<typeof ZBulkReassignResult>;

/** A canned SMS reply's text in each console language. */
const ZReplyText = z.string().trim().min(1, 'Write the reply').max(320, 'At most 320 characters');
const ZReplyLabel = z.string().trim().min(1, 'Name the reply').max(60, 'At most 60 characters');

/** A canned SMS reply, in both languages. Replies never hold personal data. */
export const ZCannedReply = z.object({
  id: z.uuid(),
  label: z.object({ 'zh-CN': z.string(), en: z.string() }),
  text: z.object({ 'zh-CN': z.string(), en: z.string() }),
  position: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type TCannedReply = z.infer<typeof ZCannedReply>;

export const ZCannedReplyList = z.object({ replies: z.array(ZCannedReply) });
export type TCannedReplyList = z.infer<typeof ZCannedReplyList>;

/** `POST /api/admin/canned-replies` and `PUT …/:id`. */
export const ZSaveCannedReply = z
  .object({
    label: z.object({ 'zh-CN': ZReplyLabel, en: ZReplyLabel }).strict(),
    text: z.object({ 'zh-CN': ZReplyText, en: ZReplyText }).strict(),
    position: z.number().int().nonnegative().max(1000).optional(),
  })
  .strict();
export type TSaveCannedReply = z.infer<typeof ZSaveCannedReply>;

/** Why a supervisor's console rings. */
export const SUPERVISOR_ALERT_KINDS = ['claim_overdue', 'referral_escalated'] as const;
export type SupervisorAlertKind = (typeof SUPERVISOR_ALERT_KINDS)[number];

/** `supervisor.alerted` (supervisors room): a case's claim deadline passed or a referral escalated. */
export const ZSupervisorAlert = z.object({
  seq: z.number().int(),
  kind: z.enum(SUPERVISOR_ALERT_KINDS),
  caseId: z.uuid(),
  caseReference: z.string(),
  priority: z.enum(PRIORITIES),
  at: z.string(),
});
export type TSupervisorAlert = z.infer<typeof ZSupervisorAlert>;
