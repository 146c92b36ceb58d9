import { useCallback, useEffect, useState } from 'react';
import type { TInbox, TInboxReferral, TReferral } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { listReferrals } from '../../dispatch/api';

/** Where the inbox stands. */
export interface InboxState {
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  centre: TInbox['centre'];
  referrals: TInboxReferral[];
  reload: () => void;
}

/**
 * The centre's referrals with their triage facts, kept live; `onNew` hears of each referral that
 * arrives by socket. A move updates its row at once (the payload carries the referral without
 * its facts, which do not change with it); a new referral is read with its facts.
 */
export function useInbox(onNew: (referral: TReferral) => void): InboxState {
  const api = useApi();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<Omit<InboxState, 'reload'>>({
    status: 'loading',
    error: null,
    centre: null,
    referrals: [],
  });

  useEffect(() => {
    let cancelled = false;
    listReferrals(api).then(
      ({ centre, referrals }) => {
        if (!cancelled) setState({ status: 'ready', error: null, centre, referrals });
      },
      (error: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, status: 'error', error }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, loadCount]);

  const reload = useCallback(() => setLoadCount((n) => n + 1), []);
  /** Takes a moved referral into its row; false when the row is not there yet. */
  const take = (referral: TReferral): boolean => {
    if (!state.referrals.some((r) => r.id === referral.id)) return false;
    setState((s) => ({
      ...s,
      referrals: s.referrals.map((r) =>
        r.id === referral.id && r.version <= referral.version
          ? // Free text is left out of broadcasts: keep what was read.
            { ...r, ...referral, reason: r.reason, outcome: r.outcome ?? referral.outcome }
          : r,
      ),
    }));
    return true;
  };

  useSocketEvent('referral.created', ({ referral }) => {
    if (!take(referral)) reload();
    onNew(referral);
  });
  useSocketEvent('referral.updated', ({ referral }) => {
    if (!take(referral)) reload();
  });
  useSocketEvent('sync.resumed', ({ reconnect }) => {
    if (reconnect) reload();
  });

  return { ...state, reload };
}
