import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import {
  ServerEvent,
  ZCallEscalated,
  ZCallSummary,
  ZCallbackChanged,
  ZCaseChanged,
  ZCaseViewers,
  ZOrgReport,
  ZPresence,
  ZPresenceChanged,
  ZReferralChanged,
  ZReferralMessaged,
  ZSupervisorAlert,
  ZSyncResumed,
  ZWarningChanged,
  ZSweepChanged,
} from '@hutong/shared';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  TCallEscalated,
  TCallSummary,
  TCallbackChanged,
  TCaseChanged,
  TCaseViewers,
  TCaseUnwatch,
  TCaseWatch,
  TOrgReport,
  TPresence,
  TPresenceChanged,
  TReferralChanged,
  TReferralMessaged,
  TSupervisorAlert,
  TSocketAuth,
  TSyncResumed,
  TWarningChanged,
  TSweepChanged,
} from '@hutong/shared';

/** What the connection indicator shows. */
export type ConnectionState =
  'connecting' | 'connected' | 'reconnecting' | 'offline' | 'unauthenticated';

/** `sync.resumed` plus whether it followed a reconnect (the first connect is not one). */
export interface StreamResumed extends TSyncResumed {
  reconnect: boolean;
}

/** Everything the stream reports to the app, by name. */
export interface StreamEventMap {
  'case.created': TCaseChanged;
  'case.updated': TCaseChanged;
  'sync.resumed': StreamResumed;
  /** Live call state: not replayed by seq, so refetch the call list on every `sync.resumed`. */
  'call.queued': TCallSummary;
  'call.updated': TCallSummary;
  'call.escalated': TCallEscalated;
  /** Callback tasks made, changed or done: not replayed either (refetch on `sync.resumed`). */
  'callback.created': TCallbackChanged;
  'callback.updated': TCallbackChanged;
  /** A referral was made or moved (ids and status only: refetch for details). */
  'referral.created': TReferralChanged;
  'referral.updated': TReferralChanged;
  /** A message on a referral (ids and side only: refetch the messages). */
  'referral.messaged': TReferralMessaged;
  /** Someone came on or went off duty (supervisors only; refetch the board). */
  'presence.updated': TPresenceChanged;
  /** Someone's presence changed (supervisors, and the person's own consoles). */
  'presence.changed': TPresence;
  /** A late claim or an escalation: the supervisors' consoles ring. */
  'supervisor.alerted': TSupervisorAlert;
  /** A warning on the children's register raised or changed (its own seq, resumed on reconnect). */
  'warning.created': TWarningChanged;
  'warning.updated': TWarningChanged;
  /** One of a reporting organisation's reports changed stage (a row of "Our reports"; not replayed). */
  'org.report.updated': TOrgReport;
  /** A sweep's progress as this user's room sees it (its own seq per sweep; not replayed). */
  'sweep.updated': TSweepChanged;
  /** Who has a case this console watches open, and who edits it (ids only; not replayed). */
  'case.viewers.updated': TCaseViewers;
  state: ConnectionState;
  unauthenticated: undefined;
}
export type StreamEventName = keyof StreamEventMap;

/** The callbacks a transport drives; the stream never touches socket.io types beyond this. */
export interface SocketHandlers {
  connect(): void;
  disconnect(reason: string): void;
  connectError(error: Error): void;
  message(event: (typeof ServerEvent)[keyof typeof ServerEvent], payload: unknown): void;
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
  socket.on(ServerEvent.caseCreated, (payload) =>
    handlers.message(ServerEvent.caseCreated, payload),
  );
  socket.on(ServerEvent.caseUpdated, (payload) =>
    handlers.message(ServerEvent.caseUpdated, payload),
  );
  socket.on(ServerEvent.resumed, (payload) => handlers.message(ServerEvent.resumed, payload));
  socket.on(ServerEvent.callQueued, (payload) => handlers.message(ServerEvent.callQueued, payload));
  socket.on(ServerEvent.callUpdated, (payload) =>
    handlers.message(ServerEvent.callUpdated, payload),
  );
  socket.on(ServerEvent.callEscalated, (payload) =>
    handlers.message(ServerEvent.callEscalated, payload),
  );
  socket.on(ServerEvent.callbackCreated, (payload) =>
    handlers.message(ServerEvent.callbackCreated, payload),
  );
  socket.on(ServerEvent.callbackUpdated, (payload) =>
    handlers.message(ServerEvent.callbackUpdated, payload),
  );
  socket.on(ServerEvent.referralCreated, (payload) =>
    handlers.message(ServerEvent.referralCreated, payload),
  );
  socket.on(ServerEvent.referralUpdated, (payload) =>
    handlers.message(ServerEvent.referralUpdated, payload),
  );
  socket.on(ServerEvent.referralMessaged, (payload) =>
    handlers.message(ServerEvent.referralMessaged, payload),
  );
  socket.on(ServerEvent.presenceUpdated, (payload) =>
    handlers.message(ServerEvent.presenceUpdated, payload),
  );
  socket.on(ServerEvent.presenceChanged, (payload) =>
    handlers.message(ServerEvent.presenceChanged, payload),
  );
  socket.on(ServerEvent.supervisorAlerted, (payload) =>
    handlers.message(ServerEvent.supervisorAlerted, payload),
  );
  socket.on(ServerEvent.warningCreated, (payload) =>
    handlers.message(ServerEvent.warningCreated, payload),
  );
  socket.on(ServerEvent.warningUpdated, (payload) =>
    handlers.message(ServerEvent.warningUpdated, payload),
  );
  socket.on(ServerEvent.orgReportUpdated, (payload) =>
    handlers.message(ServerEvent.orgReportUpdated, payload),
  );
  socket.on(ServerEvent.sweepUpdated, (payload) =>
    handlers.message(ServerEvent.sweepUpdated, payload),
  );
  socket.on(ServerEvent.caseViewersUpdated, (payload) =>
    handlers.message(ServerEvent.caseViewersUpdated, payload),
  );
  return Object.assign(socket, {
    // The answer is not needed: the viewers list that follows says what was granted.
    watchCase: (payload: TCaseWatch) => void socket.emit('case.watch', payload, () => undefined),
    unwatchCase: (payload: TCaseUnwatch) => void socket.emit('case.unwatch', payload),
  });
};

// After the server drops us on purpose, wait a little before asking again (it may be restarting).
const SERVER_DISCONNECT_RETRY_MS = 2000;

/**
 * The one place the console's live connection lives: it validates every payload against the
 * shared schemas, remembers the highest seq seen so a reconnect resumes where it left off, and
 * reports connection state for the indicator.
 */
export class CaseStream {
  private readonly socket: SocketLike;
  private lastSeq: number | undefined;
  private lastWarningSeq: number | undefined;
  private state: ConnectionState = 'connecting';
  private downSince: number | null = null;
  private connects = 0;
  private started = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
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
    if (reason === 'io server disconnect') {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        if (this.started) this.socket.connect();
      }, SERVER_DISCONNECT_RETRY_MS);
    }
  }

  private onConnectError(error: Error): void {
    if (error.message === 'UNAUTHENTICATED') {
      this.setState('unauthenticated');
      this.emit('unauthenticated', undefined);
      return;
    }
    this.setState(this.socket.active ? 'reconnecting' : 'offline');
  }

  private readonly onBrowserOnline = (): void => {
    if (this.started && this.state === 'offline' && !this.socket.active) this.socket.connect();
  };

  private onMessage(event: SocketHandlersEvent, payload: unknown): void {
    if (event === ServerEvent.resumed) {
      const parsed = ZSyncResumed.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.noteSeq(parsed.data.seq);
      this.emit('sync.resumed', { ...parsed.data, reconnect: this.connects > 1 });
      return;
    }
    if (event === ServerEvent.callQueued || event === ServerEvent.callUpdated) {
      // Call events carry no seq: they never move lastSeq.
      const call = ZCallSummary.safeParse(payload);
      if (!call.success) return reportDrift(event, call.error.issues);
      this.emit(event, call.data);
      return;
    }
    if (event === ServerEvent.callEscalated) {
      const escalated = ZCallEscalated.safeParse(payload);
      if (!escalated.success) return reportDrift(event, escalated.error.issues);
      this.emit(event, escalated.data);
      return;
    }
    if (event === ServerEvent.callbackCreated || event === ServerEvent.callbackUpdated) {
      const parsed = ZCallbackChanged.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.presenceUpdated) {
      const parsed = ZPresenceChanged.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.presenceChanged) {
      const parsed = ZPresence.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.supervisorAlerted) {
      const parsed = ZSupervisorAlert.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.referralCreated || event === ServerEvent.referralUpdated) {
      const parsed = ZReferralChanged.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.noteSeq(parsed.data.seq);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.referralMessaged) {
      const parsed = ZReferralMessaged.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.noteSeq(parsed.data.seq);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.warningCreated || event === ServerEvent.warningUpdated) {
      const parsed = ZWarningChanged.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.noteWarningSeq(parsed.data.seq);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.sweepUpdated) {
      const parsed = ZSweepChanged.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.caseViewersUpdated) {
      const parsed = ZCaseViewers.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.orgReportUpdated) {
      const parsed = ZOrgReport.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.emit(event, parsed.data);
      return;
    }
    if (event === ServerEvent.caseCreated || event === ServerEvent.caseUpdated) {
      const parsed = ZCaseChanged.safeParse(payload);
      if (!parsed.success) return reportDrift(event, parsed.error.issues);
      this.noteSeq(parsed.data.seq);
      this.emit(event, parsed.data);
    }
  }
}

type SocketHandlersEvent = Parameters<SocketHandlers['message']>[0];

function reportDrift(event: string, issues: unknown): void {
  // The seq is not advanced, so the next reconnect replays the event; the refetch covers it too.
  console.error(`Ignoring a ${event} payload that does not match its schema`, issues);
}
