import type { ServerEventName, TCaseUnwatch, TCaseWatch, TSocketAuth } from '@hutong/shared';
import type { SocketFactory, SocketHandlers, SocketLike } from '../realtime/case-stream';

/**
 * A stand-in for the Socket.IO transport that the test drives by hand: it records the handshake
 * auth of every connect and lets the test play the server's side.
 */
export class FakeSocket implements SocketLike {
  active = false;
  connectCalls = 0;
  handshakes: TSocketAuth[] = [];
  /** Every client event sent, in order. */
  sent: (
    { event: 'case.watch'; payload: TCaseWatch } | { event: 'case.unwatch'; payload: TCaseUnwatch }
  )[] = [];
  private handlers: SocketHandlers | undefined;
  private authOf: (() => TSocketAuth) | undefined;

  readonly factory: SocketFactory = (auth, handlers) => {
    this.authOf = auth;
    this.handlers = handlers;
    return this;
  };

  connect(): void {
    this.connectCalls += 1;
    this.active = true;
  }

  disconnect(): void {
    this.active = false;
  }

  /** The server accepts the handshake (auth is read at that moment, as Socket.IO does). */
  acceptConnection(): void {
    this.handshakes.push(this.authOf!());
    this.handlers!.connect();
  }

  watchCase(payload: TCaseWatch): void {
    this.sent.push({ event: 'case.watch', payload });
  }

  unwatchCase(payload: TCaseUnwatch): void {
    this.sent.push({ event: 'case.unwatch', payload });
  }

  /** The transport drops; the client keeps retrying. */
  dropConnection(): void {
    this.handlers!.disconnect('transport close');
  }

  /** The server refuses the handshake with an error message. */
  refuse(message: string): void {
    this.handshakes.push(this.authOf!());
    this.active = false;
    this.handlers!.connectError(new Error(message));
  }

  /** The server emits an event. */
  emit(event: ServerEventName, payload: unknown): void {
    this.handlers!.message(event, payload);
  }
}
