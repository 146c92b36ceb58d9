import { EARLY_ME, fetchMe } from '../features/auth/api';
import type { ApiClient } from '../lib/api-client';
import { askEarly, startedWith } from '../lib/early';

/**
 * What the console asks the server for as it starts, while the router loads the screens' code
 * (`lib/early.ts`): who is signed in, on every staff page. The public pages (`/report`,
 * `/status`) ask nothing: they never learn who you are. Screens may ask for their own first
 * answers with the client noted here (`startingClient`), as the statistics page does.
 */
export function askOnStart(api: ApiClient, pathname: string): void {
  startedWith(api);
  if (/^\/(report|status)(\/|$)/.test(pathname)) return;
  askEarly(api, EARLY_ME, () => fetchMe(api));
}
