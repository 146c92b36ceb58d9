import type { TOrgReportList } from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** The signed-in reporter's organisation and its reports, newest first. */
export function listOrgReports(api: ApiClient): Promise<TOrgReportList> {
  return api.request('orgReports', {});
}
