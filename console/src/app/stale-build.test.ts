import { describe, expect, it, vi } from 'vitest';
import { isMissingChunk, reloadIntoNewBuild, watchForMissingChunks } from './stale-build';

/** A window with its own listeners, session storage and a reload that is counted. */
function fakeWindow() {
  const target = new EventTarget() as EventTarget & Window;
  const store = new Map<string, string>();
  const reload = vi.fn();
  Object.assign(target, {
    sessionStorage: {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    },
    location: { reload },
  });
  return { target, reload };
}

describe('a chunk of an older build that a deploy removed', () => {
  it('is told apart from other errors by the event Vite sends for it', () => {
    const { target } = fakeWindow();
    watchForMissingChunks(target);
    const missing = new TypeError('Failed to fetch dynamically imported module');
    const event = Object.assign(new Event('vite:preloadError', { cancelable: true }), {
      payload: missing,
    });
    target.dispatchEvent(event);
    expect(isMissingChunk(missing)).toBe(true);
    // Vite goes on to throw it: the route's error screen decides, not the listener.
    expect(event.defaultPrevented).toBe(false);
    expect(isMissingChunk(new TypeError('Failed to fetch dynamically imported module'))).toBe(
      false,
    );
    expect(isMissingChunk(undefined)).toBe(false);
  });

  it('reloads the page once, and a minute later again, but never twice within a minute', () => {
    const { target, reload } = fakeWindow();
    let clock = 1_000_000;
    const now = () => clock;

    expect(reloadIntoNewBuild(target, now)).toBe(true);
    expect(reload).toHaveBeenCalledTimes(1);

    // Still missing after the reload: the error is shown, not another reload.
    clock += 30_000;
    expect(reloadIntoNewBuild(target, now)).toBe(false);
    expect(reload).toHaveBeenCalledTimes(1);

    clock += 31_000;
    expect(reloadIntoNewBuild(target, now)).toBe(true);
    expect(reload).toHaveBeenCalledTimes(2);
  });
});
