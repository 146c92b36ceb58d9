import type {
  TAnswerCallResponse,
  TCallList,
  TCallSummary,
  TCallbackList,
  TCompleteCallbackResponse,
  TSendSmsResponse,
  TSmsConversation,
  TSoftphoneToken,
} from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** Live calls, urgent first then the longest wait (the server's order). */
export function listCalls(api: ApiClient): Promise<TCallList> {
  return api.request('listCalls');
}

/** Answers a waiting caller; 409 CONFLICT when another operator was first. */
export function answerCall(
  api: ApiClient,
  callId: string,
  caseId?: string,
): Promise<TAnswerCallResponse> {
  return api.request('answerCall', { params: { id: callId }, body: caseId ? { caseId } : {} });
}

/** Ends the caller's leg of a call this operator answered. */
export function hangUpCall(api: ApiClient, callId: string): Promise<TCallSummary> {
  return api.request('hangUpCall', { params: { id: callId } });
}

/** Open callback tasks (voicemail, callback requested, abandoned), earliest deadline first. */
export function listCallbacks(api: ApiClient): Promise<TCallbackList> {
  return api.request('listCallbacks');
}

/** Marks a callback task done. */
export function completeCallback(
  api: ApiClient,
  taskId: string,
): Promise<TCompleteCallbackResponse> {
  return api.request('completeCallback', { params: { id: taskId } });
}

/** How this console connects audio: Twilio Voice SDK token, or simulated. */
export function softphoneSetup(api: ApiClient): Promise<TSoftphoneToken> {
  return api.request('softphoneToken');
}

/** A case's SMS conversation (the read is audited). */
export function caseSms(api: ApiClient, caseId: string): Promise<TSmsConversation> {
  return api.request('caseSms', { params: { id: caseId } });
}

/** Sends an operator's reply; 409 with `data.optedOut` when the sender replied STOP. */
export function sendCaseSms(
  api: ApiClient,
  caseId: string,
  body: string,
): Promise<TSendSmsResponse> {
  return api.request('sendCaseSms', { params: { id: caseId }, body: { body } });
}
