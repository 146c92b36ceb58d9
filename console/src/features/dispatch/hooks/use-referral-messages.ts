import { useCallback, useEffect, useState } from 'react';
import type { TReferralMessage } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { listReferralMessages, postReferralMessage } from '../api';

/** Where a referral's conversation stands. */
export interface ReferralMessagesState {
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  messages: TReferralMessage[];
  /** False once the referral has ended: nothing more may be sent. */
  open: boolean;
  reload: () => void;
  /** Sends a message; resolves once the server has it (and the list shows it). */
  send: (body: string) => Promise<void>;
}

/**
 * The messages on one referral, kept live: a `referral.messaged` event (ids only) or a state
 * change of the referral fetches them again.
 */
export function useReferralMessages(referralId: string): ReferralMessagesState {
  const api = useApi();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<Omit<ReferralMessagesState, 'reload' | 'send'>>({
    status: 'loading',
    error: null,
    messages: [],
    open: false,
  });

  useEffect(() => {
    let cancelled = false;
    listReferralMessages(api, referralId).then(
      ({ messages, open }) => {
        if (!cancelled) setState({ status: 'ready', error: null, messages, open });
      },
      (error: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, status: 'error', error }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, referralId, loadCount]);

  const reload = useCallback(() => setLoadCount((n) => n + 1), []);
  useSocketEvent('referral.messaged', (event) => {
    if (event.referralId === referralId) reload();
  });
  useSocketEvent('referral.updated', ({ referral }) => {
    if (referral.id === referralId) reload();
  });
  useSocketEvent('sync.resumed', ({ reconnect }) => {
    if (reconnect) reload();
  });

  const send = useCallback(
    async (body: string) => {
      const message = await postReferralMessage(api, referralId, { body });
      setState((s) =>
        s.messages.some((m) => m.id === message.id)
          ? s
          : { ...s, messages: [...s.messages, message] },
      );
    },
    [api, referralId],
  );

  return { ...state, reload, send };
}
