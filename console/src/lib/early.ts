import type { ApiClient } from './api-client';

/**
 * Requests sent as the console starts, before the screen that needs them has mounted.
 *
 * On a fresh load the router first fetches and runs the code of every screen on the path (the
 * shell, the page), and only then renders; a request made from a component waits for all of it.
 * Asked here instead, as the app is created, the answer travels while the code loads. The screen
 * takes it once (`takeEarly`); anything later asks the server as usual.
 */
interface Asked {
  at: number;
  answer: Promise<unknown>;
}

/** Per client: tests hand in clients of their own and never see another's early answers. */
const asked = new WeakMap<ApiClient, Map<string, Asked>>();

/** An answer left untaken this long (the screen never mounted) is not used any more. */
const FRESH_MS = 30_000;

/** The client the console started with (`startedWith`), for code that runs outside React. */
let started: ApiClient | undefined;

/** Notes the client the console started with; a test's own clients are never this one. */
export function startedWith(api: ApiClient): void {
  started = api;
}

/** The client the console started with, if it has. */
export function startingClient(): ApiClient | undefined {
  return started;
}

/** Sends `ask` now and keeps its answer under `key` for `takeEarly`. */
export function askEarly(api: ApiClient, key: string, ask: () => Promise<unknown>): void {
  const answer = ask();
  // Nobody may take it: an unhandled rejection would be reported for a request no one needed.
  answer.catch(() => undefined);
  let forClient = asked.get(api);
  if (!forClient) {
    forClient = new Map<string, Asked>();
    asked.set(api, forClient);
  }
  forClient.set(key, { at: Date.now(), answer });
}

/**
 * The early answer under `key`, once: the first caller gets it, later ones `undefined` (and then
 * ask the server themselves, so a retry or a revisit is never served a stale answer).
 */
export function takeEarly<T>(api: ApiClient, key: string): Promise<T> | undefined {
  const forClient = asked.get(api);
  const entry = forClient?.get(key);
  if (!entry) return undefined;
  forClient?.delete(key);
  return Date.now() - entry.at <= FRESH_MS ? (entry.answer as Promise<T>) : undefined;
}
