import type { TDispatchSettingsView, TVisitSettingsView } from '@hutong/shared';
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

/** The register's visit intervals in force (days by risk level), with their defaults. */
export function getVisitSettings(api: ApiClient): Promise<TVisitSettingsView> {
  return api.request('getVisitSettings');
}

/** Replaces the visit intervals (files take them when their risk is next computed). */
export function updateVisitSettings(
  api: ApiClient,
  body: BodyOf<'updateVisitSettings'>,
): Promise<TVisitSettingsView> {
  return api.request('updateVisitSettings', { body });
}
