import { z } from 'zod';

/**
 * Queue and job names. WARNING: frozen — jobs already in Redis carry these names; a rename is a
 * migration, not an edit.
 */
export const QueueName = {
  intake: 'intake',
  sla: 'sla',
  telephony: 'telephony',
  notify: 'notify',
  webhooks: 'webhooks',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  triageReport: 'intake.triageReport',
  /**
   * One case's claim deadline (a delayed job per case). No longer queued: the claim sweep
   * replaced it (issue 16); still processed, for jobs already waiting in Redis.
   */
  claimDeadline: 'sla.claimDeadline',
  /** Marks every unclaimed case whose claim deadline passed (a repeatable job, see CLAIM_SWEEP_SECONDS). */
  claimSweep: 'sla.claimSweep',
  untriagedSweep: 'sla.untriagedSweep',
  urgentCallWait: 'telephony.urgentCallWait',
  sendSms: 'telephony.sendSms',
  notifyReferral: 'notify.referral',
  smsFallback: 'notify.smsFallback',
  ackDeadline: 'sla.referralAckDeadline',
  reporterResolved: 'notify.reporterResolved',
  /** The hotline wrote to a centre on a referral: an SMS notice (reference and link) to its duty phone. */
  notifyReferralMessage: 'notify.referralMessage',
  wrapUpTimeout: 'telephony.wrapUpTimeout',
  /** A report or case event, turned into one delivery per subscribed endpoint. */
  webhookFanOut: 'webhooks.fanOut',
  webhookDeliver: 'webhooks.deliver',
  /** A 12345 order's report or case changed: the steps owed to 12345 become messages. */
  hotline12345Follow: 'hotline12345.follow',
  /** One signed message to 12345 (on the webhooks queue, with its retries). */
  hotline12345Deliver: 'hotline12345.deliver',
  /** Raises the warnings of visits that fell due (a repeatable job, every 60 s × time scale). */
  overdueSweep: 'warnings.overdueSweep',
  /**
   * Matches the children a saved assessment names against the register. The save runs the match
   * itself after its commit; this job, from the save's outbox row, is the safety net when that
   * match failed or its process died first.
   */
  matchAssessment: 'warnings.matchAssessment',
  /** Brings the statistics' rollup up to date (a repeatable job, every 60 s × time scale). */
  statsRollup: 'stats.rollup',
  /**
   * An inbound SMS or an SMS delivery status that Twilio sent while PostgreSQL was unreachable,
   * kept in Redis (the message sealed) until it can be stored: Twilio does not retry them.
   */
  smsSpooled: 'telephony.smsSpooled',
  /**
   * Asks Twilio about calls that are not over here and have heard nothing for a while: their
   * status callback may never have arrived (a repeatable job, every 60 s × time scale).
   */
  callSweep: 'telephony.callSweep',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** A row's id: a UUID. */
const ZRowId = z.guid();
/** What a database trigger queues: a report's UUID or a case event's numeric id, as text. */
const ZTriggerRowId = z.union([z.guid(), z.string().regex(/^[0-9]{1,19}$/)]);

/**
 * Every job: its queue and its payload — ids, numbers and codes only, never a name, a phone
 * number or free text (the payload sits in Redis and its dashboard). Producers, the outbox and
 * the workers are typed from this map, and a worker refuses a payload that does not parse.
 */
export const JOBS = {
  [JobName.triageReport]: {
    queue: QueueName.intake,
    payload: z.strictObject({ reportId: ZRowId }),
  },
  [JobName.claimDeadline]: {
    queue: QueueName.sla,
    payload: z.strictObject({ caseId: ZRowId, deadline: z.iso.datetime() }),
  },
  [JobName.urgentCallWait]: {
    queue: QueueName.telephony,
    payload: z.strictObject({ callId: ZRowId }),
  },
  [JobName.sendSms]: { queue: QueueName.telephony, payload: z.strictObject({ messageId: ZRowId }) },
  [JobName.notifyReferral]: {
    queue: QueueName.notify,
    payload: z.strictObject({
      referralId: ZRowId,
      purpose: z.enum(['new', 'escalation']),
      contactIndex: z.number().int().nonnegative(),
    }),
  },
  /** A hotline message on a referral: the centre's duty contact gets an SMS notice (no text). */
  [JobName.notifyReferralMessage]: {
    queue: QueueName.notify,
    payload: z.strictObject({ messageId: ZRowId }),
  },
  [JobName.smsFallback]: {
    queue: QueueName.notify,
    payload: z.strictObject({ notificationId: ZRowId }),
  },
  [JobName.ackDeadline]: {
    queue: QueueName.sla,
    payload: z.strictObject({ referralId: ZRowId, level: z.number().int().nonnegative() }),
  },
  [JobName.reporterResolved]: {
    queue: QueueName.notify,
    payload: z.strictObject({ reportId: ZRowId }),
  },
  [JobName.wrapUpTimeout]: {
    queue: QueueName.telephony,
    payload: z.strictObject({ userId: ZRowId, callId: ZRowId }),
  },
  [JobName.webhookFanOut]: {
    queue: QueueName.webhooks,
    payload: z.strictObject({ source: z.enum(['report', 'event']), id: ZTriggerRowId }),
  },
  [JobName.webhookDeliver]: {
    queue: QueueName.webhooks,
    payload: z.strictObject({ deliveryId: z.string().regex(/^msg_[0-9a-f]{32}$/) }),
  },
  [JobName.hotline12345Follow]: {
    queue: QueueName.webhooks,
    payload: z.strictObject({ source: z.enum(['order', 'report', 'event']), id: ZTriggerRowId }),
  },
  [JobName.hotline12345Deliver]: {
    queue: QueueName.webhooks,
    payload: z.strictObject({ orderId: ZRowId }),
  },
  [JobName.claimSweep]: { queue: QueueName.sla, payload: z.strictObject({}) },
  [JobName.untriagedSweep]: { queue: QueueName.sla, payload: z.strictObject({}) },
  [JobName.overdueSweep]: { queue: QueueName.sla, payload: z.strictObject({}) },
  [JobName.matchAssessment]: { queue: QueueName.sla, payload: z.strictObject({ caseId: ZRowId }) },
  [JobName.statsRollup]: { queue: QueueName.sla, payload: z.strictObject({}) },
  [JobName.callSweep]: { queue: QueueName.telephony, payload: z.strictObject({}) },
  // The one job that carries a message: sealed (AES-256-GCM under the data key), never plain.
  [JobName.smsSpooled]: {
    queue: QueueName.telephony,
    payload: z.strictObject({
      kind: z.enum(['inbound', 'status']),
      sealed: z
        .string()
        .regex(/^enc:v[0-9]+:[A-Za-z0-9+/=:_-]+$/)
        .optional(),
      messageSid: z
        .string()
        .regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/)
        .optional(),
      status: z
        .string()
        .regex(/^[a-z_-]{1,24}$/)
        .optional(),
    }),
  },
} as const satisfies { [N in JobName]: { queue: QueueName; payload: z.ZodObject } };

/** A job's payload as its schema types it. */
export type JobPayload<N extends JobName> = z.output<(typeof JOBS)[N]['payload']>;

/** Outbox topics: what the relay does with a committed row. */
export const OutboxTopic = { job: 'job', realtime: 'realtime' } as const;
export type OutboxTopic = (typeof OutboxTopic)[keyof typeof OutboxTopic];
