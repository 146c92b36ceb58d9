import { eq } from 'drizzle-orm';
import {
  AppError,
  OUTCOME_ATTACHMENT_TYPES,
  ZAddAttachment,
  type ReferralStatus,
  type TAddAttachment,
  type TAttachmentView,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { referrals } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { addAttachment } from '../../cases/commands/add-attachment.js';

/** A centre attaches to what it has taken on, up to and after completing it. */
const ATTACHABLE: readonly ReferralStatus[] = ['accepted', 'en_route', 'on_site', 'completed'];

/**
 * `POST /api/referrals/:id/attachments` (centre staff): a photo or PDF of what was done (the
 * placement record …), stored with the case like any case attachment, so the operator sees it
 * there. Only the referred centre's own staff (another centre's referral is a 404).
 */
export async function addOutcomeAttachment(
  ctx: Context,
  actor: Actor,
  referralId: string,
  body: TAddAttachment,
): Promise<TAttachmentView> {
  const input = ZAddAttachment.parse(body);
  const [row] = await ctx.db
    .select({ caseId: referrals.caseId, centreId: referrals.centreId, status: referrals.status })
    .from(referrals)
    .where(eq(referrals.id, referralId));
  if (!row || !actor.centreId || row.centreId !== actor.centreId) {
    throw new AppError('NOT_FOUND', { message: 'No such referral' });
  }
  const contentType = input.contentType.toLowerCase();
  if (!(OUTCOME_ATTACHMENT_TYPES as readonly string[]).includes(contentType)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: 'Attach a photo (JPEG, PNG, WebP, HEIC) or a PDF',
      data: { contentType: `One of ${OUTCOME_ATTACHMENT_TYPES.join(', ')}` },
    });
  }
  if (!ATTACHABLE.includes(row.status)) {
    throw new AppError('CONFLICT', {
      message: 'Accept the referral before attaching to its outcome',
      data: { status: row.status },
    });
  }
  return addAttachment(ctx, actor, row.caseId, { ...input, contentType }, { referralId });
}
