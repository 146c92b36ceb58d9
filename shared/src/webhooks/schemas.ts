import { z } from 'zod';
import { ZReportStatus } from '../dispatch/schemas.js';

/** What a partner's endpoint can subscribe to. WARNING: partners filter on these; never rename. */
export const WebhookEvent = {
  reportReceived: 'report.received',
  reportStatusChanged: 'report.status_changed',
  referralCreated: 'referral.created',
  referralUpdated: 'referral.updated',
} as const;
export type WebhookEvent = (typeof WebhookEvent)[keyof typeof WebhookEvent];
export const WEBHOOK_EVENTS = Object.values(WebhookEvent) as [WebhookEvent, ...WebhookEvent[]];

/** Standard Webhooks secrets: `whsec_` + base64 of the signing key. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** `POST /api/webhooks`: admins may name the organisation or centre it serves; reporters may not. */
export const ZCreateWebhook = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'Enter an http(s) URL' })
      .max(2000, 'At most 2000 characters'),
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .min(1, 'Choose at least one event')
      .refine((events) => new Set(events).size === events.length, 'Name each event once'),
    /** The reporting organisation whose reports it hears (admins; a reporter's own by default). */
    orgId: z.uuid().optional(),
    /** The centre whose referrals it hears (admins only). */
    centreId: z.uuid().optional(),
    description: z.string().trim().max(200, 'At most 200 characters').optional(),
  })
  .strict()
  .refine((b) => !(b.orgId && b.centreId), {
    message: 'An endpoint serves an organisation or a centre, not both',
    path: ['centreId'],
  });
export type TCreateWebhook = z.infer<typeof ZCreateWebhook>;

/** Whose events an endpoint hears: the whole line's, one organisation's or one centre's. */
export const ZWebhookOwner = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('line') }),
  z.object({ kind: z.literal('org'), id: z.uuid(), name: z.string() }),
  z.object({ kind: z.literal('centre'), id: z.uuid(), name: z.string() }),
]);
export type TWebhookOwner = z.infer<typeof ZWebhookOwner>;

/** A registered endpoint (never its secret). */
export const ZWebhookEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  owner: ZWebhookOwner,
  description: z.string().nullable(),
  /** Disabled after failing for too long; a notice says why. */
  active: z.boolean(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: z.string(),
});
export type TWebhookEndpoint = z.infer<typeof ZWebhookEndpoint>;

/** The answer to registering: the signing secret, shown this once. */
export const ZWebhookEndpointWithSecret = ZWebhookEndpoint.extend({
  secret: z.string().startsWith(WEBHOOK_SECRET_PREFIX),
});
export type TWebhookEndpointWithSecret = z.infer<typeof ZWebhookEndpointWithSecret>;

export const ZWebhookEndpointList = z.object({ endpoints: z.array(ZWebhookEndpoint) });
export type TWebhookEndpointList = z.infer<typeof ZWebhookEndpointList>;

export const WebhookDeliveryStatus = {
  pending: 'pending',
  delivered: 'delivered',
  failed: 'failed',
} as const;
export type WebhookDeliveryStatus =
  (typeof WebhookDeliveryStatus)[keyof typeof WebhookDeliveryStatus];

/** One event for one endpoint, and how its delivery went. */
export const ZWebhookDelivery = z.object({
  /** The `webhook-id` header: the same on every attempt, so receivers can drop repeats. */
  id: z.string(),
  event: z.enum(WEBHOOK_EVENTS),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  /** The receiver's HTTP status on the last attempt (null: no answer, or not tried yet). */
  responseCode: z.number().int().nullable(),
  /** Why the last attempt failed, in general terms (timeout, refused address, HTTP status). */
  error: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;

export const ZWebhookDeliveryList = z.object({ deliveries: z.array(ZWebhookDelivery) });
export type TWebhookDeliveryList = z.infer<typeof ZWebhookDeliveryList>;

/** `report.received`: a report was stored (any channel). No child, reporter or narrative. */
export const ZReportReceivedData = z.object({
  reportId: z.uuid(),
  reference: z.string(),
  channel: z.string(),
  receivedAt: z.string(),
  /** The organisation it was filed for, if any. */
  orgId: z.uuid().nullable(),
});

/** `report.status_changed`: a report's stage and generic outcome, as its reporter may know them. */
export const ZReportStatusChangedData = ZReportStatus.extend({ reportId: z.uuid() });

/** `referral.created` / `referral.updated`: the referral's state for the centre's systems. */
export const ZReferralChangedData = z.object({
  referralId: z.uuid(),
  centreId: z.uuid(),
  caseReference: z.string(),
  status: z.string(),
  priority: z.string(),
  updatedAt: z.string(),
});

/** Every webhook body: the Standard Webhooks shape `{ type, timestamp, data }`. */
export const ZWebhookMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('report.received'),
    timestamp: z.string(),
    data: ZReportReceivedData,
  }),
  z.object({
    type: z.literal('report.status_changed'),
    timestamp: z.string(),
    data: ZReportStatusChangedData,
  }),
  z.object({
    type: z.enum(['referral.created', 'referral.updated']),
    timestamp: z.string(),
    data: ZReferralChangedData,
  }),
]);
export type TWebhookMessage = z.infer<typeof ZWebhookMessage>;
