import { CLAIM_SWEEP_SECONDS, JobName, type JobPayload } from '@hutong/shared';
import type { Job } from 'bullmq';
import { and, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Context } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { caseEvents, cases } from '../../db/schema.js';
import { scaledMs } from '../../lib/clock.js';
import { outboxBroadcast } from '../outbox/outbox.js';
import type { Queues } from '../../queues/registry.js';
import { appendCaseEvent } from './case-events.js';

/** WARNING: the scheduler's id in Redis; every worker upserts the same one. */
const SWEEP_SCHEDULER = 'sla-claim-sweep';
/** Cases marked per transaction; a sweep goes on until a batch comes back short. */
const SWEEP_BATCH = 500;
/** BullMQ adds one job per turn: at a fast time scale (tests), not more than 20 a second. */
const MIN_SWEEP_MS = 50;

/**
 * `sla.claimSweep`: every unclaimed case whose claim deadline has passed gets its
 * `claim_overdue` event (which rings on every console), once per deadline. Replaces a delayed
 * job per case (issue 16): the deadlines are read from an index of new cases whose current
 * deadline is not yet marked (`cases_claim_due_idx`), so a sweep with nothing due costs one
 * index probe. Exactly once with several workers: the due rows are locked (`skip locked`: a
 * concurrent sweep takes others or none), and a marked case leaves the index in the same
 * transaction.
 */
export async function sweepClaimDeadlines(ctx: Context, now = new Date()): Promise<number> {
  let marked = 0;
  for (;;) {
    const batch = await ctx.db.transaction((tx) => markDueBatch(tx, now));
    marked += batch.marked;
    if (batch.seen < SWEEP_BATCH) break;
  }
  if (marked > 0) ctx.kickOutbox();
  return marked;
}

async function markDueBatch(tx: Tx, now: Date): Promise<{ seen: number; marked: number }> {
  const due = await tx
    .select({ id: cases.id, deadline: cases.claimDeadline })
    .from(cases)
    .where(
      and(
        eq(cases.status, 'new'),
        sql`${cases.claimOverdueDeadline} is distinct from ${cases.claimDeadline}`,
        isNotNull(cases.claimDeadline),
        lte(cases.claimDeadline, now),
      ),
    )
    .orderBy(cases.claimDeadline)
    .limit(SWEEP_BATCH)
    .for('update', { skipLocked: true });
  if (due.length === 0) return { seen: 0, marked: 0 };
  const ids = due.map((c) => c.id);
  // A deadline marked before this column existed (or by a per-case job still in Redis) has its
  // event already: the case is only taken out of the index.
  const already = await tx
    .select({ caseId: caseEvents.caseId, deadline: sql<string>`${caseEvents.data}->>'deadline'` })
    .from(caseEvents)
    .where(and(inArray(caseEvents.caseId, ids), eq(caseEvents.type, 'claim_overdue')));
  const seen = new Set(already.map((e) => `${e.caseId} ${e.deadline}`));
  const toMark = due.filter((c) => !seen.has(`${c.id} ${c.deadline!.toISOString()}`));
  if (toMark.length > 0) {
    const events = await tx
      .insert(caseEvents)
      .values(
        toMark.map((c) => ({
          caseId: c.id,
          type: 'claim_overdue' as const,
          actorId: null,
          data: { deadline: c.deadline!.toISOString() },
        })),
      )
      .returning({ id: caseEvents.id });
    await outboxBroadcast(
      tx,
      events.map((e) => e.id),
    );
    await tx
      .update(cases)
      .set({ updatedAt: now, version: sql`${cases.version} + 1` })
      .where(
        inArray(
          cases.id,
          toMark.map((c) => c.id),
        ),
      );
  }
  await tx
    .update(cases)
    .set({ claimOverdueDeadline: sql`${cases.claimDeadline}` })
    .where(inArray(cases.id, ids));
  return { seen: due.length, marked: toMark.length };
}

/** `sla.claimSweep`. */
export async function processClaimSweep(ctx: Context): Promise<number> {
  return sweepClaimDeadlines(ctx);
}

/**
 * Sweeps once now (a deadline that passed while nothing ran is marked at start) and has BullMQ
 * run the sweep every CLAIM_SWEEP_SECONDS × HUTONG_TIME_SCALE on whichever worker is free.
 * Every worker upserts the same scheduler, so there is one; two sweeps that do meet mark each
 * deadline once (the row locks).
 */
export async function startClaimSweep(ctx: Context, queues: Queues): Promise<void> {
  await queues.byName.sla.upsertJobScheduler(
    SWEEP_SCHEDULER,
    { every: Math.max(MIN_SWEEP_MS, scaledMs(CLAIM_SWEEP_SECONDS, ctx.config.timeScale)) },
    { name: JobName.claimSweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  try {
    await sweepClaimDeadlines(ctx);
  } catch (err) {
    // The scheduled sweep tries again within CLAIM_SWEEP_SECONDS.
    ctx.log.warn({ err }, 'claim sweep at start failed');
  }
}

/**
 * `sla.claimDeadline`, the per-case timer the sweep replaced: kept for jobs queued before it.
 * If the case is still unclaimed at its deadline, mark it overdue on the timeline. Runs once
 * per deadline even if delivered twice, and never beside the sweep's mark (same row lock,
 * same event check).
 */
export async function processClaimDeadline(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.claimDeadline>>,
): Promise<string> {
  const { caseId, deadline } = job.data;
  const outcome = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row || row.status !== 'new' || row.claimDeadline?.toISOString() !== deadline)
      return 'not_due';
    const [already] = await tx
      .select({ id: caseEvents.id })
      .from(caseEvents)
      .where(
        and(
          eq(caseEvents.caseId, caseId),
          eq(caseEvents.type, 'claim_overdue'),
          sql`${caseEvents.data}->>'deadline' = ${deadline}`,
        ),
      )
      .limit(1);
    if (already) return 'already_marked';
    await appendCaseEvent(tx, { caseId, type: 'claim_overdue', actorId: null, data: { deadline } });
    await tx
      .update(cases)
      .set({
        updatedAt: new Date(),
        version: sql`${cases.version} + 1`,
        claimOverdueDeadline: row.claimDeadline,
      })
      .where(eq(cases.id, caseId));
    return 'overdue';
  });
  if (outcome === 'overdue') ctx.kickOutbox();
  return outcome;
}
