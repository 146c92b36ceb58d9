import { and, asc, desc, eq, inArray, notInArray, type SQL } from 'drizzle-orm';
import { FINAL_REFERRAL_STATUSES } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { cases, centres, notifications, referrals, users } from '../../db/schema.js';

export type ReferralRow = typeof referrals.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;

const referralColumns = {
  referral: referrals,
  centreName: centres.name,
  centreKind: centres.kind,
  caseReference: cases.reference,
  creatorName: users.displayName,
};

async function selectReferrals(exec: Executor, where: SQL | undefined) {
  return exec
    .select(referralColumns)
    .from(referrals)
    .innerJoin(centres, eq(centres.id, referrals.centreId))
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .leftJoin(users, eq(users.id, referrals.createdBy))
    .where(where)
    .orderBy(asc(referrals.priority), desc(referrals.createdAt))
    .limit(500);
}
export type ReferralJoinedRow = Awaited<ReturnType<typeof selectReferrals>>[number];

export interface ReferralFilter {
  ids?: string[];
  caseId?: string;
  centreId?: string;
  openOnly?: boolean;
}

/** Referral rows with their notifications' rows, most urgent first, newest first within. */
export async function findReferralRows(
  exec: Executor,
  filter: ReferralFilter,
): Promise<{ row: ReferralJoinedRow; sent: NotificationRow[] }[]> {
  const conditions: SQL[] = [];
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    conditions.push(inArray(referrals.id, filter.ids));
  }
  if (filter.caseId) conditions.push(eq(referrals.caseId, filter.caseId));
  if (filter.centreId) conditions.push(eq(referrals.centreId, filter.centreId));
  if (filter.openOnly) conditions.push(notInArray(referrals.status, [...FINAL_REFERRAL_STATUSES]));
  const rows = await selectReferrals(exec, and(...conditions));
  const sent =
    rows.length === 0
      ? []
      : await exec
          .select()
          .from(notifications)
          .where(
            inArray(
              notifications.referralId,
              rows.map((r) => r.referral.id),
            ),
          )
          .orderBy(asc(notifications.createdAt));
  return rows.map((row) => ({
    row,
    sent: sent.filter((n) => n.referralId === row.referral.id),
  }));
}

export async function lockReferral(exec: Executor, id: string): Promise<ReferralRow | undefined> {
  const [row] = await exec.select().from(referrals).where(eq(referrals.id, id)).for('update');
  return row;
}
