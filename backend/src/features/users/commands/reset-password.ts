import { eq } from 'drizzle-orm';
import { AppError, type TUserWithPassword } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { users } from '../../../db/schema.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { hashPassword } from '../../auth/passwords.js';
import { disconnectUser } from '../../auth/revocation.js';
import { revokeUserSessions, type Actor } from '../../auth/sessions.js';
import { temporaryPassword } from '../temporary-password.js';
import { presentUser } from '../users.presenter.js';
import { findUserForUpdate } from '../users.repository.js';

/**
 * Replaces a password with a one-time temporary one, unlocks the account, and ends the user's
 * sessions and sockets (whoever knew the old password is out). Audited, without the password.
 */
export async function resetPassword(
  ctx: Context,
  actor: Actor,
  userId: string,
): Promise<TUserWithPassword> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await findUserForUpdate(tx, userId);
    if (!before) throw new AppError('NOT_FOUND', { message: 'No such user' });
    const [after] = await tx
      .update(users)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null, mustChangePassword: true })
      .where(eq(users.id, userId))
      .returning();
    const revoked = await revokeUserSessions(tx, userId);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'user.password_reset',
      entityType: 'user',
      entityId: userId,
      data: {
        before: { locked: Boolean(before.lockedUntil && before.lockedUntil > new Date()) },
        after: { locked: false },
        sessionsRevoked: revoked.length,
      },
    });
    return after!;
  });
  disconnectUser(ctx, userId);
  return { user: presentUser(row), temporaryPassword: password };
}
