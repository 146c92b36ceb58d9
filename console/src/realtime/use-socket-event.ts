import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { useCaseStream } from './SocketProvider';
import type { ConnectionState, StreamEventMap, StreamEventName } from './case-stream';

/** Runs `handler` for every `event` from the live stream; the latest handler is always used. */
export function useSocketEvent<E extends StreamEventName>(
  event: E,
  handler: (payload: StreamEventMap[E]) => void,
): void {
  const stream = useCaseStream();
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!stream) return;
    return stream.subscribe(event, (payload) => latest.current(payload));
  }, [stream, event]);
}

/** The connection state of the live stream, or null outside a SocketProvider. */
export function useConnectionState(): ConnectionState | null {
  const stream = useCaseStream();
  return useSyncExternalStore(
    (onChange) => (stream ? stream.subscribe('state', onChange) : () => undefined),
    () => (stream ? stream.getState() : null),
  );
}

/** When the live connection went down (ms since the epoch), or null while it is up or absent. */
export function useConnectionDownSince(): number | null {
  const stream = useCaseStream();
  return useSyncExternalStore(
    (onChange) => (stream ? stream.subscribe('state', onChange) : () => undefined),
    () => (stream ? stream.getDownSince() : null),
  );
}

/**
 * Runs `handler` when the live connection comes back after being down, e.g. to clear a load
 * error left by the outage and read again. Never on the first connect.
 */
export function useReconnected(handler: () => void): void {
  const stream = useCaseStream();
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!stream) return;
    let wasDown = stream.getDownSince() !== null;
    return stream.subscribe('state', (state) => {
      if (state === 'connected' && wasDown) latest.current();
      wasDown = stream.getDownSince() !== null;
    });
  }, [stream]);
}
