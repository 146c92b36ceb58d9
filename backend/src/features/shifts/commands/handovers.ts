import { desc, eq } from 'drizzle-orm';
import type { TCreateHandover, THandover, THandoverList } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { handoverNotes, users } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';

/** How many handover notes the board lists. */
const HANDOVERS_LISTED = 20;

/** The latest handover notes, newest first. */
export async function listHandovers(ctx: Context): Promise<THandoverList> {
  const rows = await ctx.db
    .select({ note: handoverNotes, authorName: users.displayName })
    .from(handoverNotes)
    .innerJoin(users, eq(users.id, handoverNotes.authorId))
    .orderBy(desc(handoverNotes.createdAt), desc(handoverNotes.id))
    .limit(HANDOVERS_LISTED);
  return {
    handovers: rows.map(({ note, authorName }) => ({
      id: note.id,
      body: note.body,
      author: { id: note.authorId, displayName: authorName },
      createdAt: note.createdAt.toISOString(),
    })),
  };
}

/** A handover note for the next shift (the audit row records that one was written, not its text). */
export async function createHandover(
  ctx: Context,
  actor: Actor,
  input: TCreateHandover,
): Promise<THandover> {
  const row = await ctx.db.transaction(async (tx) => {
    const [note] = await tx
      .insert(handoverNotes)
      .values({ authorId: actor.id, body: input.body })
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'shift.handover_written',
      entityType: 'handover_note',
      entityId: note!.id,
      caseId: null,
      data: {},
    });
    return note!;
  });
  return {
    id: row.id,
    body: row.body,
    author: { id: actor.id, displayName: actor.displayName },
    createdAt: row.createdAt.toISOString(),
  };
}
