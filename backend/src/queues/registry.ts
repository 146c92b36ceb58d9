import {
  DelayedError,
  Queue,
  RateLimitError,
  UnrecoverableError,
  WaitingChildrenError,
  Worker,
  type ConnectionOptions,
  type Job,
} from 'bullmq';
import { JobName, QueueName } from '@hutong/shared';
import type { Context } from '../context.js';
import { serializeError } from '../lib/logger.js';
import type { OutboxJob } from '../features/outbox/outbox.js';
import { processTriageReport } from '../features/triage/triage.jobs.js';
import { processClaimDeadline } from '../features/cases/cases.jobs.js';
import { processSendSms, processUrgentCallWait } from '../features/telephony/telephony.jobs.js';
import {
  processAckDeadline,
  processNotifyReferral,
  processNotifyReferralMessage,
  processSmsFallback,
} from '../features/dispatch/dispatch.jobs.js';
import { processReporterResolved } from '../features/dispatch/reporter-sms.js';
import { processWrapUpTimeout } from '../features/presence/presence-status.js';
import { processWebhookDeliver, processWebhookFanOut } from '../features/webhooks/webhooks.jobs.js';
import {
  processHotline12345Deliver,
  processHotline12345Follow,
} from '../features/hotline12345/hotline12345.jobs.js';
import type { FollowSource } from '../features/hotline12345/commands/follow-order.js';
import { processOverdueSweep } from '../features/warnings/warnings.jobs.js';
import { processStatsRollup } from '../features/stats/stats.jobs.js';

type Processor = (ctx: Context, job: Job) => Promise<unknown>;

/** Every job name and its processor; boot fails if a name has none (see assertComplete). */
const PROCESSORS: Record<JobName, Processor> = {
  [JobName.triageReport]: (ctx, job) => processTriageReport(ctx, job as Job<{ reportId: string }>),
  [JobName.claimDeadline]: (ctx, job) =>
    processClaimDeadline(ctx, job as Job<{ caseId: string; deadline: string }>),
  [JobName.urgentCallWait]: (ctx, job) =>
    processUrgentCallWait(ctx, job as Job<{ callId: string }>),
  [JobName.sendSms]: (ctx, job) => processSendSms(ctx, job as Job<{ messageId: string }>),
  [JobName.notifyReferral]: (ctx, job) =>
    processNotifyReferral(
      ctx,
      job as Job<{ referralId: string; purpose: 'new' | 'escalation'; contactIndex: number }>,
    ),
  [JobName.notifyReferralMessage]: (ctx, job) =>
    processNotifyReferralMessage(ctx, job as Job<{ messageId: string }>),
  [JobName.smsFallback]: (ctx, job) =>
    processSmsFallback(ctx, job as Job<{ notificationId: string }>),
  [JobName.ackDeadline]: (ctx, job) =>
    processAckDeadline(ctx, job as Job<{ referralId: string; level: number }>),
  [JobName.reporterResolved]: (ctx, job) =>
    processReporterResolved(ctx, job as Job<{ reportId: string }>),
  [JobName.wrapUpTimeout]: (ctx, job) =>
    processWrapUpTimeout(ctx, job as Job<{ userId: string; callId: string }>),
  [JobName.webhookFanOut]: (ctx, job) =>
    processWebhookFanOut(ctx, job as Job<{ source: 'report' | 'event'; id: string }>),
  [JobName.webhookDeliver]: (ctx, job) =>
    processWebhookDeliver(ctx, job as Job<{ deliveryId: string }>),
  [JobName.hotline12345Follow]: (ctx, job) =>
    processHotline12345Follow(ctx, job as Job<FollowSource>),
  [JobName.hotline12345Deliver]: (ctx, job) =>
    processHotline12345Deliver(ctx, job as Job<{ orderId: string }>),
  [JobName.overdueSweep]: (ctx) => processOverdueSweep(ctx),
  [JobName.statsRollup]: (ctx) => processStatsRollup(ctx),
};

/** Jobs a worker process runs at once per queue; triage's comes from HUTONG_TRIAGE_CONCURRENCY. */
const CONCURRENCY: Record<Exclude<QueueName, 'intake'>, number> = {
  sla: 4,
  telephony: 4,
  notify: 4,
  webhooks: 8,
};

/** How a queue's failed jobs are retried, where not the default (10 attempts from 0.5 s). */
export type QueueRetry = Partial<Record<QueueName, { attempts: number; backoffMs: number }>>;

/** Kept long enough that a second relay of the same outbox row finds the job and adds nothing. */
const KEEP = {
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * What a failed job leaves behind: BullMQ keeps the thrown error's message and stack in Redis
 * (failedReason), and a database error's message quotes the query and its values, so a job
 * fails with the error's class and SQLSTATE only; the original rides along as `cause` for
 * the (serialising) logger.
 */
export class JobFailure extends Error {
  override name = 'JobFailure';

  /** The error to throw to BullMQ: its own control errors pass through, as they steer the job. */
  static from(err: unknown): Error {
    if (
      err instanceof JobFailure ||
      err instanceof UnrecoverableError ||
      err instanceof DelayedError ||
      err instanceof WaitingChildrenError ||
      err instanceof RateLimitError
    ) {
      return err;
    }
    const safe = serializeError(err);
    const code = firstCode(safe);
    return new JobFailure(`${String(safe.type)}${code ? ` (${code})` : ''}`, { cause: err });
  }
}

function firstCode(safe: Record<string, unknown>): string | undefined {
  for (let e: Record<string, unknown> | undefined = safe; e;) {
    if (typeof e.code === 'string' || typeof e.code === 'number') return String(e.code);
    e = e.cause as Record<string, unknown> | undefined;
  }
  return undefined;
}

export function assertComplete(processors: Partial<Record<JobName, Processor>>): void {
  const missing = Object.values(JobName).filter((name) => !processors[name]);
  if (missing.length > 0) throw new Error(`No processor for job(s): ${missing.join(', ')}`);
}

export class Queues {
  readonly byName: Record<QueueName, Queue>;

  constructor(
    private readonly connection: ConnectionOptions,
    private readonly prefix: string,
    private readonly retry: QueueRetry = {},
  ) {
    this.byName = {
      intake: new Queue(QueueName.intake, { connection, prefix }),
      sla: new Queue(QueueName.sla, { connection, prefix }),
      telephony: new Queue(QueueName.telephony, { connection, prefix }),
      notify: new Queue(QueueName.notify, { connection, prefix }),
      webhooks: new Queue(QueueName.webhooks, { connection, prefix }),
    };
  }

  /** Listens to every queue's errors (a Queue with no 'error' listener prints to stderr). */
  onError(listener: (err: Error) => void): void {
    for (const queue of Object.values(this.byName)) queue.on('error', listener);
  }

  /** The outbox relay's job publisher: deterministic ids make a second add a no-op. */
  async add(jobs: OutboxJob[]): Promise<void> {
    const now = Date.now();
    for (const queueName of Object.values(QueueName)) {
      const batch = jobs.filter((j) => j.queue === queueName);
      if (batch.length === 0) continue;
      const retry = this.retry[queueName] ?? { attempts: 10, backoffMs: 500 };
      await this.byName[queueName].addBulk(
        batch.map((j) => ({
          name: j.name,
          data: j.data,
          opts: {
            jobId: j.jobId,
            attempts: retry.attempts,
            backoff: { type: 'exponential', delay: retry.backoffMs },
            ...(j.runAt ? { delay: Math.max(0, Date.parse(j.runAt) - now) } : {}),
            ...KEEP,
          },
        })),
      );
    }
  }

  /** Starts a worker per queue; each job is dispatched by name to its processor. */
  startWorkers(ctx: Context): Worker[] {
    assertComplete(PROCESSORS);
    return Object.values(QueueName).map((queueName) => {
      const worker = new Worker(
        queueName,
        async (job) => {
          const processor = PROCESSORS[job.name as JobName];
          if (!processor) throw new Error(`Unknown job ${job.name}`);
          try {
            return await processor(ctx, job);
          } catch (err) {
            throw JobFailure.from(err);
          }
        },
        {
          connection: this.connection,
          prefix: this.prefix,
          concurrency:
            queueName === QueueName.intake ? ctx.config.triageConcurrency : CONCURRENCY[queueName],
        },
      );
      worker.on('failed', (job, err) => {
        ctx.log.warn(
          { jobId: job?.id, jobName: job?.name, attempt: job?.attemptsMade, err },
          'job failed',
        );
      });
      worker.on('error', (err) => ctx.log.warn({ err }, 'worker error'));
      return worker;
    });
  }

  /** Resolves once every queue's Redis connection is up. */
  async ready(): Promise<void> {
    await Promise.all(Object.values(this.byName).map((q) => q.waitUntilReady()));
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.byName).map((q) => q.close()));
  }
}
