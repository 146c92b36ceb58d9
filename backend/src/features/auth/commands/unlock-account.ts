import { eq } from 'drizzle-orm';
import { AppError } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { users } from '../../../db/schema.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { findUserForUpdate } from '../../users/users.repository.js';
import type { Actor } from '../sessions.js';

/**
 * Forgets an account's wrong passwords and wait, so its owner can sign in at once (a supervisor
 * for the night shift, an admin for anyone). Only an admin may unlock an admin. Audited with the
 * run that was cleared.
 */
export async function unlockAccount(ctx: Context, actor: Actor, userId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await findUserForUpdate(tx, userId);
    if (!before) throw new AppError('NOT_FOUND', { message: 'No such user' });
    if (before.role === 'admin' && actor.role !== 'admin') {
      throw new AppError('FORBIDDEN', {
        message: "Only an administrator may unlock an administrator's account",
      });
    }
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'user.unlocked',
      entityType: 'user',
      entityId: userId,
      data: {
        before: {
          failures: before.failedLogins,
          waitUntil: before.lockedUntil?.toISOString() ?? null,
        },
        after: { failures: 0, waitUntil: null },
      },
    });
  });
}
