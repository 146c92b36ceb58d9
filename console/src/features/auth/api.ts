import type { TAccountLockList, TChangePassword, TLogin, TMe } from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** Signs in; the server sets the httpOnly session cookie. */
export function login(api: ApiClient, credentials: TLogin): Promise<TMe> {
  return api.request('login', { body: credentials });
}

/** Ends the session on the server. */
export async function logout(api: ApiClient): Promise<void> {
  await api.request('logout');
}

/** Replaces the signed-in user's password; answers with the user as they are now. */
export function changePassword(api: ApiClient, body: TChangePassword): Promise<TMe> {
  return api.request('changePassword', { body });
}

/** The key of the session's first answer when the console asked as it started (`lib/early.ts`). */
export const EARLY_ME = 'me';

/** The signed-in user; rejects with UNAUTHENTICATED when there is no session. */
export function fetchMe(api: ApiClient): Promise<TMe> {
  return api.request('me');
}

/** Accounts waiting after wrong passwords (supervisors and admins). */
export function listAccountLocks(api: ApiClient): Promise<TAccountLockList> {
  return api.request('listAccountLocks');
}

/** Lets an account sign in again at once; an admin's account only by an admin. */
export async function unlockAccount(api: ApiClient, id: string): Promise<void> {
  await api.request('unlockAccount', { params: { id } });
}
