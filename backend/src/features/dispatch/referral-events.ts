import { ESCALATION_STEPS, type TReferralChanged } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import type { caseEvents } from '../../db/schema.js';
import { loadReferrals } from './dispatch.repository.js';

type EventRow = typeof caseEvents.$inferSelect;
export interface ReferralBroadcast {
  name: 'referral.created' | 'referral.updated';
  centreId: string;
  payload: TReferralChanged;
}

const REFERRAL_EVENT_TYPES = new Set([
  'referral_created',
  'referral_updated',
  'referral_notified',
  'referral_escalated',
  'referral_delivery',
]);

function stepOf(event: EventRow): TReferralChanged['step'] {
  if (event.type === 'referral_created') return 'created';
  if (event.type === 'referral_notified') return 'notified';
  if (event.type === 'referral_delivery') return 'delivery';
  if (event.type === 'referral_escalated') {
    return ESCALATION_STEPS.find((s) => s === event.data.step) ?? null;
  }
  return 'status';
}

/**
 * `referral.created` / `referral.updated` for committed timeline events about referrals. The
 * payload is the referral as it is now, minus free text (a decline reason, outcome notes): those
 * rooms are broad, and the console refetches the detail.
 */
export async function referralBroadcasts(
  exec: Executor,
  events: readonly EventRow[],
): Promise<ReferralBroadcast[]> {
  const relevant = events.filter(
    (e) => REFERRAL_EVENT_TYPES.has(e.type) && typeof e.data.referralId === 'string',
  );
  if (relevant.length === 0) return [];
  const list = await loadReferrals(exec, {
    ids: [...new Set(relevant.map((e) => e.data.referralId as string))],
  });
  const byId = new Map(list.map((r) => [r.id, r]));
  return relevant.flatMap((event) => {
    const referral = byId.get(event.data.referralId as string);
    if (!referral) return [];
    const notification =
      event.type === 'referral_delivery'
        ? referral.notifications.find((n) => n.id === event.data.notificationId)
        : undefined;
    return [
      {
        name: event.type === 'referral_created' ? 'referral.created' : 'referral.updated',
        centreId: referral.centre.id,
        payload: {
          seq: event.id,
          step: stepOf(event),
          ...(notification ? { notification } : {}),
          referral: {
            ...referral,
            reason: null,
            outcome: referral.outcome ? { ...referral.outcome, notes: '' } : null,
          },
        },
      },
    ];
  });
}
