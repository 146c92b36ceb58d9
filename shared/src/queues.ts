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
  claimDeadline: 'sla.claimDeadline',
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
  /** Brings the statistics' rollup up to date (a repeatable job, every 60 s × time scale). */
  statsRollup: 'stats.rollup',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Outbox topics: what the relay does with a committed row. */
export const OutboxTopic = { job: 'job', realtime: 'realtime' } as const;
export type OutboxTopic = (typeof OutboxTopic)[keyof typeof OutboxTopic];
