import { asc, eq, inArray } from 'drizzle-orm';
import type { ReferralStatus } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { referrals, reports, type ReferralEndedView } from '../../db/schema.js';
import type { CaseRow } from '../cases/cases.repository.js';

/** Ends of a referral the centre takes no further part in: it keeps only what it saw by then. */
export const ENDS_WITHOUT_CENTRE: readonly ReferralStatus[] = ['declined', 'cancelled', 'revoked'];

/**
 * Freezes what the centre could see of the case as the referral ends without it (in the ending
 * transaction, with the case row locked, so no merge slips in between): later reports, children
 * and case changes stay with the hotline. `seq` is the ending move's timeline event.
 */
export async function freezeCentreView(
  tx: Executor,
  referralId: string,
  caseRow: CaseRow,
  ending: { seq: number; at: Date },
): Promise<void> {
  const seen = await tx
    .select({ id: reports.id })
    .from(reports)
    .where(eq(reports.caseId, caseRow.id))
    .orderBy(asc(reports.receivedAt));
  const view: ReferralEndedView = {
    at: ending.at.toISOString(),
    seq: ending.seq,
    status: caseRow.status,
    categories: caseRow.categories,
    immediateDanger: caseRow.immediateDanger,
    channel: caseRow.channel,
    regionCode: caseRow.regionCode,
    reportIds: seen.map((r) => r.id),
  };
  await tx.update(referrals).set({ endedView: view }).where(eq(referrals.id, referralId));
}

/** The timeline seq after which each ended referral's centre hears nothing more of the case. */
export async function endedSeqs(
  exec: Executor,
  referralIds: string[],
): Promise<Map<string, number>> {
  if (referralIds.length === 0) return new Map();
  const rows = await exec
    .select({ id: referrals.id, endedView: referrals.endedView })
    .from(referrals)
    .where(inArray(referrals.id, referralIds));
  return new Map(rows.flatMap((r) => (r.endedView ? [[r.id, r.endedView.seq] as const] : [])));
}
