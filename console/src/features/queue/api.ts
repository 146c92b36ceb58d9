import type { TCaseList } from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** Open cases, already sorted by the server, and the seq the read reflects. */
export function listOpenCases(api: ApiClient): Promise<TCaseList> {
  return api.request('listCases', { query: { scope: 'open' } });
}
