import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  AppError,
  OPEN_CASE_STATUSES,
  can,
  type TBulkReassign,
  type TBulkReassignResult,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, users } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { claimWindowMs } from '../../triage/commands/triage-report.js';

/**
 * A supervisor hands every open case one person holds to another, or back to the queue, in one
 * transaction (shift handover). Each case's timeline records it (`reassigned`, `bulk: true`), the
 * audit log has a row per case and one for the whole action. A case back in the queue that was
 * only being assessed is `new` again with a fresh claim deadline, as a release would make it.
 */
export async function bulkReassign(
  ctx: Context,
  actor: Actor,
  input: TBulkReassign,
): Promise<TBulkReassignResult> {
  // The route checks the permission too; the command does not trust its caller.
  if (!can(actor.role, 'cases.reassign')) {
    throw new AppError('FORBIDDEN', { message: 'Only supervisors reassign cases' });
  }
  const moved = await ctx.db.transaction(async (tx) => {
    const staff = inArray(users.role, ['operator', 'supervisor']);
    const [from] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.fromUserId), staff));
    if (!from) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The request has invalid fields',
        data: { fromUserId: 'No operator or supervisor has this id' },
      });
    }
    if (input.toUserId) {
      const [to] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, input.toUserId), staff, isNull(users.disabledAt)));
      if (!to) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'The request has invalid fields',
          data: { toUserId: 'No active operator or supervisor has this id' },
        });
      }
    }
    const held = await tx
      .select()
      .from(cases)
      .where(
        and(eq(cases.assigneeId, input.fromUserId), inArray(cases.status, [...OPEN_CASE_STATUSES])),
      )
      .orderBy(asc(cases.id))
      .for('update');
    const now = new Date();
    for (const row of held) {
      const toQueue = input.toUserId === null;
      const status = toQueue
        ? row.status === 'triaging'
          ? 'new'
          : row.status
        : row.status === 'new'
          ? 'triaging'
          : row.status;
      const deadline =
        toQueue && status === 'new'
          ? new Date(now.getTime() + claimWindowMs(ctx, row.priority))
          : null;
      await tx
        .update(cases)
        .set({
          assigneeId: input.toUserId,
          status,
          claimedAt: toQueue ? (status === 'new' ? null : row.claimedAt) : (row.claimedAt ?? now),
          ...(deadline ? { claimDeadline: deadline } : {}),
          updatedAt: now,
          version: sql`${cases.version} + 1`,
        })
        .where(eq(cases.id, row.id));
      await appendCaseEvent(tx, {
        caseId: row.id,
        type: 'reassigned',
        actorId: actor.id,
        data: {
          previousAssigneeId: row.assigneeId,
          assigneeId: input.toUserId,
          from: row.status,
          to: status,
          bulk: true,
        },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'case.reassigned',
        entityType: 'case',
        entityId: row.id,
        caseId: row.id,
        data: {
          before: { status: row.status, assigneeId: row.assigneeId },
          after: { status, assigneeId: input.toUserId },
          bulk: true,
        },
      });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'shift.cases_reassigned',
      entityType: 'user',
      entityId: input.fromUserId,
      caseId: null,
      data: { toUserId: input.toUserId, cases: held.length },
    });
    return held.map((row) => row.id);
  });
  ctx.kickOutbox();
  return { moved: moved.length, caseIds: moved };
}
