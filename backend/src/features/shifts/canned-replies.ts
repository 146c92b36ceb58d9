import { asc, eq } from 'drizzle-orm';
import { AppError, type TCannedReply, type TSaveCannedReply } from '@hutong/shared';
import type { Context } from '../../context.js';
import { cannedReplies } from '../../db/schema.js';
import type { Actor } from '../auth/sessions.js';
import { writeAudit } from '../audit/audit.repository.js';

type Row = typeof cannedReplies.$inferSelect;

/** Row → shared DTO. */
function presentCannedReply(row: Row): TCannedReply {
  return {
    id: row.id,
    label: { 'zh-CN': row.labelZh, en: row.labelEn },
    text: { 'zh-CN': row.textZh, en: row.textEn },
    position: row.position,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function columns(input: TSaveCannedReply) {
  return {
    labelZh: input.label['zh-CN'],
    labelEn: input.label.en,
    textZh: input.text['zh-CN'],
    textEn: input.text.en,
    ...(input.position === undefined ? {} : { position: input.position }),
  };
}

/** Every canned reply, in the administrators' order. */
export async function listCannedReplies(ctx: Context): Promise<TCannedReply[]> {
  const rows = await ctx.db
    .select()
    .from(cannedReplies)
    .orderBy(asc(cannedReplies.position), asc(cannedReplies.createdAt));
  return rows.map(presentCannedReply);
}

export async function createCannedReply(
  ctx: Context,
  actor: Actor,
  input: TSaveCannedReply,
): Promise<TCannedReply> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(cannedReplies)
      .values({ ...columns(input), updatedBy: actor.id })
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'canned_reply.created',
      entityType: 'canned_reply',
      entityId: row!.id,
      data: {},
    });
    return presentCannedReply(row!);
  });
}

export async function updateCannedReply(
  ctx: Context,
  actor: Actor,
  id: string,
  input: TSaveCannedReply,
): Promise<TCannedReply> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(cannedReplies)
      .set({ ...columns(input), updatedBy: actor.id, updatedAt: new Date() })
      .where(eq(cannedReplies.id, id))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', { message: 'No such canned reply' });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'canned_reply.updated',
      entityType: 'canned_reply',
      entityId: id,
      data: {},
    });
    return presentCannedReply(row);
  });
}

export async function deleteCannedReply(ctx: Context, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(cannedReplies)
      .where(eq(cannedReplies.id, id))
      .returning({ id: cannedReplies.id });
    if (!row) throw new AppError('NOT_FOUND', { message: 'No such canned reply' });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'canned_reply.deleted',
      entityType: 'canned_reply',
      entityId: id,
      data: {},
    });
  });
}
