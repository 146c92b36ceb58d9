import type {
  TBulkReassign,
  TBulkReassignResult,
  TCannedReply,
  TCannedReplyList,
  TCreateHandover,
  THandover,
  THandoverList,
  TPresence,
  TSaveCannedReply,
  TSetPresence,
  TWrapUpCall,
  TWrapUpResult,
} from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** The signed-in operator's presence as of now. */
export function myPresence(api: ApiClient): Promise<TPresence> {
  return api.request('myPresence');
}

/** Available or on a break; 409 while on a call. */
export function setMyPresence(api: ApiClient, body: TSetPresence): Promise<TPresence> {
  return api.request('setMyPresence', { body });
}

/** The after-call step: how the call ended and a short note. */
export function wrapUpCall(
  api: ApiClient,
  callId: string,
  body: TWrapUpCall,
): Promise<TWrapUpResult> {
  return api.request('wrapUpCall', { params: { id: callId }, body });
}

export function listHandovers(api: ApiClient): Promise<THandoverList> {
  return api.request('listHandovers');
}

export function createHandover(api: ApiClient, body: TCreateHandover): Promise<THandover> {
  return api.request('createHandover', { body });
}

/** Every open case one person holds, to another or back to the queue (supervisors). */
export function bulkReassign(api: ApiClient, body: TBulkReassign): Promise<TBulkReassignResult> {
  return api.request('bulkReassign', { body });
}

export function listCannedReplies(api: ApiClient): Promise<TCannedReplyList> {
  return api.request('listCannedReplies');
}

export function createCannedReply(api: ApiClient, body: TSaveCannedReply): Promise<TCannedReply> {
  return api.request('createCannedReply', { body });
}

export function updateCannedReply(
  api: ApiClient,
  id: string,
  body: TSaveCannedReply,
): Promise<TCannedReply> {
  return api.request('updateCannedReply', { params: { id }, body });
}

export function deleteCannedReply(api: ApiClient, id: string): Promise<unknown> {
  return api.request('deleteCannedReply', { params: { id } });
}
