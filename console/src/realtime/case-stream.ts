import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { SERVER_EVENT_NAMES, SERVER_EVENTS, type ServerEventPayload } from '@hutong/shared';
import type {
  ClientToServerEvents,
  ServerEventName,
  ServerToClientEvents,
  TCaseUnwatch,
  TCaseWatch,
  EventResume,
  TCasesChanged,
  TSocketAuth,
  TSyncResumed,
} from '@hutong/shared';

/** What the connection indicator shows. */
export type ConnectionState =
  'connecting' | 'connected' | 'reconnecting' | 'offline' | 'unauthenticated';

/** `sync.resumed` plus whether it followed a reconnect (the first connect is not one). */
export interface StreamResumed extends TSyncResumed {
  reconnect: boolean;
}

/**
 * Everything the stream reports to the app, by name: every server event with its payload as
 * shared's SERVER_EVENTS types it (call, callback, presence, alert, org-report and sweep events
 * are live state, not replayed: refetch on `sync.resumed`), and the connection's own.
 */
export type StreamEventMap = {
  // `cases.changed` reaches listeners as the `case.created` / `case.updated` it carries.
  [E in Exclude<ServerEventName, 'sync.resumed' | 'cases.changed'>]: ServerEventPayload<E>;
} & {
  'sync.resumed': StreamResumed;
  state: ConnectionState;
  unauthenticated: undefined;
};
export type StreamEventName = keyof StreamEventMap;

/** The callbacks a transport drives; the stream never touches socket.io types beyond this. */
export interface SocketHandlers {
  connect(): void;
  disconnect(reason: string): void;
  connectError(error: Error): void;
  message(event: ServerEventName, payload: unknown): void;
}

/** The part of a Socket.IO client socket the stream drives. */
export interface SocketLike {
  /** True while the client will keep trying to (re)connect on its own. */
  readonly active: boolean;
  connect(): unknown;
  disconnect(): unknown;
  /** Sends `case.watch` (a transport without client events leaves it out). */
  watchCase?(payload: TCaseWatch): void;
  /** Sends `case.unwatch`. */
  unwatchCase?(payload: TCaseUnwatch): void;
}

/** Opens a transport; `auth` is read at every (re)connect so the handshake carries the latest seq. */
export type SocketFactory = (auth: () => TSocketAuth, handlers: SocketHandlers) => SocketLike;

/** The real transport: Socket.IO on the page's origin, authenticated by the session cookie. */
export const connectSocketIo: SocketFactory = (auth, handlers) => {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    autoConnect: false,
    withCredentials: true,
    // The function form is re-evaluated on every reconnect attempt.
    auth: (cb) => cb(auth()),
  });
  socket.on('connect', () => handlers.connect());
  socket.on('disconnect', (reason) => handlers.disconnect(reason));
  socket.on('connect_error', (error) => handlers.connectError(error));
  // Every event of the shared map; the payload is validated by the stream, not trusted here.
  const on = socket.on.bind(socket) as (
    event: ServerEventName,
    listener: (payload: unknown) => void,
  ) => void;
  for (const event of SERVER_EVENT_NAMES) on(event, (payload) => handlers.message(event, payload));
  return Object.assign(socket, {
    // The answer is not needed: the viewers list that follows says what was granted.
    watchCase: (payload: TCaseWatch) => void socket.emit('case.watch', payload, () => undefined),
    unwatchCase: (payload: TCaseUnwatch) => void socket.emit('case.unwatch', payload),
  });
};

// When the Socket.IO client will not retry by itself — the server dropped us on purpose, or refused
// the handshake for a reason other than the session (its database was gone: SERVICE_UNAVAILABLE) —
// ask again after a while, doubling up to half a minute until a connection is made.
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30_000;

/**
 * The one place the console's live connection lives: it validates every payload against the
 * shared schemas, remembers the highest seq seen so a reconnect resumes where it left off, and
 * reports connection state for the indicator.
 */
export class CaseStream {
  private readonly socket: SocketLike;
  private lastSeq: number | undefined;
  private lastWarningSeq: number | undefined;
  /**
   * The highest seqs seen live on this connection before its `sync.resumed`. The server joins
   * the rooms first and replays second: a live event can come before the replay of older ones,
   * and if the replay then fails (the server disconnects) the next handshake must still ask from
   * before the gap. They move the resume point once the replay is done.
   */
  private pendingSeq: number | undefined;
  private pendingWarningSeq: number | undefined;
  private resumed = false;
  private state: ConnectionState = 'connecting';
  private downSince: number | null = null;
  private connects = 0;
  private started = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay = RETRY_FIRST_MS;
  private readonly listeners = new Map<StreamEventName, Set<(payload: never) => void>>();
  /** The cases this console has open (case id → editing), sent again after every reconnect. */
  private readonly watched = new Map<string, boolean>();

  constructor(factory: SocketFactory = connectSocketIo) {
    this.socket = factory(() => this.handshakeAuth(), {
      connect: () => this.onConnect(),
      disconnect: (reason) => this.onDisconnect(reason),
      connectError: (error) => this.onConnectError(error),
      message: (event, payload) => this.onMessage(event, payload),
    });
  }

  /** Opens the connection (again, after `stop`). */
  start(): void {
    this.started = true;
    this.setState(this.connects > 0 ? 'reconnecting' : 'connecting');
    this.socket.connect();
    if (typeof window !== 'undefined') window.addEventListener('online', this.onBrowserOnline);
  }

  /** Closes the connection for good (logout, unmount). */
  stop(): void {
    this.started = false;
    clearTimeout(this.retryTimer);
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onBrowserOnline);
    this.socket.disconnect();
  }

  /** Records a seq the client is up to date with (an event, a resume, or a list read). */
  noteSeq(seq: number): void {
    if (this.lastSeq === undefined || seq > this.lastSeq) this.lastSeq = seq;
  }

  /** Records a warning seq the client is up to date with (an event, or a warnings list read). */
  noteWarningSeq(seq: number): void {
    if (this.lastWarningSeq === undefined || seq > this.lastWarningSeq) this.lastWarningSeq = seq;
  }

  /** Tells the server this console has a case open, and whether it is editing it. */
  watchCase(caseId: string, editing: boolean): void {
    this.watched.set(caseId, editing);
    if (this.state === 'connected') this.socket.watchCase?.({ caseId, editing });
  }

  /** Tells the server this console left the case. */
  unwatchCase(caseId: string): void {
    if (!this.watched.delete(caseId)) return;
    if (this.state === 'connected') this.socket.unwatchCase?.({ caseId });
  }

  /** The highest seq the client has seen, if any. */
  getLastSeq(): number | undefined {
    return this.lastSeq;
  }

  /** The current connection state. */
  getState(): ConnectionState {
    return this.state;
  }

  /** When the live connection went down (ms since the epoch), or null while it is up. */
  getDownSince(): number | null {
    return this.downSince;
  }

  /** Listens to one stream event; returns the unsubscribe function. */
  subscribe<E extends StreamEventName>(
    event: E,
    listener: (payload: StreamEventMap[E]) => void,
  ): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  private emit<E extends StreamEventName>(event: E, payload: StreamEventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (payload: StreamEventMap[E]) => void)(payload);
    }
  }

  private handshakeAuth(): TSocketAuth {
    return {
      ...(this.lastSeq === undefined ? {} : { lastSeq: this.lastSeq }),
      ...(this.lastWarningSeq === undefined ? {} : { lastWarningSeq: this.lastWarningSeq }),
    };
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    // "Down" is a connection lost or never made; the first attempt and a closed session are not.
    if (state === 'reconnecting' || state === 'offline') this.downSince ??= Date.now();
    else if (state === 'connected') this.downSince = null;
    this.state = state;
    this.emit('state', state);
  }

  private onConnect(): void {
    this.connects += 1;
    this.resumed = false;
    this.pendingSeq = undefined;
    this.pendingWarningSeq = undefined;
    this.retryDelay = RETRY_FIRST_MS;
    this.setState('connected');
    // The server forgets a socket's open cases with the socket: say them again.
    for (const [caseId, editing] of this.watched) this.socket.watchCase?.({ caseId, editing });
  }

  private onDisconnect(reason: string): void {
    if (!this.started) return;
    if (this.socket.active) {
      this.setState('reconnecting');
      return;
    }
    // "io server disconnect": the client will not retry by itself, so ask again shortly; a
    // revoked session then fails the handshake with UNAUTHENTICATED and we go to login.
    this.setState('offline');
    if (reason === 'io server disconnect') this.retryLater();
  }

  private onConnectError(error: Error): void {
    if (error.message === 'UNAUTHENTICATED') {
      this.setState('unauthenticated');
      this.emit('unauthenticated', undefined);
      return;
    }
    this.setState(this.socket.active ? 'reconnecting' : 'offline');
    // A handshake refused by the server (SERVICE_UNAVAILABLE while its database is gone) is not
    // retried by the Socket.IO client: before, the console stayed offline until reloaded (found by
    // `npm run chaos`: three consoles missed every event after a PostgreSQL outage).
    if (!this.socket.active) this.retryLater();
  }

  private retryLater(): void {
    clearTimeout(this.retryTimer);
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      if (!this.started || this.socket.active) return;
      this.setState('reconnecting');
      this.socket.connect();
    }, delay);
  }

  private readonly onBrowserOnline = (): void => {
    if (this.started && this.state === 'offline' && !this.socket.active) this.socket.connect();
  };

  private onMessage(event: ServerEventName, payload: unknown): void {
    const { payload: schema, resume } = SERVER_EVENTS[event];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return reportDrift(event, parsed.error.issues);
    if (event === 'sync.resumed') {
      const resumed = parsed.data as TSyncResumed;
      this.noteSeq(resumed.seq);
      if (this.pendingSeq !== undefined) this.noteSeq(this.pendingSeq);
      if (this.pendingWarningSeq !== undefined) this.noteWarningSeq(this.pendingWarningSeq);
      this.resumed = true;
      this.emit('sync.resumed', { ...resumed, reconnect: this.connects > 1 });
      return;
    }
    if (event === 'cases.changed') {
      // Several case events committed together: each handled as if it had come alone, in order.
      for (const { name, ...change } of (parsed.data as TCasesChanged).changes) {
        this.deliver(name, change, resume);
      }
      return;
    }
    this.deliver(event, parsed.data as StreamEventMap[typeof event], resume);
  }

  /** Moves the resume point past a valid event's seq and hands the event to its listeners. */
  private deliver<E extends Exclude<ServerEventName, 'sync.resumed' | 'cases.changed'>>(
    event: E,
    payload: StreamEventMap[E],
    resume: EventResume,
  ): void {
    const data = payload as { seq?: number };
    // The seq moves only once the payload is valid: a dropped one is replayed on reconnect.
    if (data.seq !== undefined && !this.resumed) {
      if (resume === 'seq') this.pendingSeq = Math.max(this.pendingSeq ?? data.seq, data.seq);
      if (resume === 'warningSeq') {
        this.pendingWarningSeq = Math.max(this.pendingWarningSeq ?? data.seq, data.seq);
      }
    } else if (data.seq !== undefined) {
      if (resume === 'seq') this.noteSeq(data.seq);
      if (resume === 'warningSeq') this.noteWarningSeq(data.seq);
    }
    this.emit(event, payload);
  }
}

function reportDrift(event: string, issues: unknown): void {
  // The seq is not advanced, so the next reconnect replays the event; the refetch covers it too.
  console.error(`Ignoring a ${event} payload that does not match its schema`, issues);
}
