import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import type { TCaseChanged, TCaseSummary } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useCaseStream } from '../../../realtime/SocketProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { listOpenCases } from '../api';
import { applyCaseChanged, classifyChange, initialQueueState, queueReducer } from '../queue-store';
import type { ChangeKind, QueueState } from '../queue-store';

/** A live change as the queue page needs it: what happened, to which case, and whether to ring. */
export interface QueueChange {
  kind: ChangeKind;
  alert: boolean;
  summary: TCaseSummary;
}

/**
 * The live open-case queue: one list read, then socket events applied in place; a fresh read
 * after every (re)connection so nothing missed while offline stays missing.
 */
export function useCaseQueue(onChange?: (change: QueueChange) => void): {
  state: QueueState;
  reload: () => void;
} {
  const api = useApi();
  const stream = useCaseStream();
  const guard = useSessionGuard();
  const [state, dispatch] = useReducer(queueReducer, initialQueueState);

  const casesRef = useRef(state.cases);
  const onChangeRef = useRef(onChange);
  useLayoutEffect(() => {
    casesRef.current = state.cases;
    onChangeRef.current = onChange;
  });

  const load = useCallback(async () => {
    dispatch({ type: 'fetchStarted' });
    try {
      const list = await listOpenCases(api);
      stream?.noteSeq(list.seq);
      dispatch({ type: 'fetchSucceeded', cases: list.cases, seq: list.seq });
    } catch (error) {
      if (!guard(error)) dispatch({ type: 'fetchFailed', error });
    }
  }, [api, stream, guard]);

  useEffect(() => {
    void load();
  }, [load]);

  const onCaseChanged = (payload: TCaseChanged) => {
    const previous = casesRef.current.find((c) => c.id === payload.case.id);
    const { kind, alert } = classifyChange(previous, payload);
    // Two events may arrive before React re-renders; the next one must see this one applied.
    casesRef.current = applyCaseChanged(casesRef.current, payload);
    dispatch({ type: 'caseChanged', payload });
    if (kind !== 'unchanged') onChangeRef.current?.({ kind, alert, summary: payload.case });
  };
  useSocketEvent('case.created', onCaseChanged);
  useSocketEvent('case.updated', onCaseChanged);
  // Every (re)connection: replay has run, but a fresh read also covers a gap too large to replay.
  useSocketEvent('sync.resumed', () => void load());

  const reload = useCallback(() => void load(), [load]);
  return { state, reload };
}
