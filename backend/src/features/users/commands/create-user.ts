import { AppError, type TCreateUser, type TUserWithPassword } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { users } from '../../../db/schema.js';
import { writeAudit } from '../../audit/audit.repository.js';
import type { Actor } from '../../auth/sessions.js';
import { hashPassword } from '../../auth/passwords.js';
import { checkBinding } from '../binding.js';
import { temporaryPassword } from '../temporary-password.js';
import { auditSnapshot, presentUser } from '../users.presenter.js';

/** Creates an account with a one-time temporary password, audited with its initial state. */
export async function createUser(
  ctx: Context,
  actor: Actor,
  input: TCreateUser,
): Promise<TUserWithPassword> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const binding = await checkBinding(tx, input.role, {
        centreId: input.centreId ?? null,
        orgId: input.orgId ?? null,
        regionCode: input.regionCode ?? null,
      });
      const [created] = await tx
        .insert(users)
        .values({
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          passwordHash,
          // The administrator saw the password: its owner must replace it at first sign-in.
          mustChangePassword: true,
          ...binding,
        })
        .returning();
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'user.created',
        entityType: 'user',
        entityId: created!.id,
        data: { before: null, after: auditSnapshot(created!) },
      });
      return created!;
    });
    return { user: presentUser(row), temporaryPassword: password };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError('CONFLICT', {
      message: 'That username is taken',
      data: { username: 'Already taken' },
    });
  }
}
