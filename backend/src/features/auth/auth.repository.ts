import { and, asc, gte, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { FREE_FAILURES } from './throttle.js';

export type LockedAccountRow = Pick<
  typeof users.$inferSelect,
  'id' | 'username' | 'displayName' | 'role' | 'failedLogins' | 'lockedUntil'
>;

/** Accounts in a run of wrong passwords long enough that each attempt must wait. */
export async function findLockedAccounts(
  exec: Executor,
  forgetAfterMs: number,
): Promise<LockedAccountRow[]> {
  return exec
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      failedLogins: users.failedLogins,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .where(
      and(
        gte(users.failedLogins, FREE_FAILURES),
        or(
          isNull(users.lockedUntil),
          gte(users.lockedUntil, sql`now() - ${forgetAfterMs} * interval '1 millisecond'`),
        ),
      ),
    )
    .orderBy(asc(users.username));
}
