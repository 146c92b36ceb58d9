import { and, eq } from 'drizzle-orm';
import {
  AppError,
  OUTCOME_ATTACHMENT_TYPES,
  ZAddAttachment,
  type ReferralStatus,
  type TAddAttachment,
  type TAttachmentView,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { attachments, referrals } from '../../../db/schema.js';
import { writeAudit } from '../../audit/audit.repository.js';
import type { Actor } from '../../auth/sessions.js';
import { addAttachment } from '../../cases/commands/add-attachment.js';

/** A centre attaches to what it has taken on, up to and after completing it. */
const ATTACHABLE: readonly ReferralStatus[] = ['accepted', 'en_route', 'on_site', 'completed'];

/**
 * `POST /api/referrals/:id/attachments` (centre staff): a photo or PDF of what was done (the
 * placement record …), checked by content, stored with the case like any case attachment, so
 * the operator sees it there. Only the referred centre's own staff (another centre's referral is
 * a 404).
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
  return addAttachment(
    ctx,
    actor,
    row.caseId,
    { ...input, contentType },
    { referralId, allowedTypes: OUTCOME_ATTACHMENT_TYPES },
  );
}

/**
 * `GET /api/referrals/:id/attachments/:attachmentId`: a file attached to this referral's
 * outcome, for the centre that did the work (its own referrals only, else 404) and the hotline.
 * Audited like every attachment read.
 */
export async function readOutcomeAttachment(
  ctx: Context,
  actor: Actor,
  referralId: string,
  attachmentId: string,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        caseId: attachments.caseId,
        centreId: referrals.centreId,
        filename: attachments.filename,
        contentType: attachments.contentType,
        data: attachments.data,
      })
      .from(attachments)
      .innerJoin(referrals, eq(referrals.id, attachments.referralId))
      .where(and(eq(attachments.id, attachmentId), eq(attachments.referralId, referralId)));
    if (!row || (actor.role === 'centre_staff' && row.centreId !== actor.centreId)) {
      throw new AppError('NOT_FOUND', { message: 'No such attachment' });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'referral.attachment_read',
      entityType: 'attachment',
      entityId: attachmentId,
      caseId: row.caseId,
      data: { referralId },
    });
    return { filename: row.filename, contentType: row.contentType, data: row.data };
  });
}
