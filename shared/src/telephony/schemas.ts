import { z } from 'zod';
import { LANGUAGES } from '../reports/constants.js';
import { ZCaseSummary, ZUserRef } from '../cases/schemas.js';

/**
 * A call's state in the hotline (not Twilio's call status). WARNING: stored in the database;
 * never rename a value. ivr → queued → ringing → in_progress → completed; queued → abandoned |
 * voicemail | callback.
 */
export const CallStatus = {
  ivr: 'ivr',
  queued: 'queued',
  ringing: 'ringing',
  in_progress: 'in_progress',
  completed: 'completed',
  abandoned: 'abandoned',
  voicemail: 'voicemail',
  callback: 'callback',
} as const;
export type CallStatus = (typeof CallStatus)[keyof typeof CallStatus];
export const CALL_STATUSES = Object.values(CallStatus) as [CallStatus, ...CallStatus[]];
/** Calls an operator can still see and act on in the live panel. */
export const LIVE_CALL_STATUSES: readonly CallStatus[] = [
  'ivr',
  'queued',
  'ringing',
  'in_progress',
];

/** Allowed moves; anything else is ignored (late callbacks never move a call backwards). */
export const CALL_TRANSITIONS: Record<CallStatus, readonly CallStatus[]> = {
  ivr: ['queued', 'completed', 'abandoned'],
  queued: ['ringing', 'in_progress', 'abandoned', 'voicemail', 'callback', 'completed'],
  ringing: ['in_progress', 'completed', 'abandoned'],
  in_progress: ['completed'],
  completed: [],
  abandoned: [],
  voicemail: [],
  callback: [],
};

/** What the caller chose in the main menu (ivr's MenuOption values). */
export const CALL_OPTIONS = ['immediate_danger', 'professional_report', 'talk'] as const;
export type CallOption = (typeof CALL_OPTIONS)[number];

/** A call as the live panel shows it: the number masked, no other personal data. */
export const ZCallSummary = z.object({
  id: z.uuid(),
  status: z.enum(CALL_STATUSES),
  /** e.g. `+86 138****0000`. */
  maskedNumber: z.string(),
  language: z.enum(LANGUAGES),
  option: z.enum(CALL_OPTIONS).nullable(),
  urgent: z.boolean(),
  queuedAt: z.string().nullable(),
  /** Seconds waited so far (or until answered / ended). */
  waitSeconds: z.number().int().nonnegative(),
  /** 1-based position in the caller's queue, when known. */
  position: z.number().int().positive().nullable(),
  answeredBy: ZUserRef.nullable(),
  caseId: z.uuid().nullable(),
  caseReference: z.string().nullable(),
  escalated: z.boolean(),
  updatedAt: z.string(),
});
export type TCallSummary = z.infer<typeof ZCallSummary>;

export const ZCallList = z.object({ calls: z.array(ZCallSummary) });
export type TCallList = z.infer<typeof ZCallList>;

/** `POST /api/calls/:id/answer`: optionally link the call to a case the operator picked. */
export const ZAnswerCall = z.object({ caseId: z.uuid().optional() }).strict();
export type TAnswerCall = z.infer<typeof ZAnswerCall>;

export const ZAnswerCallResponse = z.object({
  call: ZCallSummary,
  case: ZCaseSummary,
  /** The conference the caller is bridged into (named after the case). */
  conference: z.string(),
});
export type TAnswerCallResponse = z.infer<typeof ZAnswerCallResponse>;

/** Softphone set-up: a Twilio Voice SDK access token when credentials exist, else simulated. */
export const ZSoftphoneToken = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('twilio'), identity: z.string(), token: z.string() }),
  z.object({ mode: z.literal('simulated'), identity: z.string() }),
]);
export type TSoftphoneToken = z.infer<typeof ZSoftphoneToken>;

/** Callback tasks: nobody who waited is dropped. */
export const CALLBACK_KINDS = ['voicemail', 'callback', 'abandoned'] as const;
export type CallbackKind = (typeof CALLBACK_KINDS)[number];

export const ZCallbackTask = z.object({
  id: z.uuid(),
  kind: z.enum(CALLBACK_KINDS),
  maskedNumber: z.string(),
  language: z.enum(LANGUAGES),
  caseId: z.uuid().nullable(),
  deadline: z.string(),
  hasRecording: z.boolean(),
  createdAt: z.string(),
});
export type TCallbackTask = z.infer<typeof ZCallbackTask>;

export const ZCallbackList = z.object({ tasks: z.array(ZCallbackTask) });
export type TCallbackList = z.infer<typeof ZCallbackList>;

/** One SMS of a case's conversation, as the (audited) case view shows it. */
export const ZSmsMessage = z.object({
  id: z.uuid(),
  direction: z.enum(['inbound', 'outbound']),
  body: z.string(),
  status: z.string(),
  sentBy: ZUserRef.nullable(),
  createdAt: z.string(),
});
export type TSmsMessage = z.infer<typeof ZSmsMessage>;

export const ZSmsConversation = z.object({
  messages: z.array(ZSmsMessage),
  /** The sender replied STOP: outbound SMS is withheld (safety work continues). */
  optedOut: z.boolean(),
  maskedNumber: z.string().nullable(),
  /** The language the conversation is held in (canned replies are inserted in it). */
  language: z.enum(LANGUAGES).optional(),
});
export type TSmsConversation = z.infer<typeof ZSmsConversation>;

/** `POST /api/cases/:id/sms`: a reply from the console (templates only: no child names). */
export const ZSendSms = z.object({ body: z.string().trim().min(1).max(320) }).strict();
export type TSendSms = z.infer<typeof ZSendSms>;
/** The stored reply, before the job sends it (status then follows through the case's thread). */
export const ZSendSmsResponse = z.object({ id: z.uuid(), status: z.string() });
export type TSendSmsResponse = z.infer<typeof ZSendSmsResponse>;

/** `call.escalated`: an urgent caller waited too long; supervisors' consoles ring. */
export const ZCallEscalated = z.object({
  call: ZCallSummary,
  dutyPhoneOffered: z.boolean(),
});
export type TCallEscalated = z.infer<typeof ZCallEscalated>;

/** Masks a phone number for display: `+8613800000000` → `+86 138****0000`. */
export function maskPhoneNumber(number: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (digits.startsWith('+86') && digits.length >= 14) {
    const local = digits.slice(3);
    return `+86 ${local.slice(0, 3)}****${local.slice(-4)}`;
  }
  if (digits.length <= 4) return '****';
  return `${digits.slice(0, Math.min(4, digits.length - 4))}****${digits.slice(-4)}`;
}

/** `POST /api/calls/callbacks/:id/complete`: the callback task is done (called back, or no need). */
export const ZCompleteCallbackResponse = z.object({ task: ZCallbackTask, completedAt: z.string() });
export type TCompleteCallbackResponse = z.infer<typeof ZCompleteCallbackResponse>;

/**
 * `callback.created` / `callback.updated` (operators and supervisors): a callback task as it is
 * now. `completedAt` set means it is done and leaves the open list. Not replayed by seq:
 * consoles read `GET /api/calls/callbacks` again on every (re)connect.
 */
export const ZCallbackChanged = z.object({
  task: ZCallbackTask,
  completedAt: z.string().nullable(),
});
export type TCallbackChanged = z.infer<typeof ZCallbackChanged>;

export * from './simulator.js';
