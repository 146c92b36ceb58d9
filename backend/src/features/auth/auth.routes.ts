import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { eq } from 'drizzle-orm';
import { AppError, type TAccountLock, type TChangePassword, type TMe } from '@hutong/shared';
import type { Context } from '../../context.js';
import { centres, users } from '../../db/schema.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { redisRateLimit } from '../../http/rate-limit.js';
import { scaledMs } from '../../lib/clock.js';
import { writeAudit } from '../audit/audit.repository.js';
import { findLockedAccounts, type LockedAccountRow } from './auth.repository.js';
import { unlockAccount } from './commands/unlock-account.js';
import { disconnectSession } from './revocation.js';
import { hashPassword } from './passwords.js';
import {
  createSession,
  revokeSession,
  revokeUserSessions,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type Actor,
} from './sessions.js';
import {
  claimAttempt,
  clearFailures,
  FORGET_AFTER_SECONDS,
  FREE_FAILURES,
  waitSeconds,
} from './throttle.js';

/** Verified against when the username is unknown, so both failures take the same time. */
let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => (dummyHash ??= argon2.hash(randomBytes(16).toString('hex')));

function presentMe(actor: Omit<Actor, 'sessionId' | 'expiresAt'>): TMe {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    ...(actor.centreId ? { centreId: actor.centreId } : {}),
    ...(actor.orgId ? { orgId: actor.orgId } : {}),
    ...(actor.regionCode ? { regionCode: actor.regionCode } : {}),
    ...(actor.mustChangePassword ? { mustChangePassword: true as const } : {}),
  };
}

/** The routes a user on a temporary password may still call. */
const DURING_CHANGE = { duringPasswordChange: true } as const;

/** The one answer to a failed sign-in: wrong password, unknown user or waiting account alike. */
function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', {
    message: 'Wrong username or password',
  });
}

/** The first wait of a run is audited: someone is guessing at this account. */
async function auditFirstWait(ctx: Context, userId: string, attempts: number): Promise<void> {
  if (attempts !== FREE_FAILURES) return;
  await writeAudit(ctx.db, {
    actorId: null,
    action: 'auth.locked',
    entityType: 'user',
    entityId: userId,
    data: { failures: attempts, waitSeconds: waitSeconds(attempts) },
  });
}

/**
 * `/api/auth`: signing in and out, the signed-in user, choosing a new password, and the accounts
 * waiting after wrong passwords. Signing in always starts a new session with a new token.
 */
export function authRoutes(ctx: Context) {
  const secure = ctx.config.publicUrl?.startsWith('https://') ?? false;

  // Per address, whatever the usernames (password spraying); only failures count, so a school
  // or hospital behind one address can still sign all its staff in.
  const loginLimiter = redisRateLimit(ctx, 'login-address', {
    windowMs: 15 * 60_000,
    limit: ctx.config.loginRateLimit,
    skipSuccessfulRequests: true,
    message: 'Too many failed sign-ins from this address. Wait and try again later.',
  });

  const passwordLimiter = redisRateLimit(ctx, 'password', {
    windowMs: 60_000,
    limit: 10,
    message: 'Too many attempts. Wait a minute and try again.',
  });

  return {
    login: {
      before: [loginLimiter],
      handle: async ({ body: { username, password }, res }) => {
        const [user] = await ctx.db
          .select()
          .from(users)
          .where(eq(users.username, username))
          .limit(1);
        // The same statement and the same argon2 work whether the user exists, is waiting or
        // not, and the same answer: neither the body nor the time tells an account exists.
        const claim = await claimAttempt(ctx, user?.id);
        const checkAgainst = user && !claim.waiting ? user.passwordHash : await unknownUserHash();
        const ok = await argon2.verify(checkAgainst, password).catch(() => false);
        if (user && claim.waiting) {
          await writeAudit(ctx.db, {
            actorId: user.id,
            action: 'auth.login_refused_locked',
            entityType: 'user',
            entityId: user.id,
          });
          throw invalidCredentials();
        }
        if (!user || !ok || user.disabledAt) {
          await writeAudit(ctx.db, {
            actorId: user?.id ?? null,
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user?.id ?? null,
          });
          if (user && !claim.waiting) await auditFirstWait(ctx, user.id, claim.attempts);
          throw invalidCredentials();
        }
        await clearFailures(ctx, user.id);
        const session = await createSession(ctx.db, user.id);
        await writeAudit(ctx.db, {
          actorId: user.id,
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
        });
        res.cookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/',
          maxAge: SESSION_TTL_MS,
        });
        return presentMe(user);
      },
    },

    logout: {
      ...DURING_CHANGE,
      handle: async ({ actor, res }) => {
        await revokeSession(ctx.db, actor.sessionId);
        disconnectSession(ctx, actor.sessionId);
        await writeAudit(ctx.db, {
          actorId: actor.id,
          action: 'auth.logout',
          entityType: 'user',
          entityId: actor.id,
        });
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true } as const;
      },
    },

    me: {
      ...DURING_CHANGE,
      handle: async ({ actor }) => {
        // A duty officer's console says which centre they act for.
        const [centre] = actor.centreId
          ? await ctx.db
              .select({ id: centres.id, name: centres.name })
              .from(centres)
              .where(eq(centres.id, actor.centreId))
          : [];
        return { ...presentMe(actor), ...(centre ? { centre } : {}) };
      },
    },

    /**
     * The signed-in user chooses a new password (required after a temporary one). The current
     * password is checked like a sign-in (wrong ones count towards the lock); every other session
     * of the user ends, this one stays.
     */
    changePassword: {
      ...DURING_CHANGE,
      before: [passwordLimiter],
      handle: ({ actor, body }) => changePassword(ctx, actor, body),
    },

    /** Accounts waiting after wrong passwords, for a supervisor or admin to unlock. */
    listAccountLocks: async () => {
      const rows = await findLockedAccounts(
        ctx.db,
        scaledMs(FORGET_AFTER_SECONDS, ctx.config.timeScale),
      );
      return { accounts: rows.map(presentAccountLock) };
    },

    unlockAccount: async ({ actor, params }) => {
      await unlockAccount(ctx, actor, params.id);
      return { ok: true } as const;
    },
  } satisfies RouteHandlers;
}

/** A new password for the signed-in user, checked as a sign-in is; other sessions end. */
async function changePassword(ctx: Context, actor: Actor, input: TChangePassword): Promise<TMe> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.id)).limit(1);
  if (!user) throw new AppError('UNAUTHENTICATED', { message: 'Please sign in' });
  // The current password is guessed like a sign-in (a session left open): same waits.
  const claim = await claimAttempt(ctx, actor.id);
  if (claim.waiting) {
    throw new AppError('RATE_LIMITED', {
      message: 'Too many wrong passwords. Wait a little and try again.',
    });
  }
  if (!(await argon2.verify(user.passwordHash, input.currentPassword).catch(() => false))) {
    await writeAudit(ctx.db, {
      actorId: actor.id,
      action: 'auth.password_change_failed',
      entityType: 'user',
      entityId: actor.id,
    });
    await auditFirstWait(ctx, actor.id, claim.attempts);
    throw new AppError('VALIDATION_FAILED', {
      message: 'The request has invalid fields',
      data: { currentPassword: 'This is not your current password' },
    });
  }
  await clearFailures(ctx, actor.id);
  if (input.newPassword.toLowerCase().includes(user.username.toLowerCase())) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The request has invalid fields',
      data: { newPassword: 'Do not put your username in your password' },
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const revoked = await ctx.db.transaction(async (tx) => {
    const [changed] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, actor.id))
      .returning();
    const ended = await revokeUserSessions(tx, actor.id, actor.sessionId);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: actor.id,
      data: { required: user.mustChangePassword, sessionsRevoked: ended.length },
    });
    return { changed: changed!, ended };
  });
  for (const sessionId of revoked.ended) disconnectSession(ctx, sessionId);
  return presentMe({ ...revoked.changed, mustChangePassword: false });
}

function presentAccountLock(row: LockedAccountRow): TAccountLock {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    failures: row.failedLogins,
    waitUntil: row.lockedUntil?.toISOString() ?? null,
  };
}
