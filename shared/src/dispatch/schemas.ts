import { z } from 'zod';
import { CHANNELS, SEXES, SITUATION_CATEGORIES } from '../reports/constants.js';
import { CASE_STATUSES, PRIORITIES } from '../cases/constants.js';
import { ZAttachmentView, ZUserRef } from '../cases/schemas.js';
import { ZRegionRef } from '../regions/schemas.js';
import { ZDialablePhone } from '../phone/schemas.js';
import {
  CALLBACK_OUTCOMES,
  CENTRE_KINDS,
  ESCALATION_STEPS,
  NOTIFICATION_CHANNELS,
  OUTCOME_ACTIONS,
  REFERRAL_MESSAGE_SIDES,
  REFERRAL_STATUSES,
} from './constants.js';

const ZRegionCode = z.string().regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits');
// Dialled and texted by the system: stored in E.164 however it was typed (landlines too).
const ZDutyPhone = ZDialablePhone;

/** One duty contact, tried in list order: SMS when `sms`, and voice calls for P1/P2. */
export const ZDutyContact = z
  .object({
    label: z.string().trim().min(1).max(80),
    phone: ZDutyPhone,
    sms: z.boolean().default(true),
  })
  .strict();
export type TDutyContact = z.infer<typeof ZDutyContact>;

/** `POST /api/centres`. */
export const ZCreateCentre = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(CENTRE_KINDS),
    regionCode: ZRegionCode,
    jurisdiction: z.array(ZRegionCode).max(200).default([]),
    dutyContacts: z.array(ZDutyContact).max(10).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export type TCreateCentre = z.input<typeof ZCreateCentre>;

/** `PATCH /api/centres/:id`: any subset of the fields. */
export const ZUpdateCentre = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(CENTRE_KINDS),
    regionCode: ZRegionCode,
    jurisdiction: z.array(ZRegionCode).max(200),
    dutyContacts: z.array(ZDutyContact).max(10),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type TUpdateCentre = z.input<typeof ZUpdateCentre>;

export const ZCentre = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(CENTRE_KINDS),
  region: ZRegionRef,
  jurisdiction: z.array(ZRegionRef),
  dutyContacts: z.array(ZDutyContact),
  active: z.boolean(),
});
export type TCentre = z.infer<typeof ZCentre>;
export const ZCentreList = z.object({ centres: z.array(ZCentre) });

/** A suggested centre for a case, with why: it covers the location, is above it, or is police. */
export const ZCentreSuggestion = z.object({
  centre: ZCentre,
  reason: z.enum(['jurisdiction', 'parent_region', 'police']),
});
export type TCentreSuggestion = z.infer<typeof ZCentreSuggestion>;
export const ZCentreSuggestions = z.object({ suggestions: z.array(ZCentreSuggestion) });
export type TCentreSuggestions = z.infer<typeof ZCentreSuggestions>;

/** What the centre did, recorded to complete a referral. */
export const ZReferralOutcome = z
  .object({
    actions: z
      .array(z.enum(OUTCOME_ACTIONS))
      .min(1)
      .transform((list) => [...new Set(list)]),
    date: z.iso.date(),
    notes: z.string().trim().max(4000).default(''),
  })
  .strict();
export type TReferralOutcome = z.output<typeof ZReferralOutcome>;
export type TReferralOutcomeInput = z.input<typeof ZReferralOutcome>;

/** `POST /api/cases/:id/referrals`. */
export const ZCreateReferral = z
  .object({
    centreId: z.uuid(),
    note: z.string().trim().max(2000).default(''),
    /** A declined or revoked referral this one re-routes. */
    replaces: z.uuid().optional(),
  })
  .strict();
export type TCreateReferral = z.input<typeof ZCreateReferral>;

/** `PATCH /api/referrals/:id`. */
export const ZUpdateReferral = z
  .object({
    status: z.enum(REFERRAL_STATUSES),
    reason: z.string().trim().max(1000).optional(),
    outcome: ZReferralOutcome.optional(),
  })
  .strict();
export type TUpdateReferral = z.input<typeof ZUpdateReferral>;

export const ZNotification = z.object({
  id: z.uuid(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  /** The duty contact's label (never the number in broadcasts). */
  contactLabel: z.string().nullable(),
  purpose: z.string(),
  status: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TNotification = z.infer<typeof ZNotification>;

/** A referral as operators and the centre see it: no child or reporter data. */
export const ZReferral = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseReference: z.string(),
  priority: z.enum(PRIORITIES),
  centre: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(CENTRE_KINDS) }),
  status: z.enum(REFERRAL_STATUSES),
  ackDeadline: z.string().nullable(),
  escalationLevel: z.number().int(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedVia: z.enum(['console', 'phone']).nullable(),
  reason: z.string().nullable(),
  outcome: ZReferralOutcome.nullable(),
  replacesId: z.uuid().nullable(),
  reroutedToId: z.uuid().nullable(),
  createdBy: ZUserRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  notifications: z.array(ZNotification),
});
export type TReferral = z.infer<typeof ZReferral>;
export const ZReferralList = z.object({ referrals: z.array(ZReferral) });
export type TReferralList = z.infer<typeof ZReferralList>;

/**
 * The case facts a duty officer triages the inbox by: situations, danger, where (the region's
 * name, never an address) and the children's ages (never names). An ended referral's are frozen.
 */
export const ZReferralTriage = z.object({
  categories: z.array(z.enum(SITUATION_CATEGORIES)),
  immediateDanger: z.boolean(),
  region: ZRegionRef.nullable(),
  /** One per child named in the case's reports, null where the age is not known. */
  childAges: z.array(z.number().nullable()),
});
export type TReferralTriage = z.infer<typeof ZReferralTriage>;

/** One row of the centre's inbox: the referral and what it is triaged by. */
export const ZInboxReferral = ZReferral.extend({ triage: ZReferralTriage });
export type TInboxReferral = z.infer<typeof ZInboxReferral>;

/** `GET /api/referrals`: the centre's own referrals (centre staff) or the open ones (operators). */
export const ZInbox = z.object({
  /** The centre the signed-in officer belongs to; null for the hotline's own staff. */
  centre: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  referrals: z.array(ZInboxReferral),
});
export type TInbox = z.infer<typeof ZInbox>;

/** One move on a referral's timeline, as the referral's workspace shows it (no free text). */
export const ZReferralTimelineEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.enum(['created', 'status', 'notified', 'escalated', 'delivery', 'message']),
  /** With kind `status`: the move. */
  from: z.enum(REFERRAL_STATUSES).nullable(),
  to: z.enum(REFERRAL_STATUSES).nullable(),
  /** With kind `escalated`: the step taken. */
  step: z.enum(ESCALATION_STEPS).nullable(),
  /** With kind `message`: who wrote. */
  side: z.enum(REFERRAL_MESSAGE_SIDES).nullable(),
  by: ZUserRef.nullable(),
  /** The duty officer acknowledged by pressing 1 on the alert call. */
  viaPhone: z.boolean(),
});
export type TReferralTimelineEntry = z.infer<typeof ZReferralTimelineEntry>;

/** What a centre may attach to its outcome: photos and PDFs (the placement record …). */
export const OUTCOME_ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
] as const;

/** What the centre needs to act on one referral: where and who, never the reporter. */
export const ZReferralDetail = ZReferral.extend({
  note: z.string(),
  /** Files the centre attached to its outcome (listed, not downloadable from the centre view). */
  attachments: z.array(ZAttachmentView),
  /** The referral's own moves, oldest first (for the centre: up to its end). */
  timeline: z.array(ZReferralTimelineEntry),
  case: z.object({
    status: z.enum(CASE_STATUSES),
    categories: z.array(z.enum(SITUATION_CATEGORIES)),
    immediateDanger: z.boolean(),
    channel: z.enum(CHANNELS),
    region: ZRegionRef.nullable(),
    addresses: z.array(z.string()),
    children: z.array(
      z.object({
        name: z.string().nullable(),
        sex: z.enum(SEXES).nullable(),
        age: z.number().nullable(),
        school: z.string().nullable(),
      }),
    ),
  }),
});
export type TReferralDetail = z.infer<typeof ZReferralDetail>;

/** `POST /api/cases/:id/callback`: the callback to the reporter (回访) done, or waived with a reason. */
export const ZRecordCallback = z
  .object({
    outcome: z.enum(CALLBACK_OUTCOMES),
    reason: z.string().trim().max(1000).optional(),
  })
  .strict()
  .refine((v) => v.outcome === 'done' || Boolean(v.reason), {
    message: 'Give a reason for waiving the callback',
    path: ['reason'],
  });
export type TRecordCallback = z.input<typeof ZRecordCallback>;

/** What still stands between a case and `resolved` (empty when it may resolve). */
export const ZClosureCheck = z.object({
  mayResolve: z.boolean(),
  blockers: z.array(
    z.enum(['open_referrals', 'declined_not_rerouted', 'police_not_notified', 'callback_missing']),
  ),
  callback: z
    .object({
      outcome: z.enum(CALLBACK_OUTCOMES),
      reason: z.string().nullable(),
      by: ZUserRef.nullable(),
      at: z.string(),
    })
    .nullable(),
});
export type TClosureCheck = z.infer<typeof ZClosureCheck>;
export type ClosureBlocker = TClosureCheck['blockers'][number];

/** `GET /api/reports/status?reference=&code=`: generic wording only. */
export const ZReportStatusQuery = z
  .object({
    reference: z.string().trim().min(4).max(40),
    code: z.string().trim().min(4).max(40),
  })
  .strict();
export const ZReportStatus = z.object({
  reference: z.string(),
  /** received → in_progress → resolved (or closed). */
  stage: z.enum(['received', 'in_progress', 'resolved', 'closed']),
  /** Generic outcome wording, present once resolved. */
  outcome: z.enum(['help_provided', 'no_further_action']).nullable(),
  updatedAt: z.string(),
});
export type TReportStatus = z.infer<typeof ZReportStatus>;

/** One of the organisation's reports, as its reporters may follow it. */
export const ZOrgReport = ZReportStatus.extend({
  id: z.uuid(),
  receivedAt: z.string(),
  /** The colleague who made it (display name only). */
  submittedBy: z.string().nullable(),
});
export type TOrgReport = z.infer<typeof ZOrgReport>;

/** `GET /api/org/reports`: a reporting organisation's own reports, newest first. */
export const ZOrgReportList = z.object({
  org: z.object({ id: z.uuid(), name: z.string() }),
  reports: z.array(ZOrgReport),
});
export type TOrgReportList = z.infer<typeof ZOrgReportList>;

/**
 * `GET /api/org/profile`: who a signed-in reporter files for — the organisation's name for the
 * report form's "filed for" line, and their own name to prefill. No one else's details.
 */
export const ZOrgReporterProfile = z.object({
  org: z.object({ id: z.uuid(), name: z.string() }),
  reporter: z.object({ displayName: z.string() }),
});
export type TOrgReporterProfile = z.infer<typeof ZOrgReporterProfile>;

/**
 * `POST /api/cases/:id/lookup-codes`: the lookup codes of the case's phone and SMS reports, for
 * the operator to read to a caller (issued on first request for a call; SMS ones were texted).
 */
export const ZLookupCodes = z.object({
  codes: z.array(
    z.object({
      reportId: z.uuid(),
      reference: z.string(),
      channel: z.enum(['voice', 'sms']),
      lookupCode: z.string(),
    }),
  ),
});
export type TLookupCodes = z.infer<typeof ZLookupCodes>;

/**
 * The `referral.created` / `referral.updated` socket payload (ids and status only). A delivery
 * status change (an SMS delivered or failed, the alert call answered or acknowledged by pressing
 * 1) comes as `referral.updated` with step `delivery` and the notification that changed.
 */
export const ZReferralChanged = z.object({
  seq: z.number().int(),
  referral: ZReferral,
  /** The escalation step or move that caused it, when there was one. */
  step: z.enum([...ESCALATION_STEPS, 'status', 'notified', 'created', 'delivery']).nullable(),
  /** With step `delivery`: the notification as it is now. */
  notification: ZNotification.optional(),
});
export type TReferralChanged = z.infer<typeof ZReferralChanged>;

/** A message on a referral between the centre and the hotline. */
export const ZReferralMessage = z.object({
  id: z.uuid(),
  referralId: z.uuid(),
  side: z.enum(REFERRAL_MESSAGE_SIDES),
  author: ZUserRef.nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export type TReferralMessage = z.infer<typeof ZReferralMessage>;

/** `GET /api/referrals/:id/messages`: oldest first; `open` says whether more may be sent. */
export const ZReferralMessageList = z.object({
  messages: z.array(ZReferralMessage),
  open: z.boolean(),
});
export type TReferralMessageList = z.infer<typeof ZReferralMessageList>;

/** `POST /api/referrals/:id/messages`. */
export const ZPostReferralMessage = z
  .object({
    body: z
      .string()
      .trim()
      .min(1, 'Write a message')
      .max(2000, 'Keep the message to 2000 characters'),
  })
  .strict();
export type TPostReferralMessage = z.input<typeof ZPostReferralMessage>;

/**
 * The `referral.messaged` socket payload: ids only, never the text (the rooms are broad); the
 * console fetches the messages.
 */
export const ZReferralMessaged = z.object({
  seq: z.number().int(),
  referralId: z.uuid(),
  caseId: z.uuid(),
  messageId: z.uuid(),
  side: z.enum(REFERRAL_MESSAGE_SIDES),
});
export type TReferralMessaged = z.infer<typeof ZReferralMessaged>;
