import type { TDispatchSettingsView } from '@hutong/shared';
import type { ApiClient, BodyOf } from '../../lib/api-client';

/** The referral acknowledgement deadlines in force, with their defaults. */
export function getDispatchSettings(api: ApiClient): Promise<TDispatchSettingsView> {
  return api.request('getDispatchSettings');
}

/** Replaces the acknowledgement deadlines (new referrals only). */
export function updateDispatchSettings(
  api: ApiClient,
  body: BodyOf<'updateDispatchSettings'>,
): Promise<TDispatchSettingsView> {
  return api.request('updateDispatchSettings', { body });
}
