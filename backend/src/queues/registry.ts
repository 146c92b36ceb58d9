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
import { JOBS, JobName, QueueName, type JobPayload } from '@hutong/shared';
import type { Context } from '../context.js';
import { serializeError } from '../lib/logger.js';
import type { OutboxJob } from '../features/outbox/outbox.js';
import { processTriageReport, processUntriagedSweep } from '../features/triage/triage.jobs.js';
import { processClaimDeadline, processClaimSweep } from '../features/cases/cases.jobs.js';
import {
  processCallSweep,
  processSendSms,
  processSmsSpooled,
  processUrgentCallWait,
} from '../features/telephony/telephony.jobs.js';
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
import { processMatchAssessment, processOverdueSweep } from '../features/warnings/warnings.jobs.js';
import { processStatsRollup } from '../features/stats/stats.jobs.js';

type Processor<N extends JobName = JobName> = (
  ctx: Context,
  job: Job<JobPayload<N>>,
) => Promise<unknown>;

/** Every job name and its processor, typed by the job's payload in shared's JOBS. */
const PROCESSORS: { [N in JobName]: Processor<N> } = {
  [JobName.triageReport]: processTriageReport,
  [JobName.claimDeadline]: processClaimDeadline,
  [JobName.claimSweep]: (ctx) => processClaimSweep(ctx),
  [JobName.untriagedSweep]: (ctx) => processUntriagedSweep(ctx),
  [JobName.urgentCallWait]: processUrgentCallWait,
  [JobName.sendSms]: processSendSms,
  [JobName.notifyReferral]: processNotifyReferral,
  [JobName.notifyReferralMessage]: processNotifyReferralMessage,
  [JobName.smsFallback]: processSmsFallback,
  [JobName.ackDeadline]: processAckDeadline,
  [JobName.reporterResolved]: processReporterResolved,
  [JobName.wrapUpTimeout]: processWrapUpTimeout,
  [JobName.webhookFanOut]: processWebhookFanOut,
  [JobName.webhookDeliver]: processWebhookDeliver,
  [JobName.hotline12345Follow]: processHotline12345Follow,
  [JobName.hotline12345Deliver]: processHotline12345Deliver,
  [JobName.overdueSweep]: (ctx) => processOverdueSweep(ctx),
  [JobName.matchAssessment]: processMatchAssessment,
  [JobName.statsRollup]: (ctx) => processStatsRollup(ctx),
  [JobName.smsSpooled]: processSmsSpooled,
  [JobName.callSweep]: (ctx) => processCallSweep(ctx),
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

const SPOOL_RETRY_MS = 5_000;
const SPOOL_ATTEMPTS = (24 * 3600_000) / SPOOL_RETRY_MS;

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
class JobFailure extends Error {
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

function assertComplete(processors: Partial<Record<JobName, unknown>>): void {
  const missing = Object.values(JobName).filter((name) => !processors[name]);
  if (missing.length > 0) throw new Error(`No processor for job(s): ${missing.join(', ')}`);
}

/** How many times a job may be found stalled (its worker gone) before it fails for good. */
export const MAX_STALLED_COUNT = 20;

/**
 * A job whose worker died holding it (its lock lapsed) is "stalled" and taken again; BullMQ's
 * default fails it for good the second time. Every job here is idempotent and a worker holds
 * many at once (triage batches up to 64), so two kills in a row failed triage jobs for good —
 * reports accepted and never triaged (`npm run chaos`, run D3: 40 reports, "job stalled more
 * than allowable limit"). A job that keeps killing its worker still ends, after
 * MAX_STALLED_COUNT.
 */
export const STALLED_JOBS = { maxStalledCount: MAX_STALLED_COUNT } as const;

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

  /**
   * Starts a worker per queue; each job is dispatched by name to its processor. The intake queue
   * gets HUTONG_TRIAGE_FETCHERS of them (4): a BullMQ worker takes its jobs from Redis one round
   * trip after another, so one worker's triage can go no faster than those round trips (about 200
   * jobs/s on a busy event loop, measured); several fetch side by side, their jobs meeting in the
   * one triage batcher, and share HUTONG_TRIAGE_CONCURRENCY.
   */
  startWorkers(ctx: Context): Worker[] {
    assertComplete(PROCESSORS);
    return Object.values(QueueName).flatMap((queueName) => {
      const copies = queueName === QueueName.intake ? ctx.config.triageFetchers : 1;
      const concurrency =
        queueName === QueueName.intake
          ? Math.max(1, Math.ceil(ctx.config.triageConcurrency / copies))
          : CONCURRENCY[queueName];
      return Array.from({ length: copies }, () => this.startWorker(ctx, queueName, concurrency));
    });
  }

  private startWorker(ctx: Context, queueName: QueueName, concurrency: number): Worker {
    const worker = new Worker(
      queueName,
      async (job) => {
        const name = job.name as JobName;
        const processor = PROCESSORS[name] as Processor | undefined;
        if (!processor) throw new Error(`Unknown job ${job.name}`);
        // A payload its schema refuses would fail every retry the same way.
        if (!JOBS[name].payload.safeParse(job.data).success) {
          throw new UnrecoverableError(`The payload of ${name} does not match its schema`);
        }
        try {
          // Parsed by its schema just above: the payload is what the processor is typed for.
          return await processor(ctx, job as Job<JobPayload<JobName>>);
        } catch (err) {
          throw JobFailure.from(err);
        }
      },
      {
        connection: this.connection,
        prefix: this.prefix,
        concurrency,
        ...STALLED_JOBS,
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
  }

  /**
   * Straight into BullMQ, not through the outbox: only for what arrives while PostgreSQL cannot
   * take it (see `spoolSms`). Retried every 5 s for up to a day, then kept as failed (7 days).
   */
  async spool(job: OutboxJob): Promise<void> {
    await this.byName[job.queue].add(job.name, job.data, {
      jobId: job.jobId,
      attempts: SPOOL_ATTEMPTS,
      backoff: { type: 'fixed', delay: SPOOL_RETRY_MS },
      ...KEEP,
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
