import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../case-events.js';
import { lockCase } from '../case-guard.js';
import { encryptText } from '../../../lib/crypto.js';

/**
 * Adds a note to the timeline. Any operator may: a colleague's note does not change the case,
 * so it leaves the version (and an open assessment form) alone.
 */
export async function addNote(
  ctx: Context,
  actor: Actor,
  caseId: string,
  text: string,
): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    await lockCase(tx, caseId);
    const seq = await appendCaseEvent(tx, {
      caseId,
      type: 'note_added',
      actorId: actor.id,
      // Notes name people and places: encrypted at rest like the narrative.
      data: { text: encryptText(ctx.config.dataKey, text) },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.note_added',
      entityType: 'case_event',
      entityId: String(seq),
      caseId,
    });
  });
  ctx.kickOutbox();
  return { ok: true };
}
