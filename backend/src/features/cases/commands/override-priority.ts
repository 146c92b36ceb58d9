import { eq } from 'drizzle-orm';
import type { TCaseDetail, TOverridePriority, TPriorityOverride } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../case-events.js';
import { bumped, changeCase } from '../case-guard.js';

/** Sets the case's priority by hand, with a reason that goes on the timeline. */
export async function overridePriority(
  ctx: Context,
  actor: Actor,
  caseId: string,
  input: TOverridePriority,
): Promise<TCaseDetail> {
  return changeCase(ctx, actor, caseId, { version: input.version }, async (tx, row) => {
    const now = new Date();
    const override: TPriorityOverride = {
      priority: input.priority,
      reason: input.reason,
      by: { id: actor.id, displayName: actor.displayName },
      at: now.toISOString(),
    };
    await tx
      .update(cases)
      .set({ priority: input.priority, priorityOverride: override, ...bumped(now) })
      .where(eq(cases.id, caseId));
    await appendCaseEvent(tx, {
      caseId,
      type: 'priority_overridden',
      actorId: actor.id,
      data: { priority: input.priority, previousPriority: row.priority, reason: input.reason },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.priority_overridden',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { before: { priority: row.priority }, after: { priority: input.priority } },
    });
  });
}
