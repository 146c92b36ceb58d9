import { and, eq, sql } from 'drizzle-orm';
import { AppError, can, type TCaseSummary } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { claimWindowMs } from '../../triage/commands/triage-report.js';
import { appendCaseEvent } from '../case-events.js';
import { loadCaseSummary } from '../load-summaries.js';

/**
 * Puts a claimed case back in the queue with a fresh claim deadline. The holder may release it;
 * so may a supervisor (reassignment starts here).
 */
export async function releaseCase(
  ctx: Context,
  actor: Actor,
  caseId: string,
): Promise<TCaseSummary> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
    if (row.status !== 'triaging') {
      throw new AppError('ILLEGAL_TRANSITION', {
        message: `A case that is ${row.status} cannot be released`,
        data: { status: row.status },
      });
    }
    if (row.assigneeId !== actor.id && !can(actor.role, 'cases.reassign')) {
      throw new AppError('FORBIDDEN', {
        message: 'Only the operator holding this case can release it',
      });
    }
    const now = new Date();
    const deadline = new Date(now.getTime() + claimWindowMs(ctx, row.priority));
    await tx
      .update(cases)
      .set({
        status: 'new',
        assigneeId: null,
        claimedAt: null,
        claimDeadline: deadline,
        updatedAt: now,
        version: sql`${cases.version} + 1`,
      })
      .where(and(eq(cases.id, caseId)));
    await appendCaseEvent(tx, {
      caseId,
      type: 'released',
      actorId: actor.id,
      data: { from: 'triaging', to: 'new', previousAssigneeId: row.assigneeId },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.released',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: {
        before: { status: row.status, assigneeId: row.assigneeId },
        after: { status: 'new', assigneeId: null },
      },
    });
  });
  ctx.kickOutbox();
  return loadCaseSummary(ctx, caseId);
}
