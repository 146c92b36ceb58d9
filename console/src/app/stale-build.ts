/** When the console last reloaded itself for a missing chunk (this tab only). */
const RELOADED_AT_KEY = 'hutong.staleBuildReloadAt';
/** At most one such reload a minute: a chunk still missing after one is an error to show. */
const MIN_INTERVAL_MS = 60_000;

/** The errors Vite reported as a chunk that could not be loaded. */
const missingChunks = new WeakSet<object>();

/**
 * A page of an older build, left open across a deploy, asks for a route's chunk that the deploy
 * removed (chunk names carry their content's hash, and the new service worker drops the old
 * build's cache). Vite reports that as `vite:preloadError` before the route's import rejects with
 * the same error; this remembers which errors those were, so the route's error screen can tell a
 * missing chunk from a fault of the screen itself.
 */
export function watchForMissingChunks(target: Window = window): void {
  target.addEventListener('vite:preloadError', (event) => {
    const payload = (event as Event & { payload?: unknown }).payload;
    if (typeof payload === 'object' && payload !== null) missingChunks.add(payload);
  });
}

export function isMissingChunk(error: unknown): boolean {
  return typeof error === 'object' && error !== null && missingChunks.has(error);
}

/**
 * Reloads the page — into the new build, which has the screen — unless it already did so in the
 * last minute (then the chunk is missing for another reason and the error is shown). True when
 * the page is reloading.
 */
export function reloadIntoNewBuild(target: Window = window, now: () => number = Date.now): boolean {
  try {
    const last = Number(target.sessionStorage.getItem(RELOADED_AT_KEY) ?? 0);
    if (now() - last < MIN_INTERVAL_MS) return false;
    target.sessionStorage.setItem(RELOADED_AT_KEY, String(now()));
  } catch {
    // No session storage: without the guard a reload could repeat, so show the error instead.
    return false;
  }
  target.location.reload();
  return true;
}
