import { eq } from 'drizzle-orm';
import {
  JobName,
  QueueName,
  ZPostReferralMessage,
  type TPostReferralMessage,
  type TReferralMessage,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { referralMessages, referrals } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { outboxJob } from '../../outbox/outbox.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { lockCase, requireHolder } from '../../cases/case-guard.js';
import { sealText } from '../../privacy/case-content.js';
import { lockReferral } from '../dispatch.repository.js';
import { presentReferralMessage } from '../dispatch.presenter.js';
import { messageSideOf, requireMessagesOpen } from '../referral-messages.policy.js';

/**
 * `POST /api/referrals/:id/messages`: a message between the centre and the hotline on a live
 * referral. The centre writes only on its own referral; an operator only on a case they hold (a
 * supervisor on any). The body is encrypted at rest; the timeline, the audit log and the socket
 * event carry only ids and the side, never the text.
 */
export async function postReferralMessage(
  ctx: Context,
  actor: Actor,
  referralId: string,
  body: TPostReferralMessage,
): Promise<TReferralMessage> {
  const input = ZPostReferralMessage.parse(body);
  const row = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(referrals).where(eq(referrals.id, referralId));
    const side = messageSideOf(actor, existing);
    // Lock order everywhere: case, then referral; the referral may have ended meanwhile.
    const caseRow = await lockCase(tx, existing!.caseId);
    const referral = (await lockReferral(tx, referralId))!;
    if (side === 'hotline') requireHolder(actor, caseRow);
    requireMessagesOpen(referral);
    const [message] = await tx
      .insert(referralMessages)
      .values({
        referralId,
        caseId: referral.caseId,
        authorId: actor.id,
        side,
        body: sealText(ctx.config.dataKey, input.body)!,
      })
      .returning();
    await appendCaseEvent(tx, {
      caseId: referral.caseId,
      type: 'referral_message',
      actorId: actor.id,
      data: { referralId, centreId: referral.centreId, messageId: message!.id, side },
    });
    // The centre is told outside the console too: an SMS notice to its duty phone (ids only here).
    if (side === 'hotline') {
      await outboxJob(tx, {
        queue: QueueName.notify,
        name: JobName.notifyReferralMessage,
        data: { messageId: message!.id },
        jobId: `refmsg-${message!.id}`,
      });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'referral.message_sent',
      entityType: 'referral',
      entityId: referralId,
      caseId: referral.caseId,
      data: { messageId: message!.id, side },
    });
    return message!;
  });
  ctx.kickOutbox();
  return presentReferralMessage({ message: row, authorName: actor.displayName });
}
