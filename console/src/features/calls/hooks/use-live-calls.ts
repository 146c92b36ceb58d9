import { useCallback, useEffect, useRef, useState } from 'react';
import type { TCallSummary, TCallbackTask } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { listCallbacks, listCalls } from '../api';
import { applyCall, fromList } from '../call-list';
import type { LiveCall } from '../call-list';

/** A list that loads once, then stays live; `error` is the last failed read, if any. */
export interface LiveList<T> {
  items: T[];
  loaded: boolean;
  error: unknown;
  reload: () => void;
}

// A caller leaving the queue this way gets a callback task: read the tasks again.
const MAKES_TASK = new Set<TCallSummary['status']>(['abandoned', 'voicemail', 'callback']);

/**
 * The live calls: one read, then `call.queued` / `call.updated` applied in place. Call events
 * are not replayed by seq, so every (re)connection (`sync.resumed`) reads the list again.
 */
export function useLiveCalls(): LiveList<LiveCall> & { callbacks: LiveList<TCallbackTask> } {
  const api = useApi();
  const guard = useSessionGuard();
  const [calls, setCalls] = useState<{ items: LiveCall[]; loaded: boolean; error: unknown }>({
    items: [],
    loaded: false,
    error: null,
  });
  const [tasks, setTasks] = useState<{ items: TCallbackTask[]; loaded: boolean; error: unknown }>({
    items: [],
    loaded: false,
    error: null,
  });
  // Events that arrive while a read is in flight are applied to its result too.
  const pending = useRef<Array<{ call: TCallSummary; at: number }> | null>(null);

  const loadCalls = useCallback(async () => {
    pending.current = [];
    try {
      const list = await listCalls(api);
      let items = fromList(list.calls, Date.now());
      for (const { call, at } of pending.current) items = applyCall(items, call, at);
      setCalls({ items, loaded: true, error: null });
    } catch (error) {
      if (!guard(error)) setCalls((s) => ({ ...s, loaded: true, error }));
    } finally {
      pending.current = null;
    }
  }, [api, guard]);

  const loadTasks = useCallback(async () => {
    try {
      const list = await listCallbacks(api);
      setTasks({ items: list.tasks, loaded: true, error: null });
    } catch (error) {
      if (!guard(error)) setTasks((s) => ({ ...s, loaded: true, error }));
    }
  }, [api, guard]);

  useEffect(() => {
    void loadCalls();
    void loadTasks();
  }, [loadCalls, loadTasks]);

  const onCall = (call: TCallSummary) => {
    const at = Date.now();
    pending.current?.push({ call, at });
    setCalls((s) => ({ ...s, items: applyCall(s.items, call, at) }));
    if (MAKES_TASK.has(call.status)) void loadTasks();
  };
  useSocketEvent('call.queued', onCall);
  useSocketEvent('call.updated', onCall);
  useSocketEvent('sync.resumed', () => {
    void loadCalls();
    void loadTasks();
  });

  return {
    ...calls,
    reload: () => void loadCalls(),
    callbacks: {
      ...tasks,
      reload: () => void loadTasks(),
    },
  };
}
