import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TCaseChanged } from '@hutong/shared';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents> & {
  received: TCaseChanged[];
  lastSeq: number;
};

/** A real socket.io-client, signed in by cookie, recording every case event it receives. */
export function connectSocket(
  url: string,
  cookie: string | undefined,
  lastSeq?: number,
): TestSocket {
  const socket = io(url, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
    auth: lastSeq === undefined ? {} : { lastSeq },
  }) as TestSocket;
  socket.received = [];
  socket.lastSeq = lastSeq ?? 0;
  const record = (payload: TCaseChanged) => {
    socket.received.push(payload);
    socket.lastSeq = Math.max(socket.lastSeq, payload.seq);
  };
  socket.on('case.created', record);
  socket.on('case.updated', record);
  // Case events committed together come in one `cases.changed`; a console takes each alone.
  socket.on('cases.changed', ({ changes }) => {
    for (const { name: _name, ...change } of changes) record(change);
  });
  return socket;
}

/** Resolves once connected, rejects with the server's reason if refused. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}
