/**
 * Queue and job names. WARNING: frozen — jobs already in Redis carry these names; a rename is a
 * migration, not an edit.
 */
export const QueueName = {
  intake: 'intake',
  sla: 'sla',
  telephony: 'telephony',
  notify: 'notify',
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
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Outbox topics: what the relay does with a committed row. */
export const OutboxTopic = { job: 'job', realtime: 'realtime' } as const;
export type OutboxTopic = (typeof OutboxTopic)[keyof typeof OutboxTopic];
