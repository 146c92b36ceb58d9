import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Role } from '@hutong/shared';
import type { Db, Executor } from '../../db/client.js';
import { sessions, users } from '../../db/schema.js';
import { sha256 } from '../../lib/crypto.js';

export const SESSION_COOKIE = 'hutong_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The signed-in person a request or socket acts as. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  centreId: string | null;
  orgId: string | null;
  /** The region a director, township supervisor or analyst works for (its whole subtree). */
  regionCode: string | null;
  sessionId: string;
  /** When the session ends by itself; a socket is disconnected then. */
  expiresAt: Date;
  /** Signed in with a temporary password that must be changed before anything else. */
  mustChangePassword: boolean;
}

/** Starts a session and returns the token for the cookie; only its digest is stored. */
export async function createSession(
  db: Db,
  userId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(sessions).values({ id: sha256(token), userId, expiresAt });
  return { token, expiresAt };
}

/** The actor behind a session token, or null if it is unknown, expired, revoked or disabled. */
export async function findActor(db: Db, token: string | undefined): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const id = sha256(token);
  const [row] = await db
    .select({
      sessionId: sessions.id,
      expiresAt: sessions.expiresAt,
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      centreId: users.centreId,
      orgId: users.orgId,
      regionCode: users.regionCode,
      mustChangePassword: users.mustChangePassword,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, id),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(eq(sessions.id, sessionId));
}

/**
 * Ends every live session of a user (disabled, password reset or changed) but `keep`, if
 * given; returns their ids.
 */
export async function revokeUserSessions(
  exec: Executor,
  userId: string,
  keep?: string,
): Promise<string[]> {
  const rows = await exec
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keep === undefined ? undefined : ne(sessions.id, keep),
      ),
    )
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}
