import { and, asc, eq, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { referralMessages, users } from '../../db/schema.js';

/** A referral's messages with their authors' names, oldest first (up to `until` when given). */
export async function findReferralMessages(exec: Executor, referralId: string, until?: Date) {
  return exec
    .select({ message: referralMessages, authorName: users.displayName })
    .from(referralMessages)
    .leftJoin(users, eq(users.id, referralMessages.authorId))
    .where(
      and(
        eq(referralMessages.referralId, referralId),
        until ? lte(referralMessages.createdAt, until) : undefined,
      ),
    )
    .orderBy(asc(referralMessages.createdAt), asc(referralMessages.id));
}
export type ReferralMessageJoinedRow = Awaited<ReturnType<typeof findReferralMessages>>[number];
