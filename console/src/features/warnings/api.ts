import type {
  TListWarningsQuery,
  TWarningEscalated,
  TWarningList,
  TWarningView,
} from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** The warnings in the user's scope (audited on the server), newest first. */
export function listWarnings(api: ApiClient, query: TListWarningsQuery): Promise<TWarningList> {
  return api.request('listWarnings', { query });
}

export function acknowledgeWarning(api: ApiClient, id: string): Promise<TWarningView> {
  return api.request('acknowledgeWarning', { params: { id } });
}

export function dismissWarning(api: ApiClient, id: string, reason: string): Promise<TWarningView> {
  return api.request('dismissWarning', { params: { id }, body: { reason } });
}

/** Files a report on the monitoring channel; a second call answers the same reference. */
export function escalateWarning(api: ApiClient, id: string): Promise<TWarningEscalated> {
  return api.request('escalateWarning', { params: { id } });
}
