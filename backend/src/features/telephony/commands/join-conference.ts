import { and, eq, inArray, or } from 'drizzle-orm';
import { softphoneUserId } from '@hutong/ivr';
import { can } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { calls, cases, users } from '../../../db/schema.js';

/**
 * `POST /twilio/voice/client` (the TwiML App's Voice URL): may the browser softphone calling as
 * `From` (`client:operator-<user id>`, the identity its token was minted for) join `conference`?
 * Only an active user who may answer calls, and only into the conference of a live call they
 * answered (a supervisor: any live call's). Returns the conference to join, else undefined.
 */
export async function softphoneConference(
  ctx: Context,
  from: string | undefined,
  conference: string | undefined,
): Promise<string | undefined> {
  const userId = softphoneUserId(from);
  if (!userId || !conference) return undefined;
  const [user] = await ctx.db
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.disabledAt || !can(user.role, 'calls.answer')) return undefined;
  // The answer names the conference after the case; the call row keeps it once bridged.
  const live = await ctx.db
    .select({ id: calls.id, answeredBy: calls.answeredBy })
    .from(calls)
    .leftJoin(cases, eq(cases.id, calls.caseId))
    .where(
      and(
        inArray(calls.status, ['ringing', 'in_progress']),
        or(eq(calls.conference, conference), eq(cases.reference, conference)),
      ),
    );
  const allowed = live.some((c) => c.answeredBy === user.id || user.role === 'supervisor');
  if (!allowed) {
    ctx.log.warn({ userId, calls: live.map((c) => c.id) }, 'softphone refused a conference');
    return undefined;
  }
  return conference;
}
