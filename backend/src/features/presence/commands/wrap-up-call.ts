import { and, eq, inArray, isNull } from 'drizzle-orm';
import { AppError, OPEN_CASE_STATUSES, type TWrapUpCall, type TWrapUpResult } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { calls, cases } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { changePresence, readPresence } from '../presence-status.js';

/** Call statuses after which there is something to wrap up. */
const ENDED = ['completed', 'abandoned'] as const;

/**
 * The after-call step (`POST /api/calls/:id/wrap-up`): how the call ended and a short note,
 * recorded on the call and, when there is a case, on its timeline (the note as private text);
 * then the operator is available again. Only the operator who answered may wrap it up, once.
 */
export async function wrapUpCall(
  ctx: Context,
  actor: Actor,
  callId: string,
  input: TWrapUpCall,
): Promise<TWrapUpResult> {
  const result = await ctx.db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for('update');
    if (!call) throw new AppError('NOT_FOUND', { message: 'No such call' });
    if (call.answeredBy !== actor.id) {
      throw new AppError('FORBIDDEN', {
        message: 'Only the operator who took the call wraps it up',
      });
    }
    if (!(ENDED as readonly string[]).includes(call.status)) {
      throw new AppError('ILLEGAL_TRANSITION', {
        message: 'This call has not ended yet',
        data: { status: call.status },
      });
    }
    if (call.wrappedUpAt) {
      throw new AppError('CONFLICT', { message: 'This call has already been wrapped up' });
    }
    let caseId = call.caseId;
    if (input.caseId && input.caseId !== call.caseId) {
      const [target] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.id, input.caseId), inArray(cases.status, [...OPEN_CASE_STATUSES])));
      if (!target) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'The request has invalid fields',
          data: { caseId: 'No open case with this id' },
        });
      }
      caseId = target.id;
    }
    const now = new Date();
    const note = input.note ? input.note : null;
    const [done] = await tx
      .update(calls)
      .set({
        wrapUpOutcome: input.outcome,
        wrapUpNote: note,
        wrappedUpAt: now,
        wrappedUpBy: actor.id,
        caseId,
        updatedAt: now,
      })
      .where(and(eq(calls.id, callId), isNull(calls.wrappedUpAt)))
      .returning({ id: calls.id });
    if (!done) throw new AppError('CONFLICT', { message: 'This call has already been wrapped up' });
    if (caseId) {
      // `text` is private event data: shown in the case view, stripped from broadcasts.
      await appendCaseEvent(tx, {
        caseId,
        type: 'call_wrapped_up',
        actorId: actor.id,
        data: { callId, outcome: input.outcome, ...(note ? { text: note } : {}) },
      });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'call.wrapped_up',
      entityType: 'call',
      entityId: callId,
      caseId,
      data: { outcome: input.outcome, note: Boolean(note) },
    });
    return { caseId, at: now };
  });
  ctx.kickOutbox();
  const presence = await changePresence(
    ctx,
    { id: actor.id, displayName: actor.displayName, role: actor.role },
    { status: 'available' },
    // A new call may have been answered meanwhile (wrap-up finished late): keep "on a call".
    (current) => current?.status !== 'on_call' || current.callId === callId,
  );
  return {
    callId,
    outcome: input.outcome,
    caseId: result.caseId,
    wrappedUpAt: result.at.toISOString(),
    presence: presence ?? (await readPresence(ctx, actor)),
  };
}
