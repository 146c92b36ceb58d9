import type { JobName, JobPayload } from '@hutong/shared';
import type { Job } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from '../../context.js';
import { caseEvents, cases } from '../../db/schema.js';
import { appendCaseEvent } from './case-events.js';

/**
 * `sla.claimDeadline`: if the case is still unclaimed at its deadline, mark it overdue on the
 * timeline (which rings on every console). Runs once per deadline even if delivered twice.
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
      .set({ updatedAt: new Date(), version: sql`${cases.version} + 1` })
      .where(eq(cases.id, caseId));
    return 'overdue';
  });
  if (outcome === 'overdue') ctx.kickOutbox();
  return outcome;
}
