import type { TDutyBoard } from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** The supervisors' duty board as of now. */
export function readBoard(api: ApiClient): Promise<TDutyBoard> {
  return api.request('dutyBoard', {});
}
