import { can, ZMe } from '@hutong/shared';
import type { TMe } from '@hutong/shared';

/** Where the signed-in account is remembered on this device for opening the console offline. */
const OFFLINE_USER_KEY = 'hutong.offlineUser';

/** How long after the page's `load` the worker is registered, and how long it then waits for idle. */
const REGISTER_AFTER_LOAD_MS = 3000;
const REGISTER_IDLE_TIMEOUT_MS = 2000;
/** How often a page left open checks for a new build of the console. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the console's service worker (`/sw.js`, emitted by the production build), which keeps
 * the app shell on the device so a reload with no signal still opens the console. Called from the
 * signed-in shell, never from the public report page's first load.
 *
 * Not at once: a first install downloads every built file (about 150) and the browser compiles
 * each script for its code cache, which on a phone or a two-core desk competes with the screen
 * the user is waiting for (a first load of the statistics page was 5–27 % faster without it). So the worker comes a
 * few seconds after the page has loaded, when the main thread is idle; once installed it serves
 * every later load.
 *
 * New builds: the browser checks the worker on a navigation, but late (when the worker is idle,
 * which on a loaded machine took over 45 s once in CI), and a console page seldom navigates: it
 * stays open through a shift, moving between screens in the page. So the page checks itself: once
 * registered, again whenever it comes back into view (a phone woken, a tab returned to), and every
 * hour. A new build's worker then installs and takes over (see service-worker.js).
 */
export function registerServiceWorker(): () => void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  let checks: ReturnType<typeof setInterval> | undefined;
  let registration: ServiceWorkerRegistration | undefined;
  let stopped = false;
  const checkForUpdate = () => {
    // A failed check (no signal, the server restarting) waits for the next one.
    registration?.update().catch(() => undefined);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') checkForUpdate();
  };
  const register = () => {
    navigator.serviceWorker.register('/sw.js').then(
      (registered) => {
        if (stopped) return;
        registration = registered;
        // A first install is itself the newest build; a worker already active may be an old one.
        if (registered.active) checkForUpdate();
        document.addEventListener('visibilitychange', onVisible);
        checks = setInterval(checkForUpdate, UPDATE_CHECK_MS);
      },
      () => {
        // No worker (a private mode, plain http away from localhost): the console works online only.
      },
    );
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
    stopped = true;
    window.removeEventListener('load', afterLoad);
    document.removeEventListener('visibilitychange', onVisible);
    if (timer !== undefined) clearTimeout(timer);
    if (idle !== undefined) window.cancelIdleCallback(idle);
    if (checks !== undefined) clearInterval(checks);
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
