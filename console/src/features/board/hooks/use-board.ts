import { useCallback, useEffect, useRef, useState } from 'react';
import type { TDutyBoard } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { readBoard } from '../api';

/** Live changes are folded into one refetch at most this often. */
const BOARD_REFRESH_MS = 1000;
/** Deadlines pass without any event: the board is re-read this often regardless. */
const BOARD_POLL_MS = 30_000;

export interface BoardState {
  status: 'loading' | 'ready' | 'error';
  board: TDutyBoard | null;
  /** The last refresh failed (the board shown, if any, is older). */
  error: unknown;
}

/** The duty board, re-read after live changes (throttled) and every half minute. */
export function useBoard(): BoardState & { reload: () => void } {
  const api = useApi();
  const [state, setState] = useState<BoardState>({ status: 'loading', board: null, error: null });
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);

  const load = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      const board = await readBoard(api);
      if (mounted.current) setState({ status: 'ready', board, error: null });
    } catch (error) {
      if (mounted.current) {
        setState((s) => ({ status: s.board ? 'ready' : 'error', board: s.board, error }));
      }
    } finally {
      inFlight.current = false;
      if (again.current && mounted.current) {
        again.current = false;
        void load();
      }
    }
  }, [api]);

  /** A change happened: re-read soon, once for a burst of changes. */
  const changed = useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void load();
    }, BOARD_REFRESH_MS);
  }, [load]);

  useEffect(() => {
    mounted.current = true;
    void load();
    const poll = setInterval(() => void load(), BOARD_POLL_MS);
    return () => {
      mounted.current = false;
      clearInterval(poll);
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [load]);

  useSocketEvent('case.created', changed);
  useSocketEvent('case.updated', changed);
  useSocketEvent('referral.created', changed);
  useSocketEvent('referral.updated', changed);
  useSocketEvent('call.queued', changed);
  useSocketEvent('call.updated', changed);
  useSocketEvent('callback.created', changed);
  useSocketEvent('callback.updated', changed);
  useSocketEvent('presence.updated', changed);
  useSocketEvent('presence.changed', changed);
  useSocketEvent('sync.resumed', changed);

  return { ...state, reload: () => void load() };
}
