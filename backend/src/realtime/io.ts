import type { Server as HttpServer } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import {
  can,
  MAX_REPLAY,
  ZSocketAuth,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@hutong/shared';
import type { Context } from '../context.js';
import { findActor, type Actor } from '../features/auth/sessions.js';
import { sessionToken } from '../features/auth/auth.middleware.js';
import { registerDisconnector } from '../features/auth/revocation.js';
import { currentSeq, findEventsToReplay } from '../features/cases/cases.repository.js';
import {
  consoleClosed,
  consoleOpened,
  type PresenceUser,
} from '../features/presence/presence-status.js';
import { isActiveOrg } from '../features/org-reports/org-report-events.js';
import { rooms } from './rooms.js';
import { replayWarnings } from '../features/warnings/warning-replay.js';
import type { Broadcaster } from './broadcast.js';
import { registerCaseWatch, type Watching } from './case-viewers.js';

interface SocketData {
  actor: Actor;
  /** The cases this console has open (`case.watch`). */
  watching?: Watching;
}
export type HutongServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type HutongSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** What the streams adapter hands each namespace's adapter for every stream entry it reads. */
interface RawStreamsAdapter {
  uid: string;
  onRawMessage(message: { uid?: string }, offset: string): void;
}

/**
 * The Redis streams adapter every Socket.IO server of one deployment shares, serialising each
 * broadcast as little as it can (issue 16). Per event the in-memory part encodes the packet once
 * for every socket of the node (socket.io-adapter's pre-encoded WebSocket frame) and the streams
 * part once more, as JSON, for its `XADD`. Two per-event costs are dropped here:
 * - `onlyPlaintext`: our payloads are JSON (contracts in shared, no binary), so the adapter need
 *   not walk every payload looking for a Buffer before the `XADD`;
 * - a node reads its own entries back from the stream, and the adapter parsed each one before
 *   the cluster adapter dropped it by uid; our own entries are now dropped before the parse.
 */
function streamsAdapter(ctx: Context, adapterRedis: Redis) {
  const prefix = ctx.config.redisPrefix;
  const make = createAdapter(adapterRedis, {
    streamName: `${prefix}:socket.io`,
    // Requests and answers that skip the stream (fetchSockets: presence, a case's viewers) go by
    // pub/sub on `<channelPrefix>#/#`: without our prefix, every deployment on one Redis answered
    // every other's, and a duty board counted another deployment's consoles.
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:sio:session:`,
    onlyPlaintext: true,
  });
  // A function, not an arrow: Socket.IO calls the adapter factory with `new`.
  return function hutongStreamsAdapter(nsp: Parameters<typeof make>[0]) {
    const adapter = make(nsp);
    const raw = adapter as unknown as RawStreamsAdapter;
    const onRawMessage = raw.onRawMessage.bind(adapter);
    raw.onRawMessage = (message, offset) => {
      if (message.uid !== raw.uid) onRawMessage(message, offset);
    };
    return adapter;
  };
}

/** The parts of Engine.IO's WebSocket transport that `writeEachTurnAtOnce` touches. */
interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  /** The `ws` WebSocket, whose `_socket` is its TCP connection. */
  socket?: { _socket?: NetSocket };
}

/** The parts of Engine.IO's socket (one console's connection) that `writeEachTurnAtOnce` touches. */
interface EngineSocket {
  transport: EngineTransport;
  flush(): void;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

/**
 * Writes what one turn of the event loop sends to a console in one system call. Engine.IO
 * flushes a console's packets as each is emitted, and its WebSocket transport hands `ws` each
 * packet as a frame of its own, which `ws` writes at once: one `writev` per event per console,
 * the largest share of the process's CPU while 200 consoles follow 200 reports a second, and a
 * queue of packet objects per console in a burst (the claim sweep ringing every urgent case
 * whose minute ran out). Now the flush waits for the end of the turn (`setImmediate`), so the
 * events of a turn go together, and the connection is corked while the transport writes them,
 * so they go out in one `writev` (the batching `ws`'s maintainers advise, websockets/ws#1999).
 * Each frame's own callback still runs once it is written; order is kept.
 */
function writeEachTurnAtOnce(socket: EngineSocket): void {
  const corked = (transport: EngineTransport) => {
    if (transport.name !== 'websocket') return;
    const send = transport.send.bind(transport);
    transport.send = (packets) => {
      const connection = transport.socket?._socket;
      if (!connection || packets.length < 2) return send(packets);
      connection.cork();
      try {
        send(packets);
      } finally {
        connection.uncork();
      }
    };
  };
  corked(socket.transport);
  socket.on('upgrade', corked);
  const flush = socket.flush.bind(socket);
  let pending = false;
  socket.flush = () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      flush();
    });
  };
}

/**
 * For a worker-only process: a Socket.IO server on no HTTP server and with no clients, whose
 * emits go through the Redis stream to the API processes' clients (the streams adapter has no
 * separate emitter package). Stop it with `closeRealtimeEmitter`, not `close()`, which expects
 * an engine.
 */
export function createRealtimeEmitter(ctx: Context, adapterRedis: Redis): HutongServer {
  return new Server({ serveClient: false, adapter: streamsAdapter(ctx, adapterRedis) });
}

/** Stops an emitter-only server's adapter (its stream reader and heartbeat). */
export async function closeRealtimeEmitter(emitter: HutongServer): Promise<void> {
  await emitter.of('/').adapter.close();
}

/**
 * Socket.IO on the API's HTTP server: authenticated by the session cookie, fanned out across
 * nodes through Redis streams, and resumable — a client sends the last seq it saw and gets
 * every event after it before anything new.
 */
export function createRealtime(
  ctx: Context,
  httpServer: HttpServer,
  adapterRedis: Redis,
  broadcaster: Broadcaster,
): HutongServer {
  const io: HutongServer = new Server(httpServer, {
    serveClient: false,
    adapter: streamsAdapter(ctx, adapterRedis),
  });

  io.use((socket, next) => {
    findActor(ctx.db, sessionToken(socket.handshake.headers.cookie))
      .then((actor) => {
        if (!actor) return next(new Error('UNAUTHENTICATED'));
        if (actor.mustChangePassword) return next(new Error('PASSWORD_CHANGE_REQUIRED'));
        socket.data.actor = actor;
        next();
      })
      .catch(() => next(new Error('SERVICE_UNAVAILABLE')));
  });

  io.engine.on('connection', writeEachTurnAtOnce);

  registerDisconnector(ctx, {
    user: (userId) => io.in(rooms.user(userId)).disconnectSockets(true),
    session: (sessionId) => io.in(rooms.session(sessionId)).disconnectSockets(true),
  });

  io.on('connection', (socket) => {
    // A session that runs out while connected ends the connection too.
    const expiry = setTimeout(
      () => socket.disconnect(true),
      Math.min(Math.max(0, socket.data.actor.expiresAt.getTime() - Date.now()), 2 ** 31 - 1),
    );
    socket.once('disconnect', () => clearTimeout(expiry));
    // Listening at once: a console's first `case.watch` may come before its rooms are joined.
    registerCaseWatch(ctx, io, socket);
    void onConnection(ctx, socket, broadcaster).catch((err: unknown) => {
      ctx.log.warn({ err, userId: socket.data.actor.id }, 'socket resume failed');
      socket.disconnect(true);
    });
  });
  return io;
}

/**
 * Tells the supervisors' duty boards that someone came on duty, and, when their last console
 * closes (on any node), that they left.
 */
function announcePresence(ctx: Context, socket: HutongSocket): void {
  const { actor } = socket.data;
  const userId = actor.id;
  const user = { id: userId, displayName: actor.displayName, role: actor.role };
  socket.nsp.to(rooms.supervisors).emit('presence.updated', { userId, online: true });
  consoleOpened(ctx, user).catch((err: unknown) =>
    ctx.log.warn({ err, userId }, 'presence update failed'),
  );
  socket.once('disconnect', (reason) => {
    if (reason === 'server shutting down') return;
    announceLeaving(ctx, socket, user).catch((err: unknown) =>
      ctx.log.warn({ err, userId }, 'presence check failed'),
    );
  });
}

/**
 * How often, and how far apart, a closed console asks again whether its user has another one
 * open when a node did not answer: past the adapter's 10-s heartbeat, a node that died is no
 * longer counted, and a busy one has answered.
 */
const LEAVING_ASKS = 6;
const LEAVING_ASK_GAP_MS = 3000;

/**
 * A console closed: when it was its user's last, on any node, the boards hear they left. By
 * now the socket has left its rooms, so any socket still in the user's room is another one.
 */
async function announceLeaving(
  ctx: Context,
  socket: HutongSocket,
  user: PresenceUser,
): Promise<void> {
  for (let ask = 1; ask <= LEAVING_ASKS; ask += 1) {
    const open = await ctx.presence.consolesOpen(user.id);
    if (open === true) return;
    if (open === false) {
      socket.nsp.to(rooms.supervisors).emit('presence.updated', { userId: user.id, online: false });
      return consoleClosed(ctx, user);
    }
    if (ask < LEAVING_ASKS) {
      await new Promise((resolve) => setTimeout(resolve, LEAVING_ASK_GAP_MS).unref());
    }
  }
  // Unknown still: the board's own re-reading (every 30 s) settles it.
  ctx.log.warn({ userId: user.id }, 'could not ask every node whether a console was the last');
}

async function onConnection(
  ctx: Context,
  socket: HutongSocket,
  broadcaster: Broadcaster,
): Promise<void> {
  const { actor } = socket.data;
  const joined: string[] = [rooms.user(actor.id), rooms.session(actor.sessionId)];
  if (can(actor.role, 'realtime.operators')) joined.push(rooms.operators);
  if (can(actor.role, 'realtime.supervisors')) joined.push(rooms.supervisors);
  if (can(actor.role, 'realtime.centre') && actor.centreId) {
    joined.push(rooms.centre(actor.centreId));
  }
  // Warnings about children in one's region (issue 12 §4): the region's own room.
  if (can(actor.role, 'realtime.region') && actor.regionCode) {
    joined.push(rooms.region(actor.regionCode));
  }
  // "Our reports" live (issue 10): a reporter of an active organisation follows its reports.
  if (
    can(actor.role, 'org.reports.read') &&
    actor.orgId &&
    (await isActiveOrg(ctx.db, actor.orgId))
  ) {
    joined.push(rooms.org(actor.orgId));
  }
  await socket.join(joined);
  if (joined.includes(rooms.operators)) announcePresence(ctx, socket);

  const auth = ZSocketAuth.safeParse(socket.handshake.auth);
  const lastSeq = auth.success ? auth.data.lastSeq : undefined;
  const lastWarningSeq = auth.success ? auth.data.lastWarningSeq : undefined;
  if (lastWarningSeq !== undefined && can(actor.role, 'warnings.read')) {
    await replayWarnings(ctx, actor, lastWarningSeq, (name, payload) => socket.emit(name, payload));
  }
  if (lastSeq === undefined || !joined.includes(rooms.operators)) {
    socket.emit('sync.resumed', { seq: await currentSeq(ctx.db), replayed: 0 });
    return;
  }
  // Joined first, replayed second: an event committed in between may arrive twice, never not at
  // all. The overlap (recent events at or below lastSeq) covers seqs that committed out of order;
  // clients keep the newer version of a case, so what they already had changes nothing.
  const { overlap, after } = await findEventsToReplay(ctx.db, lastSeq, MAX_REPLAY + 1);
  if (after.length > MAX_REPLAY) {
    socket.emit('sync.resumed', { seq: await currentSeq(ctx.db), replayed: -1 });
    return;
  }
  const missed = [...overlap, ...after];
  const payloads = await broadcaster.payloadsFor(missed);
  for (const { name, payload } of payloads) socket.emit(name, payload);
  socket.emit('sync.resumed', {
    seq: Math.max(lastSeq, missed.at(-1)?.id ?? lastSeq),
    replayed: payloads.length,
  });
}
