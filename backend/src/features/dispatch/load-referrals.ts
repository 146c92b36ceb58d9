import type { TReferral } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { findReferralRows, type ReferralFilter } from './dispatch.repository.js';
import { presentReferral } from './dispatch.presenter.js';

/** Referrals presented with their notifications, most urgent first, newest first within. */
export async function loadReferrals(exec: Executor, filter: ReferralFilter): Promise<TReferral[]> {
  return (await findReferralRows(exec, filter)).map(({ row, sent }) => presentReferral(row, sent));
}

export async function loadReferral(exec: Executor, id: string): Promise<TReferral | undefined> {
  return (await loadReferrals(exec, { ids: [id] }))[0];
}
