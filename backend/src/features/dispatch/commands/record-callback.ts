import { ZRecordCallback, type TClosureCheck, type TRecordCallback } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { reporterCallbacks } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { lockCase, requireHolder } from '../../cases/case-guard.js';
import { closureCheck } from '../closure-rules.js';

/** `POST /api/cases/:id/callback`: the callback to the reporter (回访) done, or waived with a reason. */
export async function recordCallback(
  ctx: Context,
  actor: Actor,
  caseId: string,
  body: TRecordCallback,
): Promise<TClosureCheck> {
  const input = ZRecordCallback.parse(body);
  await ctx.db.transaction(async (tx) => {
    requireHolder(actor, await lockCase(tx, caseId));
    const values = {
      outcome: input.outcome,
      reason: input.reason ?? null,
      recordedBy: actor.id,
      recordedAt: new Date(),
    };
    await tx
      .insert(reporterCallbacks)
      .values({ caseId, ...values })
      .onConflictDoUpdate({ target: reporterCallbacks.caseId, set: values });
    await appendCaseEvent(tx, {
      caseId,
      type: 'callback_recorded',
      actorId: actor.id,
      data: { outcome: input.outcome, ...(input.reason ? { reason: input.reason } : {}) },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.callback_recorded',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { outcome: input.outcome },
    });
  });
  ctx.kickOutbox();
  return closureCheck(ctx.db, caseId);
}
