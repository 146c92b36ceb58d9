import { useCallback, useEffect, useRef, useState } from 'react';
import type { TCallSummary, TCallbackChanged, TCallbackTask } from '@hutong/shared';
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

/** A `callback.created` / `callback.updated` applied to the open tasks (earliest deadline first). */
function applyCallbackTask(
  items: TCallbackTask[],
  { task, completedAt }: TCallbackChanged,
): TCallbackTask[] {
  const rest = items.filter((t) => t.id !== task.id);
  if (completedAt !== null) return rest;
  return [...rest, task].sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline));
}

/**
 * The live calls and callback tasks: one read each, then `call.queued` / `call.updated` and
 * `callback.created` / `callback.updated` applied in place. These events are not replayed by
 * seq, so every (re)connection (`sync.resumed`) reads both lists again.
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
  // Events that arrive while a read is in flight are applied to its result too. Reads may
  // overlap (mount, a reconnect, a retry): each has its own buffer and only the newest read's
  // answer is kept, so an older list (with a caller who has since hung up) never wins.
  const callReads = useRef<{
    latest: number;
    pending: Array<{ call: TCallSummary; at: number }>[];
  }>({
    latest: 0,
    pending: [],
  });
  const taskReads = useRef<{ latest: number; pending: TCallbackChanged[][] }>({
    latest: 0,
    pending: [],
  });

  const loadCalls = useCallback(async () => {
    const reads = callReads.current;
    const read = (reads.latest += 1);
    const pending: Array<{ call: TCallSummary; at: number }> = [];
    reads.pending.push(pending);
    try {
      const list = await listCalls(api);
      if (read !== reads.latest) return;
      // The server's list is authoritative: calls it no longer lists are gone.
      let items = fromList(list.calls, Date.now());
      for (const { call, at } of pending) items = applyCall(items, call, at);
      setCalls({ items, loaded: true, error: null });
    } catch (error) {
      if (read === reads.latest && !guard(error)) setCalls((s) => ({ ...s, loaded: true, error }));
    } finally {
      reads.pending = reads.pending.filter((p) => p !== pending);
    }
  }, [api, guard]);

  const loadTasks = useCallback(async () => {
    const reads = taskReads.current;
    const read = (reads.latest += 1);
    const pending: TCallbackChanged[] = [];
    reads.pending.push(pending);
    try {
      const list = await listCallbacks(api);
      if (read !== reads.latest) return;
      let items = list.tasks;
      for (const change of pending) items = applyCallbackTask(items, change);
      setTasks({ items, loaded: true, error: null });
    } catch (error) {
      if (read === reads.latest && !guard(error)) setTasks((s) => ({ ...s, loaded: true, error }));
    } finally {
      reads.pending = reads.pending.filter((p) => p !== pending);
    }
  }, [api, guard]);

  useEffect(() => {
    void loadCalls();
    void loadTasks();
  }, [loadCalls, loadTasks]);

  const onCall = (call: TCallSummary) => {
    const at = Date.now();
    for (const pending of callReads.current.pending) pending.push({ call, at });
    setCalls((s) => ({ ...s, items: applyCall(s.items, call, at) }));
  };
  useSocketEvent('call.queued', onCall);
  useSocketEvent('call.updated', onCall);
  const onCallbackTask = (change: TCallbackChanged) => {
    for (const pending of taskReads.current.pending) pending.push(change);
    setTasks((s) => ({ ...s, items: applyCallbackTask(s.items, change) }));
  };
  useSocketEvent('callback.created', onCallbackTask);
  useSocketEvent('callback.updated', onCallbackTask);
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
