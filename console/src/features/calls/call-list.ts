import type { TCallSummary } from '@hutong/shared';

/** A call as the panel keeps it: the summary plus when this console received it. */
export interface LiveCall extends TCallSummary {
  /** `Date.now()` when the summary arrived; the wait ticks on from `waitSeconds` from here. */
  receivedAt: number;
}

/** Statuses the panel shows; anything else (completed, abandoned …) leaves the list. */
const SHOWN = new Set<TCallSummary['status']>(['ivr', 'queued', 'ringing', 'in_progress']);

/** Seconds a caller has waited at `now`, ticking on from the server's figure. */
export function waitedSeconds(call: LiveCall, now: number): number {
  if (call.status !== 'queued') return call.waitSeconds;
  return call.waitSeconds + Math.max(0, Math.floor((now - call.receivedAt) / 1000));
}

/** Waiting callers first; among them urgent first, then the longest wait; then everyone else. */
function sortCalls(calls: readonly LiveCall[]): LiveCall[] {
  const rank = (c: LiveCall) => (c.status === 'queued' ? 0 : c.status === 'ivr' ? 2 : 1);
  const queuedMs = (c: LiveCall) =>
    c.queuedAt ? Date.parse(c.queuedAt) : c.receivedAt - c.waitSeconds * 1000;
  return [...calls].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      Number(b.urgent) - Number(a.urgent) ||
      queuedMs(a) - queuedMs(b) ||
      a.id.localeCompare(b.id),
  );
}

/** Applies one `call.queued` / `call.updated`; an older update than the one held is ignored. */
export function applyCall(
  calls: readonly LiveCall[],
  summary: TCallSummary,
  receivedAt: number,
): LiveCall[] {
  const held = calls.find((c) => c.id === summary.id);
  if (held && Date.parse(held.updatedAt) > Date.parse(summary.updatedAt)) return [...calls];
  const rest = calls.filter((c) => c.id !== summary.id);
  if (!SHOWN.has(summary.status)) return rest;
  return sortCalls([...rest, { ...summary, receivedAt }]);
}

/** A fresh list from `GET /api/calls`. */
export function fromList(calls: readonly TCallSummary[], receivedAt: number): LiveCall[] {
  return sortCalls(calls.filter((c) => SHOWN.has(c.status)).map((c) => ({ ...c, receivedAt })));
}

/** A wait as `m:ss`, or `h:mm:ss` past an hour. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
