import type { TCaseDetail, TCaseSummary } from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** One case with its reports and timeline (the server audits the read). */
export function getCase(api: ApiClient, id: string): Promise<TCaseDetail> {
  return api.request('getCase', { params: { id } });
}

/** Claims a case atomically; rejects with CASE_ALREADY_CLAIMED when someone else holds it. */
export function claimCase(api: ApiClient, id: string): Promise<TCaseSummary> {
  return api.request('claimCase', { params: { id } });
}

/** Gives a claimed case back to the queue. */
export function releaseCase(api: ApiClient, id: string): Promise<TCaseSummary> {
  return api.request('releaseCase', { params: { id } });
}
