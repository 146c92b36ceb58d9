import {
  ESCALATION_STEPS,
  REFERRAL_MESSAGE_SIDES,
  type TReferralChanged,
  type TReferralMessaged,
} from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import type { caseEvents } from '../../db/schema.js';
import { loadReferrals } from './load-referrals.js';
import { endedSeqs } from './ended-view.js';

type EventRow = typeof caseEvents.$inferSelect;
export interface ReferralBroadcast {
  name: 'referral.created' | 'referral.updated';
  centreId: string;
  /** False after the referral ended without the centre: it hears no more of the case. */
  toCentre: boolean;
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
  const ended = await endedSeqs(exec, [...byId.keys()]);
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
        // The ending move itself still reaches the centre's inbox; nothing after it does.
        toCentre: event.id <= (ended.get(referral.id) ?? Infinity),
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

/** A `referral.messaged` for the referral's rooms: ids and the side only, never the text. */
export interface MessageBroadcast {
  centreId: string;
  toCentre: boolean;
  payload: TReferralMessaged;
}

/** `referral.messaged` for committed `referral_message` timeline events. */
export async function messageBroadcasts(
  exec: Executor,
  events: readonly EventRow[],
): Promise<MessageBroadcast[]> {
  const relevant = events.filter((e) => e.type === 'referral_message');
  if (relevant.length === 0) return [];
  const ended = await endedSeqs(exec, [
    ...new Set(relevant.map((e) => e.data.referralId as string)),
  ]);
  return relevant.flatMap((event) => {
    const d = event.data;
    const side = REFERRAL_MESSAGE_SIDES.find((s) => s === d.side);
    if (typeof d.referralId !== 'string' || typeof d.messageId !== 'string' || !side) return [];
    return [
      {
        centreId: d.centreId as string,
        toCentre: event.id <= (ended.get(d.referralId) ?? Infinity),
        payload: {
          seq: event.id,
          referralId: d.referralId,
          caseId: event.caseId,
          messageId: d.messageId,
          side,
        },
      },
    ];
  });
}
