import { eq } from 'drizzle-orm';
import {
  AppError,
  REFERRAL_PROBLEM_MESSAGES,
  ZUpdateReferral,
  referralProblem,
  type ReferralActorKind,
  type TReferral,
  type TUpdateReferral,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, referrals } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { bumped, lockCase, requireHolder } from '../../cases/case-guard.js';
import { lockReferral } from '../dispatch.repository.js';
import { loadReferral } from '../load-referrals.js';
import { sealText } from '../../privacy/case-content.js';
import { ENDS_WITHOUT_CENTRE, freezeCentreView } from '../ended-view.js';

/** Who moves a referral: a signed-in person, or the duty officer pressing 1 on a notify call. */
export type ReferralMover = { actor: Actor } | { phone: true };

function kindOf(mover: ReferralMover): ReferralActorKind {
  if ('phone' in mover) return 'centre';
  switch (mover.actor.role) {
    case 'centre_staff':
      return 'centre';
    case 'supervisor':
      return 'supervisor';
    case 'operator':
    case 'reporter':
    case 'admin':
    // The watching half's roles hold no `referrals.update`; the route stops them first.
    // falls through
    case 'child_director':
    case 'township_supervisor':
    case 'analyst':
      return 'operator';
  }
}

/**
 * `PATCH /api/referrals/:id`: moves a referral along the table in shared/dispatch. Centre staff
 * see only their own centre's referrals (anything else is a 404); an operator must hold the case.
 * A referral accepted on a dispatched case puts the case in progress; one that ends without the
 * centre freezes what the centre may see of the case from then on.
 */
export async function updateReferral(
  ctx: Context,
  mover: ReferralMover,
  referralId: string,
  body: TUpdateReferral,
): Promise<TReferral> {
  const input = ZUpdateReferral.parse(body);
  const actor = 'actor' in mover ? mover.actor : null;
  await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(referrals).where(eq(referrals.id, referralId));
    if (!existing || (actor?.role === 'centre_staff' && existing.centreId !== actor.centreId)) {
      throw new AppError('NOT_FOUND', { message: 'No such referral' });
    }
    // Lock order everywhere: case, then referral (the escalation job does the same).
    const caseRow = await lockCase(tx, existing.caseId);
    const row = (await lockReferral(tx, referralId))!;
    const kind = kindOf(mover);
    if (actor && kind !== 'centre') requireHolder(actor, caseRow);
    const problem = referralProblem(row.status, input.status, {
      actor: kind,
      reason: input.reason,
      hasOutcome: input.outcome !== undefined,
    });
    if (problem) {
      throw new AppError('ILLEGAL_TRANSITION', {
        message: REFERRAL_PROBLEM_MESSAGES[problem],
        data: { from: row.status, to: input.status, problem },
      });
    }
    const now = new Date();
    const acknowledging = row.acknowledgedAt === null && input.status !== 'cancelled';
    await tx
      .update(referrals)
      .set({
        status: input.status,
        ...(acknowledging && input.status !== 'revoked'
          ? { acknowledgedAt: now, acknowledgedVia: actor ? 'console' : 'phone' }
          : {}),
        ...(input.reason ? { reason: input.reason } : {}),
        // The centre's notes may name people: encrypted like the case's other free text.
        ...(input.outcome
          ? {
              outcome: {
                ...input.outcome,
                notes: sealText(ctx.config.dataKey, input.outcome.notes) ?? '',
              },
            }
          : {}),
        updatedAt: now,
        version: row.version + 1,
      })
      .where(eq(referrals.id, referralId));
    const seq = await appendCaseEvent(tx, {
      caseId: row.caseId,
      type: 'referral_updated',
      actorId: actor?.id ?? null,
      data: {
        referralId,
        centreId: row.centreId,
        from: row.status,
        to: input.status,
        ...(actor ? {} : { via: 'phone' }),
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.outcome ? { outcome: input.outcome.actions } : {}),
      },
    });
    if (ENDS_WITHOUT_CENTRE.includes(input.status)) {
      await freezeCentreView(tx, referralId, caseRow, { seq, at: now });
    }
    if (input.status === 'accepted' && caseRow.status === 'dispatched') {
      await tx
        .update(cases)
        .set({ status: 'in_progress', ...bumped(now) })
        .where(eq(cases.id, caseRow.id));
      await appendCaseEvent(tx, {
        caseId: caseRow.id,
        type: 'status_changed',
        actorId: actor?.id ?? null,
        data: { from: 'dispatched', to: 'in_progress' },
      });
    }
    await writeAudit(tx, {
      actorId: actor?.id ?? null,
      action: 'referral.status_changed',
      entityType: 'referral',
      entityId: referralId,
      caseId: row.caseId,
      data: { before: { status: row.status }, after: { status: input.status }, via: kind },
    });
  });
  ctx.kickOutbox();
  return (await loadReferral(ctx.db, referralId))!;
}
