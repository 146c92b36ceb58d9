import { FINAL_REFERRAL_STATUSES, PRIORITIES } from '@hutong/shared';
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

/**
 * The centre's inbox order: open referrals before finished ones, then the most urgent
 * priority, then the newest.
 */
export function inboxOrder(list: readonly TReferral[]): TReferral[] {
  return [...list].sort(
    (a, b) =>
      Number(isOpenReferral(b)) - Number(isOpenReferral(a)) ||
      PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
}
