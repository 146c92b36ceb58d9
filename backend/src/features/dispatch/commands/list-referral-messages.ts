import { eq } from 'drizzle-orm';
import type { TReferralMessageList } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { referrals } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { presentReferralMessage } from '../dispatch.presenter.js';
import { findReferralMessages } from '../referral-messages.repository.js';
import { messageSideOf, messagesOpen } from '../referral-messages.policy.js';

/**
 * `GET /api/referrals/:id/messages`: the conversation on a referral, oldest first (an audited
 * read). A centre sees only its own referrals'; after a referral ended without it, only what was
 * said until then.
 */
export async function listReferralMessages(
  ctx: Context,
  actor: Actor,
  referralId: string,
): Promise<TReferralMessageList> {
  const [row] = await ctx.db.select().from(referrals).where(eq(referrals.id, referralId));
  const side = messageSideOf(actor, row);
  const until = side === 'centre' && row!.endedView ? new Date(row!.endedView.at) : undefined;
  const rows = await findReferralMessages(ctx.db, referralId, until);
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'referral.messages_read',
    entityType: 'referral',
    entityId: referralId,
    caseId: row!.caseId,
  });
  return { messages: rows.map(presentReferralMessage), open: messagesOpen(row!) };
}
