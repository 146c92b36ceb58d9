import { eq } from 'drizzle-orm';
import {
  AppError,
  type TDirectoryEntry,
  type ZCreateDirectoryEntry,
  type ZUpdateDirectoryEntry,
} from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import { directoryEntries } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { presentDirectoryEntry } from '../directory.presenter.js';

type Create = z.output<typeof ZCreateDirectoryEntry>;
type Update = z.output<typeof ZUpdateDirectoryEntry>;

function checkRegion(ctx: Context, regionCode: string | undefined): void {
  if (regionCode !== undefined && !ctx.regions.has(regionCode)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { regionCode: 'Unknown region' },
    });
  }
}

/** Adds a directory entry (admins), audited with its fields. */
export async function createDirectoryEntry(
  ctx: Context,
  actor: Actor,
  input: Create,
): Promise<TDirectoryEntry> {
  checkRegion(ctx, input.regionCode);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(directoryEntries)
      .values({ ...input, note: input.note ?? null })
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'directory.created',
      entityType: 'directory_entry',
      entityId: created!.id,
      data: { fields: Object.keys(input) },
    });
    return created!;
  });
  return presentDirectoryEntry(row, ctx.regions);
}

/** Changes a directory entry (admins); 404 for an unknown id. */
export async function updateDirectoryEntry(
  ctx: Context,
  actor: Actor,
  id: string,
  input: Update,
): Promise<TDirectoryEntry> {
  checkRegion(ctx, input.regionCode);
  const row = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(directoryEntries).where(eq(directoryEntries.id, id));
    if (!before) throw new AppError('NOT_FOUND', { message: 'No such directory entry' });
    const [updated] = await tx
      .update(directoryEntries)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(directoryEntries.id, id))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'directory.updated',
      entityType: 'directory_entry',
      entityId: id,
      data: { fields: Object.keys(input) },
    });
    return updated!;
  });
  return presentDirectoryEntry(row, ctx.regions);
}
