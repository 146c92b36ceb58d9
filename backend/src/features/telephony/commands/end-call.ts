import { and, eq, isNull } from 'drizzle-orm';
import { AppError, type TCallSummary, type TCompleteCallbackResponse } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { callbackTasks, calls, reports } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { findCallSummaryRow } from '../telephony.repository.js';
import { presentCall, presentCallbackTask } from '../telephony.presenter.js';

/**
 * The operator hangs up (`POST /api/calls/:id/hangup`): the caller's leg is completed through the
 * REST API; the status callback that follows moves the call to completed and tells the consoles.
 * Only the operator who answered (or a supervisor) may end a call that is connected.
 */
export async function hangUpCall(
  ctx: Context,
  actor: Actor,
  callId: string,
): Promise<TCallSummary> {
  const row = await findCallSummaryRow(ctx.db, callId);
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such call' });
  if (row.status !== 'ringing' && row.status !== 'in_progress') {
    throw new AppError('ILLEGAL_TRANSITION', {
      message: 'This call is not connected to an operator',
      data: { status: row.status },
    });
  }
  if (row.answeredBy !== actor.id && actor.role !== 'supervisor') {
    throw new AppError('FORBIDDEN', { message: 'Only the operator on the call can end it' });
  }
  await ctx.telephony.client().calls(row.callSid).update({ status: 'completed' });
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'call.hung_up',
    entityType: 'call',
    entityId: row.id,
    caseId: row.caseId,
    data: {},
  });
  return presentCall(ctx.config, row);
}

/** A callback task is done (`POST /api/calls/callbacks/:id/complete`); 409 when already done. */
export async function completeCallback(
  ctx: Context,
  actor: Actor,
  taskId: string,
): Promise<TCompleteCallbackResponse> {
  const result = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [task] = await tx
      .update(callbackTasks)
      .set({ completedAt: now, completedBy: actor.id })
      .where(and(eq(callbackTasks.id, taskId), isNull(callbackTasks.completedAt)))
      .returning();
    if (!task) {
      const [existing] = await tx
        .select({ id: callbackTasks.id })
        .from(callbackTasks)
        .where(eq(callbackTasks.id, taskId));
      if (!existing) throw new AppError('NOT_FOUND', { message: 'No such callback task' });
      throw new AppError('CONFLICT', { message: 'This callback task is already done' });
    }
    const [call] = await tx.select().from(calls).where(eq(calls.id, task.callId));
    const [report] = await tx
      .select({ caseId: reports.caseId })
      .from(reports)
      .where(eq(reports.id, task.reportId));
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'callback.completed',
      entityType: 'callback_task',
      entityId: task.id,
      caseId: report?.caseId ?? null,
      data: { kind: task.kind },
    });
    return { task, call: call!, caseId: report?.caseId ?? null, now };
  });
  const done: TCompleteCallbackResponse = {
    task: presentCallbackTask(ctx.config, result.task, result.call, result.caseId),
    completedAt: result.now.toISOString(),
  };
  // Every operator's list drops the task at once.
  ctx.telephony.emitCallback('callback.updated', done);
  return done;
}
