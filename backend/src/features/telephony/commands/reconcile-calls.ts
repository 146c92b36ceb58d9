import { and, asc, inArray, lt } from 'drizzle-orm';
import { isFinalCallStatus } from '@hutong/ivr';
import type { Context } from '../../../context.js';
import { calls } from '../../../db/schema.js';
import { scaledMs } from '../../../lib/clock.js';
import {
  checkinStatus,
  endUnplacedCheckin,
  isUnplacedCheckin,
} from '../../children/commands/checkin-call.js';
import { applyCallStatus, endCall } from './voice-calls.js';

/** How often the call sweep runs, in seconds (× HUTONG_TIME_SCALE; at least once a second). */
export const CALL_SWEEP_SECONDS = 60;
/**
 * A call not over here and not heard of for this long (× HUTONG_TIME_SCALE, but never under
 * 5 s: a callback still on its way must not race the sweep) is asked about.
 */
export const CALL_SWEEP_STALE_SECONDS = 120;
/**
 * A check-in call stored without a CallSid (Twilio's answer to placing it never came back) for
 * this long (× HUTONG_TIME_SCALE, never under 60 s: longer than the REST client waits) ends as
 * failed; so does a call Twilio answers 404 for after an hour (never under 10 minutes).
 */
const UNPLACED_SECONDS = 120;
const UNKNOWN_SECONDS = 3600;

/** Calls looked at per sweep: the oldest first; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

/** The call statuses that are not over yet (the others all carry `ended_at`). */
const OPEN = ['ivr', 'queued', 'ringing', 'in_progress'] as const;

/** What one sweep did, by call: ids and statuses only. */
export interface CallSweepResult {
  looked: number;
  ended: number;
}

/**
 * Twilio sends a call's status callbacks once and never again (it does not retry them), so a
 * callback that did not arrive — the API node restarting, PostgreSQL unreachable for a minute,
 * a timeout — would leave a call "waiting" on every console and a check-in call "ringing" on the
 * child's file for ever. The sweep asks Twilio (`GET /Calls/{sid}`) about every call that is not
 * over here and has heard nothing for `CALL_SWEEP_STALE_SECONDS × HUTONG_TIME_SCALE`, and ends
 * those Twilio has ended through the same commands as their callbacks (so a callback arriving
 * late, too, changes nothing). A call Twilio does not know (404) after an hour, or a check-in
 * call that never got its CallSid, ends as failed.
 */
export async function sweepStaleCalls(ctx: Context): Promise<CallSweepResult> {
  if (!ctx.telephony.configured) return { looked: 0, ended: 0 };
  const ago = (seconds: number, floorMs: number) =>
    new Date(Date.now() - Math.max(floorMs, scaledMs(seconds, ctx.config.timeScale)));
  const staleBefore = ago(CALL_SWEEP_STALE_SECONDS, 5_000);
  const unplacedBefore = ago(UNPLACED_SECONDS, 60_000);
  const unknownBefore = ago(UNKNOWN_SECONDS, 600_000);
  const rows = await ctx.db
    .select({
      id: calls.id,
      callSid: calls.callSid,
      status: calls.status,
      direction: calls.direction,
      createdAt: calls.createdAt,
    })
    .from(calls)
    .where(and(inArray(calls.status, [...OPEN]), lt(calls.updatedAt, staleBefore)))
    .orderBy(asc(calls.updatedAt))
    .limit(SWEEP_BATCH);
  let ended = 0;
  for (const row of rows) {
    if (isUnplacedCheckin(row.callSid)) {
      if (row.createdAt < unplacedBefore && (await endUnplacedCheckin(ctx, row.id))) ended += 1;
      continue;
    }
    const twilio = await twilioStatus(ctx, row.callSid);
    if (twilio === undefined || !isFinalCallStatus(twilio.status)) continue;
    if (twilio.unknown && row.createdAt >= unknownBefore) continue;
    if (row.direction === 'outbound') {
      await checkinStatus(ctx, { callId: row.id, callSid: row.callSid, status: twilio.status });
    } else {
      const applied = await applyCallStatus(ctx, row.callSid, twilio.from, {
        status: twilio.status,
        sequence: undefined,
      });
      // Twilio's final status was stored but the call not ended (a process stopped in between).
      if (applied === 'ignored') await endCall(ctx, row.id, row.callSid, row.status);
    }
    ctx.log.info(
      { callId: row.id, direction: row.direction, twilioStatus: twilio.status },
      'call ended from Twilio’s record: its status callback never arrived',
    );
    ended += 1;
  }
  return { looked: rows.length, ended };
}

/** Twilio's status of a call; `failed` when Twilio does not know it; undefined when unreachable. */
async function twilioStatus(
  ctx: Context,
  callSid: string,
): Promise<{ status: string; from: string; unknown?: true } | undefined> {
  try {
    const call = await ctx.telephony.client().calls(callSid).fetch();
    return { status: call.status, from: call.from };
  } catch (err) {
    if ((err as { status?: number }).status === 404) {
      return { status: 'failed', from: '', unknown: true };
    }
    // Twilio unreachable or failing: the next sweep asks again.
    ctx.log.warn(
      { callSid, status: (err as { status?: number }).status },
      'call sweep: Twilio did not answer',
    );
    return undefined;
  }
}
