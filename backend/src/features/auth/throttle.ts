import { eq, sql } from 'drizzle-orm';
import type { Context } from '../../context.js';
import { users } from '../../db/schema.js';
import { scaledMs } from '../../lib/clock.js';

/** Wrong passwords in a row an account may have before every further attempt must wait. */
export const FREE_FAILURES = 5;
/** The first wait (seconds, before time scaling); it doubles with each further attempt… */
const FIRST_WAIT_SECONDS = 1;
/** …up to this: short enough that nobody can keep a person out for long by guessing. */
const MAX_WAIT_SECONDS = 60;
/** A run of failures is forgotten this long after its last wait ran out. */
export const FORGET_AFTER_SECONDS = 60 * 60;

/** Stands in for an unknown username, so the claim costs the same whether the name exists. */
const NO_USER = '00000000-0000-0000-0000-000000000000';

/** The wait after attempt number `attempts` of a run (0 while under FREE_FAILURES), in seconds. */
export function waitSeconds(attempts: number): number {
  if (attempts < FREE_FAILURES) return 0;
  return Math.min(FIRST_WAIT_SECONDS * 2 ** (attempts - FREE_FAILURES), MAX_WAIT_SECONDS);
}

/** The outcome of claiming an attempt: `waiting` means no password may be checked now. */
export type Claim = { waiting: true } | { waiting: false; attempts: number };

/**
 * Claims one password attempt for an account in a single statement, before the password is
 * checked: counts it, and from the FREE_FAILURES-th on sets when the next may come (doubling,
 * capped). While that time has not come the claim fails and nothing is counted, so an attacker
 * can neither guess faster nor lengthen the wait; concurrent attempts cannot both slip through
 * (the row lock serialises them and the second sees the new wait). A successful sign-in resets
 * the count (`clearFailures`). Pass `undefined` for an unknown username.
 */
export async function claimAttempt(ctx: Context, userId: string | undefined): Promise<Claim> {
  const scale = ctx.config.timeScale;
  const forgetMs = scaledMs(FORGET_AFTER_SECONDS, scale);
  const firstMs = scaledMs(FIRST_WAIT_SECONDS, scale);
  const maxMs = scaledMs(MAX_WAIT_SECONDS, scale);
  const attempts = sql`(case when ${users.lockedUntil} < now() - ${forgetMs} * interval '1 millisecond'
    then 1 else ${users.failedLogins} + 1 end)`;
  const [row] = await ctx.db
    .update(users)
    .set({
      failedLogins: attempts,
      lockedUntil: sql`case when ${attempts} >= ${FREE_FAILURES}
        then now() + least(${firstMs} * power(2, least(${attempts} - ${FREE_FAILURES}, 30)), ${maxMs})
          * interval '1 millisecond'
        else null end`,
    })
    .where(
      sql`${users.id} = ${userId ?? NO_USER} and (${users.lockedUntil} is null or ${users.lockedUntil} <= now())`,
    )
    .returning({ attempts: users.failedLogins });
  if (!row) return userId === undefined ? { waiting: false, attempts: 0 } : { waiting: true };
  return { waiting: false, attempts: row.attempts };
}

/** Forgets an account's failures and wait (a successful sign-in, an unlock). */
export async function clearFailures(ctx: Context, userId: string): Promise<void> {
  await ctx.db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(eq(users.id, userId));
}
