import type { Job } from 'bullmq';
import { JobName, OVERDUE_SWEEP_SECONDS, type JobPayload } from '@hutong/shared';
import type { Context } from '../../context.js';
import { scaledMs } from '../../lib/clock.js';
import type { Queues } from '../../queues/registry.js';
import { sweepOverdue } from './commands/raise-warnings.js';
import { linkCaseAssessmentToFiles } from './commands/match-assessment.js';

/** WARNING: the scheduler's id in Redis; every worker upserts the same one. */
const SWEEP_SCHEDULER = 'warnings-overdue-sweep';

/** `warnings.overdueSweep`: raises the warnings of visits that fell due (see sweepOverdue). */
export async function processOverdueSweep(ctx: Context): Promise<number> {
  return sweepOverdue(ctx);
}

/**
 * `warnings.matchAssessment`: matches a case's assessment, as stored now, against the register
 * (its save's own match failed or never ran). Safe to run again: nothing new links or warns.
 */
export async function processMatchAssessment(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.matchAssessment>>,
): Promise<string[]> {
  return linkCaseAssessmentToFiles(ctx, job.data.caseId);
}

/**
 * Sweeps once now (a visit that fell due while nothing ran warns at start) and has BullMQ run
 * the sweep every 60 s × HUTONG_TIME_SCALE on whichever worker is free. Every worker upserts the
 * same scheduler, so there is one; two sweeps that do meet raise each warning once (its key).
 */
export async function startOverdueSweep(ctx: Context, queues: Queues): Promise<void> {
  await queues.byName.sla.upsertJobScheduler(
    SWEEP_SCHEDULER,
    { every: scaledMs(OVERDUE_SWEEP_SECONDS, ctx.config.timeScale) },
    { name: JobName.overdueSweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  try {
    await sweepOverdue(ctx);
  } catch (err) {
    // The scheduled sweep tries again within a minute.
    ctx.log.warn({ err }, 'overdue sweep at start failed');
  }
}
