import { and, eq, inArray, isNull } from 'drizzle-orm';
import { AppError, OPEN_CASE_STATUSES, type TCaseSummary } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { users } from '../../../db/schema.js';
import { cases } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../case-events.js';
import { bumped, lockCase } from '../case-guard.js';
import { loadCaseSummary } from '../load-summaries.js';

/**
 * A supervisor hands an open case to another operator (a new case is taken on their behalf).
 * The row lock orders it against a racing claim: whichever commits first wins, the other sees it.
 */
export async function reassignCase(
  ctx: Context,
  actor: Actor,
  caseId: string,
  assigneeId: string,
): Promise<TCaseSummary> {
  await ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    if (!OPEN_CASE_STATUSES.includes(row.status)) {
      throw new AppError('ILLEGAL_TRANSITION', {
        message: `A case that is ${row.status} cannot be reassigned; reopen it first`,
        data: { status: row.status },
      });
    }
    const [assignee] = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.id, assigneeId),
          inArray(users.role, ['operator', 'supervisor']),
          isNull(users.disabledAt),
        ),
      );
    if (!assignee) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The request has invalid fields',
        data: { assigneeId: 'No active operator or supervisor has this id' },
      });
    }
    if (row.assigneeId === assigneeId) return;
    const now = new Date();
    const status = row.status === 'new' ? 'triaging' : row.status;
    await tx
      .update(cases)
      .set({ assigneeId, status, claimedAt: row.claimedAt ?? now, ...bumped(now) })
      .where(eq(cases.id, caseId));
    await appendCaseEvent(tx, {
      caseId,
      type: 'reassigned',
      actorId: actor.id,
      data: { previousAssigneeId: row.assigneeId, assigneeId, from: row.status, to: status },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.reassigned',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: {
        before: { status: row.status, assigneeId: row.assigneeId },
        after: { status, assigneeId },
      },
    });
  });
  ctx.kickOutbox();
  return loadCaseSummary(ctx, caseId);
}
