import type { TOrg, TOrgApiKey, TOrgApiKeyWithSecret } from '@hutong/shared';
import type { ApiClient, BodyOf, ResponseOf } from '../../lib/api-client';

/** Every reporting organisation with its API keys (never their secrets). */
export function listOrgs(api: ApiClient): Promise<ResponseOf<'listOrgs'>> {
  return api.request('listOrgs');
}

/** Adds a reporting organisation. */
export function createOrg(api: ApiClient, body: BodyOf<'createOrg'>): Promise<TOrg> {
  return api.request('createOrg', { body });
}

/** Changes any of an organisation's fields. */
export function updateOrg(api: ApiClient, id: string, body: BodyOf<'updateOrg'>): Promise<TOrg> {
  return api.request('updateOrg', { params: { id }, body });
}

/** Creates a partner API key; the answer holds the secret, the only time it is shown. */
export function createOrgApiKey(
  api: ApiClient,
  id: string,
  body: BodyOf<'createOrgApiKey'>,
): Promise<TOrgApiKeyWithSecret> {
  return api.request('createOrgApiKey', { params: { id }, body });
}

/** Revokes a partner API key at once. */
export function revokeOrgApiKey(api: ApiClient, id: string, keyId: string): Promise<TOrgApiKey> {
  return api.request('revokeOrgApiKey', { params: { id, keyId } });
}
