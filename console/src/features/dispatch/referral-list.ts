import { FINAL_REFERRAL_STATUSES, PRIORITIES, UNACKNOWLEDGED_STATUSES } from '@hutong/shared';
import type { TReferral } from '@hutong/shared';

/**
 * Puts a referral into a list: replaces the same id unless the list already holds a newer
 * version (events and answers may cross), otherwise adds it at the start or end.
 */
export function upsertReferral(
  list: readonly TReferral[],
  referral: TReferral,
  where: 'prepend' | 'append',
): TReferral[] {
  const index = list.findIndex((r) => r.id === referral.id);
  if (index === -1) return where === 'prepend' ? [referral, ...list] : [...list, referral];
  if (list[index]!.version > referral.version) return [...list];
  const next = [...list];
  next[index] = referral;
  return next;
}

/** Whether the referral still needs something from anyone. */
export function isOpenReferral(referral: TReferral): boolean {
  return !FINAL_REFERRAL_STATUSES.includes(referral.status);
}

/** Whether the centre still owes the acknowledgement and its deadline has passed at `now`. */
export function isOverdue(referral: TReferral, now: number): boolean {
  return (
    UNACKNOWLEDGED_STATUSES.includes(referral.status) &&
    referral.ackDeadline !== null &&
    Date.parse(referral.ackDeadline) < now
  );
}

/** 0 overdue acknowledgement, 1 awaiting acknowledgement, 2 being worked, 3 ended. */
function urgencyRank(referral: TReferral, now: number): number {
  if (isOverdue(referral, now)) return 0;
  if (UNACKNOWLEDGED_STATUSES.includes(referral.status)) return 1;
  return isOpenReferral(referral) ? 2 : 3;
}

/**
 * The centre's inbox order, as a duty officer triages: overdue acknowledgements first, then
 * the others still to acknowledge, then those being worked, ended ones last; within each, the
 * most urgent priority, then the newest.
 */
export function inboxOrder<T extends TReferral>(list: readonly T[], now = Date.now()): T[] {
  return [...list].sort(
    (a, b) =>
      urgencyRank(a, now) - urgencyRank(b, now) ||
      PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
}
