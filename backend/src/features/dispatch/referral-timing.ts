import { JobName, QueueName, type Priority } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { scaledMs } from '../../lib/clock.js';
import { outboxJob } from '../outbox/outbox.js';
import { readDispatchSettings } from '../settings/settings.repository.js';

/**
 * How long a centre has to acknowledge a new referral: the administrators' setting for the
 * priority (defaults P1 10 min, P2 1 h, P3 24 h), scaled; null for P4, which has no deadline.
 */
export async function ackWindowMs(
  ctx: Pick<Context, 'config'>,
  exec: Executor,
  priority: Priority,
): Promise<number | null> {
  if (priority === 'P4') return null;
  const { ackMinutes } = await readDispatchSettings(exec);
  return scaledMs(ackMinutes[priority] * 60, ctx.config.timeScale);
}

/**
 * The window a referral was given when it was made, which every later escalation step reuses:
 * changing the settings never moves a timer already running.
 */
export function referralWindowMs(referral: {
  ackDeadline: Date | null;
  createdAt: Date;
}): number | null {
  return referral.ackDeadline
    ? referral.ackDeadline.getTime() - referral.createdAt.getTime()
    : null;
}

/** An SMS to a P1 duty phone not delivered within 2 minutes is followed by a call. */
export function smsFallbackMs(ctx: Pick<Context, 'config'>): number {
  return scaledMs(120, ctx.config.timeScale);
}

/**
 * The delayed check for escalation step `level` (0 = the first deadline). Its jobId is fixed per
 * referral and level, so however many workers or relays see it, it is one job.
 */
export async function scheduleAckCheck(
  exec: Executor,
  referralId: string,
  level: number,
  at: Date,
): Promise<void> {
  await outboxJob(exec, {
    queue: QueueName.sla,
    name: JobName.ackDeadline,
    data: { referralId, level },
    jobId: `ack-${referralId}-${level}`,
    runAt: at.toISOString(),
  });
}

/** Sends the SMS / voice notifications of one step to one duty contact. */
export async function scheduleNotify(
  exec: Executor,
  referralId: string,
  purpose: 'new' | 'escalation',
  contactIndex: number,
): Promise<void> {
  await outboxJob(exec, {
    queue: QueueName.notify,
    name: JobName.notifyReferral,
    data: { referralId, purpose, contactIndex },
    jobId: `notify-${referralId}-${purpose}-${contactIndex}`,
  });
}
