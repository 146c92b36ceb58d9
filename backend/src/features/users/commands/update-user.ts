import { eq } from 'drizzle-orm';
import { AppError, type TUpdateUser, type TUser } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { users } from '../../../db/schema.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { disconnectUser } from '../../auth/revocation.js';
import { revokeUserSessions, type Actor } from '../../auth/sessions.js';
import { checkBinding } from '../binding.js';
import { auditSnapshot, presentUser } from '../users.presenter.js';
import { findUserForUpdate } from '../users.repository.js';

/**
 * Changes an account's name, role, binding or disabled state, audited before and after.
 * Disabling ends the user's sessions and disconnects their sockets at once; a role or binding
 * change disconnects them too, so they rejoin only the rooms the new role allows.
 */
export async function updateUser(
  ctx: Context,
  actor: Actor,
  userId: string,
  input: TUpdateUser,
): Promise<TUser> {
  if (userId === actor.id && (input.disabled === true || (input.role && input.role !== 'admin'))) {
    throw new AppError('CONFLICT', {
      message: 'You cannot disable your own account or give up your own administrator role',
    });
  }
  const { row, reconnect } = await ctx.db.transaction(async (tx) => {
    const before = await findUserForUpdate(tx, userId);
    if (!before) throw new AppError('NOT_FOUND', { message: 'No such user' });
    const role = input.role ?? before.role;
    const binding = await checkBinding(tx, role, {
      centreId: input.centreId === undefined ? before.centreId : input.centreId,
      orgId: input.orgId === undefined ? before.orgId : input.orgId,
      regionCode: input.regionCode === undefined ? before.regionCode : input.regionCode,
    });
    const disabling = input.disabled === true && !before.disabledAt;
    const [after] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? before.displayName,
        role,
        ...binding,
        ...(input.disabled === undefined
          ? {}
          : { disabledAt: input.disabled ? (before.disabledAt ?? new Date()) : null }),
      })
      .where(eq(users.id, userId))
      .returning();
    if (disabling) await revokeUserSessions(tx, userId);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'user.updated',
      entityType: 'user',
      entityId: userId,
      data: { before: auditSnapshot(before), after: auditSnapshot(after!) },
    });
    const reconnect =
      disabling ||
      role !== before.role ||
      binding.centreId !== before.centreId ||
      binding.orgId !== before.orgId ||
      binding.regionCode !== before.regionCode;
    return { row: after!, reconnect };
  });
  if (reconnect) disconnectUser(ctx, userId);
  return presentUser(row);
}
