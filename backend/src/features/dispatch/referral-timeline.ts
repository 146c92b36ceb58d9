import { and, asc, eq, lte, sql } from 'drizzle-orm';
import {
  ESCALATION_STEPS,
  REFERRAL_MESSAGE_SIDES,
  REFERRAL_STATUSES,
  type TReferralTimelineEntry,
} from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { caseEvents, users } from '../../db/schema.js';

const KIND_OF: Partial<Record<string, TReferralTimelineEntry['kind']>> = {
  referral_created: 'created',
  referral_updated: 'status',
  referral_notified: 'notified',
  referral_escalated: 'escalated',
  referral_delivery: 'delivery',
  referral_message: 'message',
};

function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return values.find((v) => v === value) ?? null;
}

/**
 * A referral's own moves from the case timeline, oldest first, with who and from → to; free text
 * (a reason, a note) stays out. `untilSeq` cuts it where an ended referral's centre stopped hearing.
 */
export async function referralTimeline(
  exec: Executor,
  caseId: string,
  referralId: string,
  untilSeq?: number,
): Promise<TReferralTimelineEntry[]> {
  const rows = await exec
    .select({ event: caseEvents, actorName: users.displayName })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(
      and(
        eq(caseEvents.caseId, caseId),
        sql`${caseEvents.data} ->> 'referralId' = ${referralId}`,
        untilSeq === undefined ? undefined : lte(caseEvents.id, untilSeq),
      ),
    )
    .orderBy(asc(caseEvents.id));
  return rows.flatMap(({ event, actorName }) => {
    const kind = KIND_OF[event.type];
    if (!kind) return [];
    const d = event.data;
    return [
      {
        seq: event.id,
        at: event.createdAt.toISOString(),
        kind,
        from: kind === 'status' ? oneOf(REFERRAL_STATUSES, d.from) : null,
        to: kind === 'status' ? oneOf(REFERRAL_STATUSES, d.to) : null,
        step: kind === 'escalated' ? oneOf(ESCALATION_STEPS, d.step) : null,
        side: kind === 'message' ? oneOf(REFERRAL_MESSAGE_SIDES, d.side) : null,
        by: event.actorId && actorName ? { id: event.actorId, displayName: actorName } : null,
        viaPhone: d.via === 'phone',
      },
    ];
  });
}
