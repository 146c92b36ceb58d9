import { Router } from 'express';
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { eq, sql } from 'drizzle-orm';
import { AppError, ZChangePassword, ZLogin, type TMe } from '@hutong/shared';
import type { Context } from '../../context.js';
import { users } from '../../db/schema.js';
import { jsonBody, parse } from '../../http/validate.js';
import { rateLimitStore, rateLimited } from '../../http/rate-limit.js';
import { scaledMs } from '../../lib/clock.js';
import { writeAudit } from '../audit/audit.repository.js';
import { actorOf, requireActor } from './auth.middleware.js';
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

/** Verified against when the username is unknown, so both failures take the same time. */
let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => (dummyHash ??= argon2.hash(randomBytes(16).toString('hex')));

export function presentMe(actor: Omit<Actor, 'sessionId' | 'expiresAt'>): TMe {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    ...(actor.centreId ? { centreId: actor.centreId } : {}),
    ...(actor.orgId ? { orgId: actor.orgId } : {}),
    ...(actor.mustChangePassword ? { mustChangePassword: true as const } : {}),
  };
}

/** The routes a user on a temporary password may still call. */
const DURING_CHANGE = { duringPasswordChange: true };

/** Consecutive wrong passwords that lock an account, and for how long (before time scaling). */
export const LOCKOUT_AFTER_FAILURES = 5;
export const LOCKOUT_SECONDS = 15 * 60;

function lockedError(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError('ACCOUNT_LOCKED', {
    message: `Too many wrong passwords: this account is locked for ${minutes} more minute(s). An administrator can unlock it by resetting the password.`,
    data: { lockedUntil: until.toISOString() },
  });
}

/**
 * Counts a wrong password atomically (two attempts at once both count); the fifth in a row
 * locks the account and is audited. Returns the lock's end when this attempt locked it.
 */
async function recordFailure(ctx: Context, userId: string): Promise<Date | null> {
  const [row] = await ctx.db
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(eq(users.id, userId))
    .returning({ failedLogins: users.failedLogins });
  if (!row || row.failedLogins < LOCKOUT_AFTER_FAILURES) return null;
  const lockedUntil = new Date(Date.now() + scaledMs(LOCKOUT_SECONDS, ctx.config.timeScale));
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil }).where(eq(users.id, userId));
    await writeAudit(tx, {
      actorId: null,
      action: 'auth.locked',
      entityType: 'user',
      entityId: userId,
      data: { failures: row.failedLogins, lockedUntil: lockedUntil.toISOString() },
    });
  });
  return lockedUntil;
}

export function authRoutes(ctx: Context): Router {
  const router = Router();
  const secure = ctx.config.publicUrl?.startsWith('https://') ?? false;

  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: rateLimitStore(ctx, 'login'),
    keyGenerator: (req) => {
      const username = (req.body as { username?: unknown } | undefined)?.username;
      return `${ipKeyGenerator(req.ip ?? '')}|${typeof username === 'string' ? username.toLowerCase() : ''}`;
    },
    handler: rateLimited('Too many sign-in attempts. Wait a minute and try again.'),
  });

  const passwordLimiter = rateLimit({
    windowMs: 60_000,
    limit: 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: rateLimitStore(ctx, 'password'),
    handler: rateLimited('Too many attempts. Wait a minute and try again.'),
  });

  router.post('/login', loginLimiter, async (req, res) => {
    const { username, password } = parse(ZLogin, jsonBody(req));
    const [user] = await ctx.db.select().from(users).where(eq(users.username, username)).limit(1);
    if (user?.lockedUntil && user.lockedUntil > new Date()) {
      await writeAudit(ctx.db, {
        actorId: user.id,
        action: 'auth.login_refused_locked',
        entityType: 'user',
        entityId: user.id,
      });
      throw lockedError(user.lockedUntil);
    }
    const ok = await argon2
      .verify(user?.passwordHash ?? (await unknownUserHash()), password)
      .catch(() => false);
    if (!user || !ok || user.disabledAt) {
      await writeAudit(ctx.db, {
        actorId: user?.id ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
      });
      const lockedUntil = user && !ok ? await recordFailure(ctx, user.id) : null;
      if (lockedUntil) throw lockedError(lockedUntil);
      throw new AppError('INVALID_CREDENTIALS', { message: 'Wrong username or password' });
    }
    if (user.failedLogins > 0 || user.lockedUntil) {
      await ctx.db
        .update(users)
        .set({ failedLogins: 0, lockedUntil: null })
        .where(eq(users.id, user.id));
    }
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
    res.json(presentMe(user));
  });

  router.post('/logout', requireActor(ctx, undefined, DURING_CHANGE), async (req, res) => {
    const actor = actorOf(req);
    await revokeSession(ctx.db, actor.sessionId);
    disconnectSession(ctx, actor.sessionId);
    await writeAudit(ctx.db, {
      actorId: actor.id,
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.id,
    });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });

  router.get('/me', requireActor(ctx, undefined, DURING_CHANGE), (req, res) => {
    res.json(presentMe(actorOf(req)));
  });

  /**
   * The signed-in user chooses a new password (required after a temporary one). The current
   * password is checked like a sign-in (wrong ones count towards the lock); every other session
   * of the user ends, this one stays.
   */
  router.post(
    '/password',
    passwordLimiter,
    requireActor(ctx, undefined, DURING_CHANGE),
    async (req, res) => {
      const actor = actorOf(req);
      const input = parse(ZChangePassword, jsonBody(req));
      const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.id)).limit(1);
      if (!user) throw new AppError('UNAUTHENTICATED', { message: 'Please sign in' });
      if (!(await argon2.verify(user.passwordHash, input.currentPassword).catch(() => false))) {
        await writeAudit(ctx.db, {
          actorId: actor.id,
          action: 'auth.password_change_failed',
          entityType: 'user',
          entityId: actor.id,
        });
        const lockedUntil = await recordFailure(ctx, actor.id);
        if (lockedUntil) throw lockedError(lockedUntil);
        throw new AppError('VALIDATION_FAILED', {
          message: 'The request has invalid fields',
          data: { currentPassword: 'This is not your current password' },
        });
      }
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
      res.json(presentMe({ ...revoked.changed, mustChangePassword: false }));
    },
  );

  return router;
}
