import { AppError, FINAL_REFERRAL_STATUSES, type ReferralMessageSide } from '@hutong/shared';
import type { Actor } from '../auth/sessions.js';
import type { ReferralRow } from './dispatch.repository.js';

/**
 * Which side an actor speaks for on a referral's messages: the referred centre's staff for the
 * centre (any other centre's get a 404, as for the referral itself), the hotline's staff for the
 * hotline.
 */
export function messageSideOf(
  actor: Actor,
  referral: ReferralRow | undefined,
): ReferralMessageSide {
  if (!referral || (actor.role === 'centre_staff' && referral.centreId !== actor.centreId)) {
    throw new AppError('NOT_FOUND', { message: 'No such referral' });
  }
  return actor.role === 'centre_staff' ? 'centre' : 'hotline';
}

/** Whether messages may still be sent: only while the referral is live. */
export function messagesOpen(referral: ReferralRow): boolean {
  return !FINAL_REFERRAL_STATUSES.includes(referral.status);
}

/** Refuses a message on an ended referral (409: the conversation is closed with it). */
export function requireMessagesOpen(referral: ReferralRow): void {
  if (messagesOpen(referral)) return;
  throw new AppError('CONFLICT', {
    message: 'This referral has ended; messages on it are closed',
    data: { status: referral.status },
  });
}
