import { JobName } from '@hutong/shared';
import type { Context } from '../../context.js';
import { scaledMs } from '../../lib/clock.js';
import type { Queues } from '../../queues/registry.js';
import { refreshStatsRollup, type RollupRun } from './commands/refresh-stats-rollup.js';

/** WARNING: the scheduler's id in Redis; every worker upserts the same one. */
const ROLLUP_SCHEDULER = 'stats-rollup';
/** How often the rollup catches up (the summary reads the days since live meanwhile). */
const STATS_ROLLUP_SECONDS = 60;

/** `stats.rollup`: see refreshStatsRollup. */
export async function processStatsRollup(ctx: Context): Promise<RollupRun> {
  const run = await refreshStatsRollup(ctx);
  if (run.ran && run.days > 1) ctx.log.info({ days: run.days, months: run.months }, 'stats rollup');
  return run;
}

/**
 * Has BullMQ refresh the rollup every 60 s × HUTONG_TIME_SCALE (at least every second) on
 * whichever worker is free; every worker upserts the same scheduler. The first run over a large
 * database takes minutes; the figures are exact meanwhile (read live).
 */
export async function startStatsRollup(ctx: Context, queues: Queues): Promise<void> {
  await queues.byName.sla.upsertJobScheduler(
    ROLLUP_SCHEDULER,
    { every: Math.max(1000, scaledMs(STATS_ROLLUP_SECONDS, ctx.config.timeScale)) },
    { name: JobName.statsRollup, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
}
