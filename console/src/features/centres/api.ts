import type { TCentre } from '@hutong/shared';
import type { ApiClient, BodyOf, ResponseOf } from '../../lib/api-client';

/** Every centre, active or not. */
export function listCentres(api: ApiClient): Promise<ResponseOf<'listCentres'>> {
  return api.request('listCentres');
}

/** Adds a centre. */
export function createCentre(api: ApiClient, body: BodyOf<'createCentre'>): Promise<TCentre> {
  return api.request('createCentre', { body });
}

/** Changes any of a centre's fields. */
export function updateCentre(
  api: ApiClient,
  id: string,
  body: BodyOf<'updateCentre'>,
): Promise<TCentre> {
  return api.request('updateCentre', { params: { id }, body });
}
