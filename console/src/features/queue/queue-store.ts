import { OPEN_CASE_STATUSES, sortQueue } from '@hutong/shared';
import type { TCaseChanged, TCaseSummary } from '@hutong/shared';

/** The open-case queue: the last list read, with every live event since applied on top. */
export interface QueueState {
  status: 'loading' | 'ready' | 'error';
  cases: TCaseSummary[];
  /** The seq of the list read the cases rest on; older reads arriving late are ignored. */
  listSeq: number;
  refreshing: boolean;
  error: unknown;
  /**
   * Live events kept until a list read newer than them arrives: a read that started before an
   * event but answered after it would otherwise wipe the event out.
   */
  pending: TCaseChanged[];
}

export type QueueAction =
  | { type: 'fetchStarted' }
  | { type: 'fetchSucceeded'; cases: TCaseSummary[]; seq: number }
  | { type: 'fetchFailed'; error: unknown }
  | { type: 'caseChanged'; payload: TCaseChanged };

/** Nothing loaded yet. */
export const initialQueueState: QueueState = {
  status: 'loading',
  cases: [],
  listSeq: -1,
  refreshing: false,
  error: null,
  pending: [],
};

// Enough for a long disconnect; beyond it the server answers replayed: -1 and we refetch anyway.
const MAX_PENDING = 1000;

/** A copy in the queue's triage order: the server's order, one rule in shared for both. */
export function sortCases(cases: readonly TCaseSummary[]): TCaseSummary[] {
  return sortQueue(cases);
}

/** True while a case belongs in the open queue. */
function isOpen(summary: TCaseSummary): boolean {
  return OPEN_CASE_STATUSES.includes(summary.status);
}

/**
 * Applies one live event: inserts, replaces or removes the case. An event older than what we
 * hold (lower version, e.g. replayed after a fresher list read) changes nothing.
 */
export function applyCaseChanged(
  cases: readonly TCaseSummary[],
  payload: TCaseChanged,
): TCaseSummary[] {
  const incoming = payload.case;
  const index = cases.findIndex((c) => c.id === incoming.id);
  const existing = index === -1 ? undefined : cases[index];
  if (existing && incoming.version < existing.version) return cases as TCaseSummary[];
  const rest = index === -1 ? [...cases] : cases.filter((_, i) => i !== index);
  if (!isOpen(incoming)) return rest;
  rest.push(incoming);
  return sortCases(rest);
}

/** The queue reducer: pure, so ordering and live updates are tested without a browser. */
export function queueReducer(state: QueueState, action: QueueAction): QueueState {
  switch (action.type) {
    case 'fetchStarted':
      return state.status === 'ready'
        ? { ...state, refreshing: true }
        : { ...state, status: 'loading', error: null };
    case 'fetchSucceeded': {
      // Two reads may race (mount and a reconnect); only the newer one may win.
      if (action.seq < state.listSeq) return { ...state, refreshing: false };
      const pending = state.pending.filter((event) => event.seq > action.seq);
      const cases = pending.reduce(applyCaseChanged, sortCases(action.cases.filter(isOpen)));
      return {
        status: 'ready',
        cases,
        listSeq: action.seq,
        refreshing: false,
        error: null,
        pending,
      };
    }
    case 'fetchFailed':
      // Keep showing what we have; the indicator and a message say it may be stale.
      return {
        ...state,
        status: state.status === 'ready' ? 'ready' : 'error',
        refreshing: false,
        error: action.error,
      };
    case 'caseChanged': {
      if (action.payload.seq <= state.listSeq) {
        // Already reflected in the list read, unless the event carries a newer version.
        const cases = applyCaseChanged(state.cases, action.payload);
        return cases === state.cases ? state : { ...state, cases };
      }
      const pending = [...state.pending, action.payload].slice(-MAX_PENDING);
      return { ...state, cases: applyCaseChanged(state.cases, action.payload), pending };
    }
  }
}

/** What a live event meant for the queue, for announcements and the P1 alert. */
export type ChangeKind = 'created' | 'claimed' | 'released' | 'closed' | 'updated' | 'unchanged';

/** Classifies an event against the case as it was before; `alert` is true for a new red case. */
export function classifyChange(
  previous: TCaseSummary | undefined,
  payload: TCaseChanged,
): { kind: ChangeKind; alert: boolean } {
  const next = payload.case;
  // A replayed event we already hold (e.g. after a reconnect) must not ring twice.
  if (previous && next.version <= previous.version) return { kind: 'unchanged', alert: false };
  if (!isOpen(next)) return { kind: previous ? 'closed' : 'unchanged', alert: false };
  if (previous === undefined) return { kind: 'created', alert: next.priority === 'P1' };
  const becameP1 = next.priority === 'P1' && previous.priority !== 'P1';
  if (next.assignee && next.assignee.id !== previous.assignee?.id) {
    return { kind: 'claimed', alert: becameP1 };
  }
  if (!next.assignee && previous.assignee) return { kind: 'released', alert: becameP1 };
  return { kind: 'updated', alert: becameP1 };
}
