import { JobName, type JobPayload } from '@hutong/shared';
import type { Job } from 'bullmq';
import { eq } from 'drizzle-orm';
import { dialQueueTwiml } from '@hutong/ivr';
import type { Context } from '../../context.js';
import { calls } from '../../db/schema.js';
import { deliverSms } from './commands/send-sms.js';
import { findCallSummaryRow } from './telephony.repository.js';
import { presentCall } from './telephony.presenter.js';
import { emitCall } from './commands/voice-calls.js';
import { storeSpooledSms, type SpooledSms } from './commands/spool-sms.js';
import { CALL_SWEEP_SECONDS, sweepStaleCalls } from './commands/reconcile-calls.js';
import { scaledMs } from '../../lib/clock.js';
import type { Queues } from '../../queues/registry.js';

/** WARNING: the scheduler's id in Redis; every worker upserts the same one. */
const CALL_SWEEP_SCHEDULER = 'telephony-call-sweep';

/**
 * `telephony.urgentCallWait`: an urgent caller still waiting after 30 s rings the supervisors'
 * consoles and, when HUTONG_DUTY_PHONE is set, is offered to the duty phone (an outbound call
 * whose TwiML takes the front of the urgent queue). Once per call.
 */
export async function processUrgentCallWait(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.urgentCallWait>>,
): Promise<string> {
  const [row] = await ctx.db.select().from(calls).where(eq(calls.id, job.data.callId));
  if (!row || row.status !== 'queued') return 'not_waiting';
  // A second check (set again after an answer that could not connect) finds it done.
  if (row.escalatedAt) return 'already_escalated';
  const dutyPhone = ctx.telephony.config.dutyPhone;
  let dutyPhoneOffered = false;
  if (dutyPhone) {
    await ctx.telephony.client().calls.create({
      to: dutyPhone,
      from: ctx.telephony.config.phoneNumber,
      twiml: dialQueueTwiml('urgent'),
    });
    dutyPhoneOffered = true;
  }
  await ctx.db
    .update(calls)
    .set({ escalatedAt: new Date(), updatedAt: new Date() })
    .where(eq(calls.id, row.id));
  const summary = await findCallSummaryRow(ctx.db, row.id);
  if (summary) {
    ctx.telephony.emitEscalated({ call: presentCall(ctx.config, summary), dutyPhoneOffered });
  }
  await emitCall(ctx, row.id);
  ctx.metrics.slaBreached('urgent_call_waiting');
  return dutyPhoneOffered ? 'duty_phone' : 'supervisors';
}

/** `telephony.sendSms`: the job carries the message id only, never its text or number. */
export async function processSendSms(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.sendSms>>,
): Promise<string> {
  return deliverSms(ctx, job.data.messageId);
}

/** `telephony.smsSpooled`: an SMS webhook kept in Redis while PostgreSQL was unreachable. */
export async function processSmsSpooled(ctx: Context, job: Job<SpooledSms>): Promise<string> {
  return storeSpooledSms(ctx, job.data);
}

/** `telephony.callSweep`: ends the calls Twilio ended whose callback never came (sweepStaleCalls). */
export async function processCallSweep(ctx: Context): Promise<string> {
  const { looked, ended } = await sweepStaleCalls(ctx);
  return `${ended}/${looked}`;
}

/**
 * Has BullMQ run the call sweep every 60 s × HUTONG_TIME_SCALE (at least a second apart) on
 * whichever worker is free; every worker upserts the same scheduler, so there is one.
 */
export async function startCallSweep(ctx: Context, queues: Queues): Promise<void> {
  await queues.byName.telephony.upsertJobScheduler(
    CALL_SWEEP_SCHEDULER,
    { every: Math.max(1000, scaledMs(CALL_SWEEP_SECONDS, ctx.config.timeScale)) },
    { name: JobName.callSweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
}
