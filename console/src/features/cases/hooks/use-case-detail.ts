import { useCallback, useEffect, useState } from 'react';
import { AppError } from '@hutong/shared';
import type { TCaseChanged, TCaseDetail } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { getCase } from '../api';

/** Where the detail read stands. */
export type CaseDetailState =
  | { status: 'loading' }
  | { status: 'ready'; detail: TCaseDetail; refreshedLive: boolean }
  | { status: 'notFound' }
  | { status: 'error'; error: unknown };

/** One case, kept current: it is read again whenever a live event for it arrives. */
export function useCaseDetail(id: string): { state: CaseDetailState; reload: () => void } {
  const api = useApi();
  const guard = useSessionGuard();
  const [state, setState] = useState<CaseDetailState>({ status: 'loading' });
  const [request, setRequest] = useState({ n: 0, live: false });

  useEffect(() => {
    let cancelled = false;
    getCase(api, id).then(
      (detail) => {
        if (!cancelled) setState({ status: 'ready', detail, refreshedLive: request.live });
      },
      (error: unknown) => {
        if (cancelled || guard(error)) return;
        const missing =
          error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN');
        // A failed live refresh keeps the detail on screen; the connection indicator explains.
        setState((previous) =>
          previous.status === 'ready' && request.live
            ? previous
            : missing
              ? { status: 'notFound' }
              : { status: 'error', error },
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, id, guard, request]);

  const reload = useCallback(() => setRequest((r) => ({ n: r.n + 1, live: false })), []);
  const onEvent = (payload: TCaseChanged) => {
    if (payload.case.id === id) setRequest((r) => ({ n: r.n + 1, live: true }));
  };
  useSocketEvent('case.created', onEvent);
  useSocketEvent('case.updated', onEvent);
  useSocketEvent('sync.resumed', (resumed) => {
    if (resumed.reconnect || resumed.replayed === -1)
      setRequest((r) => ({ n: r.n + 1, live: true }));
  });

  return { state, reload };
}
