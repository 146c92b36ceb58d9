import { useCallback, useEffect, useState } from 'react';
import type { TPresence } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { myPresence } from '../api';

/** The signed-in operator's presence: read once, then followed live (re-read on reconnect). */
export function useMyPresence(userId: string): {
  presence: TPresence | null;
  error: unknown;
  set: (presence: TPresence) => void;
} {
  const api = useApi();
  const [presence, setPresence] = useState<TPresence | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    myPresence(api)
      .then((p) => {
        setPresence(p);
        setError(null);
      })
      .catch((e: unknown) => setError(e));
  }, [api]);

  useEffect(load, [load]);
  useSocketEvent('presence.changed', (p) => {
    if (p.userId === userId) setPresence(p);
  });
  useSocketEvent('sync.resumed', load);

  return { presence, error, set: setPresence };
}
