import { eq } from 'drizzle-orm';
import {
  AppError,
  TRANSITION_PROBLEM_MESSAGES,
  can,
  needsPolice,
  transitionProblem,
  type TCaseDetail,
  type TTransitionCase,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { claimWindowMs } from '../../triage/commands/triage-report.js';
import { appendCaseEvent } from '../case-events.js';
import { assertCaseMayResolve } from '../../dispatch/closure-rules.js';
import { scheduleResolutionSms } from '../../dispatch/reporter-sms.js';
import { bumped, changeCase, requireHolder } from '../case-guard.js';
import { caseCategories } from '../case-categories.js';

/**
 * Moves a case along the state machine in shared/workflow.ts, the one place its rules live.
 * Taking a new case (→ triaging) is open to any operator and makes them its holder; every other
 * move is for the holder or a supervisor.
 */
export async function transitionCase(
  ctx: Context,
  actor: Actor,
  caseId: string,
  input: TTransitionCase,
): Promise<TCaseDetail> {
  const to = input.to;
  return changeCase(
    ctx,
    actor,
    caseId,
    { version: input.version, holderOnly: false },
    async (tx, row) => {
      const taking = row.status === 'new' && to === 'triaging';
      if (taking && !can(actor.role, 'cases.claim'))
        throw new AppError('FORBIDDEN', { message: 'Your role may not take cases' });
      if (!taking) requireHolder(actor, row);
      const problem = transitionProblem(row.status, to, {
        mayReopen: can(actor.role, 'cases.reopen'),
        reason: input.reason,
        mandatoryPoliceReport: needsPolice(caseCategories(row)),
        policeNotified: row.policeNotifiedAt !== null,
      });
      if (problem) {
        throw new AppError('ILLEGAL_TRANSITION', {
          message: TRANSITION_PROBLEM_MESSAGES[problem],
          data: { from: row.status, to, problem },
        });
      }
      if (to === 'resolved') {
        await assertCaseMayResolve(tx, caseId);
        await scheduleResolutionSms(tx, caseId);
      }
      const now = new Date();
      const closing = to === 'closed' || to === 'closed_no_action';
      const reopening = to === 'new';
      const deadline = reopening
        ? new Date(now.getTime() + claimWindowMs(ctx, row.priority))
        : null;
      await tx
        .update(cases)
        .set({
          status: to,
          ...(taking ? { assigneeId: actor.id, claimedAt: now } : {}),
          ...(closing ? { closedAt: now, closedReason: input.reason || null } : {}),
          ...(reopening
            ? {
                assigneeId: null,
                claimedAt: null,
                closedAt: null,
                closedReason: null,
                claimDeadline: deadline,
              }
            : {}),
          ...bumped(now),
        })
        .where(eq(cases.id, caseId));
      await appendCaseEvent(tx, {
        caseId,
        type: 'status_changed',
        actorId: actor.id,
        data: { from: row.status, to, ...(input.reason ? { reason: input.reason } : {}) },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'case.status_changed',
        entityType: 'case',
        entityId: caseId,
        caseId,
        data: {
          before: { status: row.status, assigneeId: row.assigneeId },
          after: {
            status: to,
            assigneeId: taking ? actor.id : reopening ? null : row.assigneeId,
          },
        },
      });
    },
  );
}
