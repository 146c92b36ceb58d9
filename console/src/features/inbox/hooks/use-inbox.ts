import { useCallback, useEffect, useState } from 'react';
import type { TReferral } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { listReferrals } from '../../dispatch/api';
import { inboxOrder, upsertReferral } from '../../dispatch/referral-list';

/** The centre's referrals, kept live; `onNew` hears of each referral that arrives by socket. */
export function useInbox(onNew: (referral: TReferral) => void): {
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  referrals: TReferral[];
  reload: () => void;
} {
  const api = useApi();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<{
    status: 'loading' | 'ready' | 'error';
    error: unknown;
    referrals: TReferral[];
  }>({ status: 'loading', error: null, referrals: [] });

  useEffect(() => {
    let cancelled = false;
    listReferrals(api).then(
      ({ referrals }) => {
        if (!cancelled)
          setState({ status: 'ready', error: null, referrals: inboxOrder(referrals) });
      },
      (error: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, status: 'error', error }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, loadCount]);

  const take = useCallback((referral: TReferral) => {
    setState((s) => ({
      ...s,
      referrals: inboxOrder(upsertReferral(s.referrals, referral, 'prepend')),
    }));
  }, []);

  useSocketEvent('referral.created', ({ referral }) => {
    take(referral);
    onNew(referral);
  });
  useSocketEvent('referral.updated', ({ referral }) => take(referral));
  useSocketEvent('sync.resumed', ({ reconnect }) => {
    if (reconnect) setLoadCount((n) => n + 1);
  });

  return { ...state, reload: () => setLoadCount((n) => n + 1) };
}
