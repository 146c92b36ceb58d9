import type {
  TCreateSweep,
  TEndSweep,
  TListSweepsQuery,
  TSweepDetail,
  TSweepList,
} from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** The sweeps the user sees, newest first, with progress over the user's region. */
export function listSweeps(api: ApiClient, query: TListSweepsQuery): Promise<TSweepList> {
  return api.request('listSweeps', { query });
}

/** A sweep and its progress village by village. */
export function loadSweep(api: ApiClient, id: string): Promise<TSweepDetail> {
  return api.request('getSweep', { params: { id } });
}

/** Starts a sweep; the key stays the same for every retry of one submission. */
export function startSweep(
  api: ApiClient,
  body: TCreateSweep,
  idempotencyKey: string,
): Promise<TSweepDetail> {
  return api.request('createSweep', { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** Closes (done) or cancels (called off) a sweep, with the reason. */
export function endSweep(
  api: ApiClient,
  id: string,
  how: 'close' | 'cancel',
  body: TEndSweep,
): Promise<TSweepDetail> {
  return api.request(how === 'close' ? 'closeSweep' : 'cancelSweep', { params: { id }, body });
}
