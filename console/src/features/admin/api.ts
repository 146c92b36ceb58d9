import type { TUser, TUserList, TUserWithPassword } from '@hutong/shared';
import type { ApiClient, BodyOf } from '../../lib/api-client';

/** The accounts, with the centres and organisations an account can be bound to. */
export function listUsers(api: ApiClient): Promise<TUserList> {
  return api.request('listUsers');
}

/** Creates an account; the answer holds its temporary password, this once only. */
export function createUser(api: ApiClient, body: BodyOf<'createUser'>): Promise<TUserWithPassword> {
  return api.request('createUser', { body });
}

/** Changes name, role, binding or disabled state; self-demotion is 409 CONFLICT. */
export function updateUser(api: ApiClient, id: string, body: BodyOf<'updateUser'>): Promise<TUser> {
  return api.request('updateUser', { params: { id }, body });
}

/** Sets a new temporary password (shown once), unlocks the account and ends its sessions. */
export function resetUserPassword(api: ApiClient, id: string): Promise<TUserWithPassword> {
  return api.request('resetUserPassword', { params: { id } });
}
