import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { CaseStream, connectSocketIo } from './case-stream';
import type { SocketFactory } from './case-stream';

const SocketContext = createContext<CaseStream | null>(null);

/** The transport SocketProviders below use when given none: tests put a fake one here. */
export const SocketFactoryContext = createContext<SocketFactory>(connectSocketIo);

/** Holds the live connection for the signed-in part of the console; one socket per tab. */
export function SocketProvider({
  children,
  factory,
  onUnauthenticated,
}: {
  children: ReactNode;
  /** Tests pass a fake transport; the app uses Socket.IO (or SocketFactoryContext's). */
  factory?: SocketFactory;
  /** Called when the server refuses the handshake because the session is gone. */
  onUnauthenticated: () => void;
}) {
  // Created once; React may call the initialiser twice in development, which only builds an
  // unconnected socket that is dropped.
  const fallback = useContext(SocketFactoryContext);
  const [stream] = useState(() => new CaseStream(factory ?? fallback));

  useEffect(
    () => stream.subscribe('unauthenticated', onUnauthenticated),
    [stream, onUnauthenticated],
  );

  useEffect(() => {
    stream.start();
    return () => stream.stop();
  }, [stream]);

  return <SocketContext.Provider value={stream}>{children}</SocketContext.Provider>;
}

/** The live stream of the enclosing SocketProvider, or null outside one (public pages). */
export function useCaseStream(): CaseStream | null {
  return useContext(SocketContext);
}
