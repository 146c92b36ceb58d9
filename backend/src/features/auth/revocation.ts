import type { Context } from '../../context.js';

/** How the realtime server ends live connections; every API process registers one. */
export interface SocketDisconnector {
  /** Every socket of the user, on every node. */
  user(userId: string): void;
  /** The sockets opened with one session (after logout). */
  session(sessionId: string): void;
}

const disconnectors = new WeakMap<Context, SocketDisconnector>();

/** Called by the realtime server once it is listening. */
export function registerDisconnector(ctx: Context, disconnector: SocketDisconnector): void {
  disconnectors.set(ctx, disconnector);
}

/**
 * Disconnects a user's sockets at once (a disabled account, a reset password). Routes run in
 * API processes, which always have Socket.IO; its Redis adapter reaches the other nodes.
 */
export function disconnectUser(ctx: Context, userId: string): void {
  disconnectors.get(ctx)?.user(userId);
}

export function disconnectSession(ctx: Context, sessionId: string): void {
  disconnectors.get(ctx)?.session(sessionId);
}
