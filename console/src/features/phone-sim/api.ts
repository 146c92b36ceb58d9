import type {
  TSimCall,
  TSimHealth,
  TSimMessage,
  TSimPlaceCall,
  TSimSendSms,
  TSimSmsResult,
} from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** The simulator's health; NOT_FOUND when the backend runs none (production, a real account). */
export function simHealth(api: ApiClient): Promise<TSimHealth> {
  return api.request('simHealth');
}

/** Every call the simulator has carried, with what each caller heard. */
export async function simCalls(api: ApiClient): Promise<TSimCall[]> {
  return (await api.request('simCalls')).calls;
}

/** Places a simulated call to the hotline. */
export function simPlaceCall(api: ApiClient, input: TSimPlaceCall): Promise<TSimCall> {
  return api.request('simPlaceCall', { body: input });
}

/** Hangs up a simulated caller. */
export function simHangUp(api: ApiClient, sid: string): Promise<TSimCall> {
  return api.request('simHangUp', { params: { sid } });
}

/** Sends a simulated SMS to the hotline; the answer carries the system's replies. */
export function simSendSms(api: ApiClient, input: TSimSendSms): Promise<TSimSmsResult> {
  return api.request('simSendSms', { body: input });
}

/** Messages the system sent out (replies, operator SMS, notifications). */
export async function simOutbound(api: ApiClient): Promise<TSimMessage[]> {
  return (await api.request('simMessages')).messages.filter((m) => m.direction !== 'inbound');
}
