import { eq } from 'drizzle-orm';
import { AppError, needsPolice, type ClosureBlocker, type TClosureCheck } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { cases, referrals, reporterCallbacks, users } from '../../db/schema.js';
import { caseCategories } from '../cases/case-categories.js';

/**
 * What stands between a case and `resolved` (DOMAIN.md §2, the closed loop): every referral
 * completed, cancelled, or declined / revoked and re-routed; the police told for situations 1–8;
 * the callback to the reporter (回访) done or waived with a reason.
 */
export async function closureCheck(exec: Executor, caseId: string): Promise<TClosureCheck> {
  const [row] = await exec.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
  const list = await exec
    .select({
      status: referrals.status,
      reroutedToId: referrals.reroutedToId,
    })
    .from(referrals)
    .where(eq(referrals.caseId, caseId));
  const [callback] = await exec
    .select({ callback: reporterCallbacks, byName: users.displayName })
    .from(reporterCallbacks)
    .leftJoin(users, eq(users.id, reporterCallbacks.recordedBy))
    .where(eq(reporterCallbacks.caseId, caseId));

  const blockers: ClosureBlocker[] = [];
  if (list.some((r) => !['completed', 'cancelled', 'declined', 'revoked'].includes(r.status)))
    blockers.push('open_referrals');
  if (list.some((r) => (r.status === 'declined' || r.status === 'revoked') && !r.reroutedToId))
    blockers.push('declined_not_rerouted');
  if (needsPolice(caseCategories(row)) && !row.policeNotifiedAt)
    blockers.push('police_not_notified');
  if (!callback) blockers.push('callback_missing');
  return {
    mayResolve: blockers.length === 0,
    blockers,
    callback: callback
      ? {
          outcome: callback.callback.outcome,
          reason: callback.callback.reason,
          by:
            callback.callback.recordedBy && callback.byName
              ? { id: callback.callback.recordedBy, displayName: callback.byName }
              : null,
          at: callback.callback.recordedAt.toISOString(),
        }
      : null,
  };
}

/** Refuses (409 ILLEGAL_TRANSITION, naming each blocker) to resolve a case whose loop is open. */
export async function assertCaseMayResolve(tx: Executor, caseId: string): Promise<void> {
  const check = await closureCheck(tx, caseId);
  if (check.mayResolve) return;
  throw new AppError('ILLEGAL_TRANSITION', {
    message: `This case cannot be resolved yet: ${check.blockers.map((b) => CLOSURE_BLOCKER_MESSAGES[b]).join('; ')}`,
    data: { to: 'resolved', problem: 'closure_rules', blockers: check.blockers },
  });
}

const CLOSURE_BLOCKER_MESSAGES: Record<ClosureBlocker, string> = {
  open_referrals: 'a referral is still open (complete or cancel it)',
  declined_not_rerouted: 'a declined or revoked referral has not been re-routed',
  police_not_notified: 'record when the police were notified (situations 1–8)',
  callback_missing: 'record the callback to the reporter, or waive it with a reason',
};
