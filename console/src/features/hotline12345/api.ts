import type { TCaseHotline12345 } from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** The case's 12345 orders (none for most cases); an audited read. */
export function caseOrders(api: ApiClient, caseId: string): Promise<TCaseHotline12345> {
  return api.request('caseHotline12345', { params: { id: caseId } });
}

/** A progress reply to 12345 (过程反馈): the holder or a supervisor. */
export function replyTo12345(
  api: ApiClient,
  caseId: string,
  text: string,
): Promise<TCaseHotline12345> {
  return api.request('replyTo12345', { params: { id: caseId }, body: { text } });
}

/** Returns the order to 12345 (退单) with the reason, closing the case without action. */
export function returnTo12345(
  api: ApiClient,
  caseId: string,
  reason: string,
): Promise<TCaseHotline12345> {
  return api.request('returnTo12345', { params: { id: caseId }, body: { reason } });
}
