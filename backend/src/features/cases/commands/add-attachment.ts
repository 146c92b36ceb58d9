import { and, eq } from 'drizzle-orm';
import {
  AppError,
  ATTACHMENT_MAX_BYTES,
  type CaseAttachmentType,
  type TAddAttachment,
  type TAttachmentView,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { attachments } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../case-events.js';
import { lockCase, requireHolder } from '../case-guard.js';
import { checkFileType } from '../file-signatures.js';

/**
 * Stores a file with the case; the timeline says a file was added (not its name). Only the
 * allowed types, checked by content (`checkFileType`). With `referralId`, the file belongs to a
 * centre's outcome of that referral (and shows on the case).
 */
export async function addAttachment(
  ctx: Context,
  actor: Actor,
  caseId: string,
  input: TAddAttachment,
  options: { referralId?: string; allowedTypes?: readonly CaseAttachmentType[] } = {},
): Promise<TAttachmentView> {
  const data = Buffer.from(input.dataBase64, 'base64');
  if (data.length === 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The request has invalid fields',
      data: { dataBase64: 'The file is empty' },
    });
  }
  if (data.length > ATTACHMENT_MAX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      message: `Attachments may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`,
    });
  }
  const contentType = checkFileType(input.contentType, data, options.allowedTypes);
  const row = await ctx.db.transaction(async (tx) => {
    const locked = await lockCase(tx, caseId);
    // A centre's outcome file is scoped by its referral (the caller checked it); anything else
    // is case work, for the holder.
    if (!options.referralId) requireHolder(actor, locked);
    const [created] = await tx
      .insert(attachments)
      .values({
        caseId,
        referralId: options.referralId ?? null,
        filename: input.filename,
        contentType,
        size: data.length,
        data,
        uploadedBy: actor.id,
      })
      .returning({ id: attachments.id, createdAt: attachments.createdAt });
    await appendCaseEvent(tx, {
      caseId,
      type: 'attachment_added',
      actorId: actor.id,
      data: {
        attachmentId: created!.id,
        size: data.length,
        contentType,
        ...(options.referralId ? { referralId: options.referralId } : {}),
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.attachment_added',
      entityType: 'attachment',
      entityId: created!.id,
      caseId,
      data: {
        size: data.length,
        contentType,
        ...(options.referralId ? { referralId: options.referralId } : {}),
      },
    });
    return created!;
  });
  ctx.kickOutbox();
  return {
    id: row.id,
    filename: input.filename,
    contentType,
    size: data.length,
    uploadedBy: { id: actor.id, displayName: actor.displayName },
    createdAt: row.createdAt.toISOString(),
  };
}

/** One attachment's bytes, for download; every read is audited. */
export async function readAttachment(
  ctx: Context,
  actor: Actor,
  caseId: string,
  attachmentId: string,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(attachments)
      .where(and(eq(attachments.id, attachmentId), eq(attachments.caseId, caseId)));
    if (!row) throw new AppError('NOT_FOUND', { message: 'No such attachment' });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.attachment_read',
      entityType: 'attachment',
      entityId: attachmentId,
      caseId,
    });
    return { filename: row.filename, contentType: row.contentType, data: row.data };
  });
}
