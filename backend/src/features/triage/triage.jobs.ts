import { JobName, type JobPayload } from '@hutong/shared';
import type { Job } from 'bullmq';
import { and, asc, isNull, lt } from 'drizzle-orm';
import { reports } from '../../db/schema.js';
import { scaledMs } from '../../lib/clock.js';
import type { Queues } from '../../queues/registry.js';
import type { Context } from '../../context.js';
import type { OutboxJob } from '../outbox/outbox.js';
import { triageReportRead } from './commands/triage-report.js';
import { triageReports, type Triaged } from './commands/triage-batch.js';
import { emitCallbackTask } from '../telephony/commands/voice-calls.js';
import { linkReportToFiles, linkReportsToFiles } from '../warnings/commands/raise-warnings.js';

/** Reports one triage batch takes at most. */
const MAX_BATCH = 100;
/** Batches under way at once in a process: one being written while the next is read. */
const BATCHES_IN_FLIGHT = 2;

interface Waiter {
  resolve: (triaged: Triaged) => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the triage jobs a worker holds into batches, each triaged and linked to the register
 * together (group commit): the first job of a quiet moment is triaged at once, alone; jobs that
 * arrive while batches are under way wait for the next one, so under load each batch takes what piled up (up to MAX_BATCH) and the statements
 * per report fall as the load rises. BullMQ still holds one job per report (its id, retries and
 * failure are the report's own); the worker's concurrency (HUTONG_TRIAGE_CONCURRENCY) bounds
 * how many jobs, hence reports, are held at once.
 */
class TriageBatcher {
  private readonly pending = new Map<string, Waiter[]>();
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly ctx: Context) {}

  triage(reportId: string): Promise<Triaged> {
    return new Promise<Triaged>((resolve, reject) => {
      const waiters = this.pending.get(reportId);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(reportId, [{ resolve, reject }]);
      this.schedule();
    });
  }

  /** On the next turn of the event loop, so that jobs delivered together go together. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < BATCHES_IN_FLIGHT && this.pending.size > 0) {
      const batch = new Map<string, Waiter[]>();
      for (const [id, waiters] of this.pending) {
        if (batch.size === MAX_BATCH) break;
        batch.set(id, waiters);
      }
      for (const id of batch.keys()) this.pending.delete(id);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async run(batch: Map<string, Waiter[]>): Promise<void> {
    this.ctx.metrics.triageBatch(batch.size);
    let results: Map<string, Triaged>;
    try {
      results = await triageReports(this.ctx, [...batch.keys()]);
      // A report about a child on file links to the file and warns its director (issue 12
      // §4): after the cases are committed, and again on a retry (links and warnings are
      // unique). The reports as triage read them: no second read.
      await linkReportsToFiles(
        this.ctx,
        [...results.values()].flatMap((t) => (t.report ? [t.report] : [])),
      );
    } catch (err) {
      // Whatever failed the batch, each report is tried on its own, so that one report's
      // failure is its job's alone.
      this.ctx.log.warn({ err, reports: batch.size }, 'triage batch failed; one report at a time');
      await Promise.all(
        [...batch].map(([id, waiters]) =>
          triageOne(this.ctx, id).then(
            (triaged) => waiters.forEach((w) => w.resolve(triaged)),
            (e: unknown) => waiters.forEach((w) => w.reject(e)),
          ),
        ),
      );
      return;
    }
    for (const [id, waiters] of batch) {
      const triaged = results.get(id);
      for (const w of waiters) {
        if (triaged) w.resolve(triaged);
        else w.reject(new Error('triage batch gave no result for a report'));
      }
    }
  }
}

/** One report alone: triaged, then linked to the files of the children it names. */
async function triageOne(ctx: Context, reportId: string): Promise<Triaged> {
  const triaged = await triageReportRead(ctx, reportId);
  if (triaged.report) await linkReportToFiles(ctx, reportId, triaged.report);
  return triaged;
}

const batchers = new WeakMap<Context, TriageBatcher>();

function batcherFor(ctx: Context): TriageBatcher {
  let batcher = batchers.get(ctx);
  if (!batcher) batchers.set(ctx, (batcher = new TriageBatcher(ctx)));
  return batcher;
}

/**
 * Triage jobs run in the process that committed them, straight after the commit (the relay's
 * `runHere`, set where this process runs the workers): the report goes to this process's batcher
 * at once, with no BullMQ round trips (add, fetch, finish: three Lua scripts per report) and no
 * wait for a worker's fetch. At most HUTONG_TRIAGE_CONCURRENCY reports are held this way, as a
 * worker holds at most that many jobs; past it, and for any other job, null: BullMQ takes it.
 */
export function triageJobsHere(ctx: Context): (job: OutboxJob) => Promise<string> | null {
  let held = 0;
  return (job) => {
    if (job.name !== JobName.triageReport || held >= ctx.config.triageConcurrency) return null;
    held++;
    return triageAndFollow(ctx, job.data.reportId).finally(() => held--);
  };
}

/** `intake.triageReport`: the job carries the report id only, never its content. */
export async function processTriageReport(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.triageReport>>,
): Promise<string> {
  return triageAndFollow(ctx, job.data.reportId);
}

async function triageAndFollow(ctx: Context, reportId: string): Promise<string> {
  const { result } = await batcherFor(ctx).triage(reportId);
  if (result.outcome === 'missing') {
    ctx.log.error({ reportId }, 'triage: report not found');
  }
  // A voicemail or callback request now has a case: its task in the operators' list links to it.
  if ((result.outcome === 'opened' || result.outcome === 'linked') && result.channel === 'voice') {
    await emitCallbackTask(ctx, { reportId });
  }
  return result.outcome;
}

/** WARNING: the scheduler's id in Redis; every worker upserts the same one. */
const UNTRIAGED_SCHEDULER = 'sla-untriaged-sweep';
/** A report still untriaged this long after it was received is triaged by the sweep. */
export const UNTRIAGED_AFTER_SECONDS = 60;
const UNTRIAGED_SWEEP_SECONDS = 15;
/** Reports one sweep takes at most; the next sweep takes the rest. */
const UNTRIAGED_BATCH = 200;

/**
 * `sla.untriagedSweep`, the safety net under the triage job: a report accepted but not triaged
 * a minute later (its job failed for good — in chaos run D3, a worker killed twice while it held
 * the job — or was lost with a Redis that kept no data) is triaged here, by the same idempotent
 * path, so nothing accepted waits unseen. Reports whose job is merely late are triaged once:
 * the job then finds them done. Probes `reports_untriaged_idx`, empty when all is well.
 */
export async function sweepUntriaged(ctx: Context, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - scaledMs(UNTRIAGED_AFTER_SECONDS, ctx.config.timeScale));
  const late = await ctx.db
    .select({ id: reports.id })
    .from(reports)
    .where(and(isNull(reports.triagedAt), lt(reports.receivedAt, cutoff)))
    .orderBy(asc(reports.receivedAt))
    .limit(UNTRIAGED_BATCH);
  if (late.length === 0) return 0;
  ctx.log.warn({ reports: late.length }, 'reports untriaged a minute after intake; triaging them');
  let triaged = 0;
  await Promise.all(
    late.map(({ id }) =>
      triageAndFollow(ctx, id).then(
        () => {
          triaged++;
          ctx.metrics.slaBreached('report_untriaged');
        },
        (err: unknown) =>
          ctx.log.warn({ err, reportId: id }, 'triage by the sweep failed; the next sweep retries'),
      ),
    ),
  );
  return triaged;
}

/** `sla.untriagedSweep`. */
export async function processUntriagedSweep(ctx: Context): Promise<number> {
  return sweepUntriaged(ctx);
}

/**
 * Has BullMQ run the untriaged sweep every UNTRIAGED_SWEEP_SECONDS × HUTONG_TIME_SCALE on
 * whichever worker is free (one scheduler however many workers upsert it), and sweeps once now:
 * reports left untriaged while nothing ran are triaged at start.
 */
export async function startUntriagedSweep(ctx: Context, queues: Queues): Promise<void> {
  await queues.byName.sla.upsertJobScheduler(
    UNTRIAGED_SCHEDULER,
    { every: Math.max(1000, scaledMs(UNTRIAGED_SWEEP_SECONDS, ctx.config.timeScale)) },
    { name: JobName.untriagedSweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  try {
    await sweepUntriaged(ctx);
  } catch (err) {
    ctx.log.warn({ err }, 'untriaged sweep at start failed');
  }
}
