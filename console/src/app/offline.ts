import { can, ZMe } from '@hutong/shared';
import type { TMe } from '@hutong/shared';

/** Where the signed-in account is remembered on this device for opening the console offline. */
const OFFLINE_USER_KEY = 'hutong.offlineUser';

/** How long after the page's `load` the worker is registered, and how long it then waits for idle. */
const REGISTER_AFTER_LOAD_MS = 3000;
const REGISTER_IDLE_TIMEOUT_MS = 2000;

/**
 * Registers the console's service worker (`/sw.js`, emitted by the production build), which keeps
 * the app shell on the device so a reload with no signal still opens the console. Called from the
 * signed-in shell, never from the public report page's first load.
 *
 * Not at once: a first install downloads every built file (about 150) and the browser compiles
 * each script for its code cache, which on a phone or a two-core desk competes with the screen
 * the user is waiting for (a first load of the statistics page was 5–27 % faster without it). So the worker comes a
 * few seconds after the page has loaded, when the main thread is idle; once installed it serves
 * every later load, and the browser checks it for updates on each navigation by itself.
 */
export function registerServiceWorker(): () => void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No worker (a private mode, plain http away from localhost): the console works online only.
    });
  };
  const afterLoad = () => {
    timer = setTimeout(() => {
      if ('requestIdleCallback' in window) {
        idle = window.requestIdleCallback(register, { timeout: REGISTER_IDLE_TIMEOUT_MS });
      } else register();
    }, REGISTER_AFTER_LOAD_MS);
  };
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
  return () => {
    window.removeEventListener('load', afterLoad);
    if (timer !== undefined) clearTimeout(timer);
    if (idle !== undefined) window.cancelIdleCallback(idle);
  };
}

/**
 * Remembers who is signed in, for roles that record visits: offline, the console opens as them
 * with their sealed drafts and queued visits. Only the account (id, role, region), no case or
 * child data; forgotten at sign-out.
 */
export function rememberOfflineUser(user: TMe): void {
  try {
    if (!can(user.role, 'visits.create') || user.mustChangePassword) {
      localStorage.removeItem(OFFLINE_USER_KEY);
      return;
    }
    const { id, username, displayName, role, regionCode } = user;
    localStorage.setItem(
      OFFLINE_USER_KEY,
      JSON.stringify({ id, username, displayName, role, regionCode }),
    );
  } catch {
    // Storage refused: the console simply does not open offline.
  }
}

/** The account remembered on this device, or null. */
export function offlineUser(): TMe | null {
  try {
    const raw = localStorage.getItem(OFFLINE_USER_KEY);
    if (raw === null) return null;
    const parsed = ZMe.safeParse(JSON.parse(raw));
    return parsed.success && can(parsed.data.role, 'visits.create') ? parsed.data : null;
  } catch {
    return null;
  }
}

export function forgetOfflineUser(): void {
  try {
    localStorage.removeItem(OFFLINE_USER_KEY);
  } catch {
    // Nothing stored.
  }
}
