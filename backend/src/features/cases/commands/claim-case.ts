import { and, eq, isNull, sql } from 'drizzle-orm';
import { AppError, type TCaseSummary } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, users } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../case-events.js';
import { loadCaseSummary } from '../load-summaries.js';

/**
 * Claims a new case for the actor. One conditional UPDATE decides the race: when two operators
 * claim at once exactly one row matches, and the other learns who won.
 */
export async function claimCase(ctx: Context, actor: Actor, caseId: string): Promise<TCaseSummary> {
  await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [won] = await tx
      .update(cases)
      .set({
        status: 'triaging',
        assigneeId: actor.id,
        claimedAt: now,
        updatedAt: now,
        version: sql`${cases.version} + 1`,
      })
      .where(and(eq(cases.id, caseId), eq(cases.status, 'new'), isNull(cases.assigneeId)))
      .returning({ id: cases.id, claimDeadline: cases.claimDeadline });
    if (!won) {
      const [current] = await tx
        .select({
          status: cases.status,
          assigneeId: cases.assigneeId,
          assigneeName: users.displayName,
        })
        .from(cases)
        .leftJoin(users, eq(users.id, cases.assigneeId))
        .where(eq(cases.id, caseId));
      if (!current) throw new AppError('NOT_FOUND', { message: 'No such case' });
      if (current.assigneeId === actor.id) return; // Claiming what you hold already is a no-op.
      if (current.assigneeId) {
        throw new AppError('CASE_ALREADY_CLAIMED', {
          message: `${current.assigneeName ?? 'Another operator'} has already claimed this case`,
          data: { assignee: { id: current.assigneeId, displayName: current.assigneeName ?? '' } },
        });
      }
      throw new AppError('ILLEGAL_TRANSITION', {
        message: `A case that is ${current.status} cannot be claimed`,
        data: { status: current.status },
      });
    }
    const late = won.claimDeadline ? now > won.claimDeadline : false;
    await appendCaseEvent(tx, {
      caseId,
      type: 'claimed',
      actorId: actor.id,
      data: { late, from: 'new', to: 'triaging' },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.claimed',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: {
        before: { status: 'new', assigneeId: null },
        after: { status: 'triaging', assigneeId: actor.id },
      },
    });
  });
  ctx.kickOutbox();
  return loadCaseSummary(ctx, caseId);
}
