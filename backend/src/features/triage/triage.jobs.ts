import type { JobName, JobPayload } from '@hutong/shared';
import type { Job } from 'bullmq';
import type { Context } from '../../context.js';
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

/** `intake.triageReport`: the job carries the report id only, never its content. */
export async function processTriageReport(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.triageReport>>,
): Promise<string> {
  const { result } = await batcherFor(ctx).triage(job.data.reportId);
  if (result.outcome === 'missing') {
    ctx.log.error({ reportId: job.data.reportId }, 'triage: report not found');
  }
  // A voicemail or callback request now has a case: its task in the operators' list links to it.
  if ((result.outcome === 'opened' || result.outcome === 'linked') && result.channel === 'voice') {
    await emitCallbackTask(ctx, { reportId: job.data.reportId });
  }
  return result.outcome;
}
