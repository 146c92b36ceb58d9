import type { Role, TPresence } from '@hutong/shared';
import type { Logger } from '../lib/logger.js';
import type { HutongServer } from './io.js';
import { rooms } from './rooms.js';
import { caseViewers } from './case-viewers.js';

/** One person with a console open in the operators room, on any node. */
export interface Present {
  id: string;
  displayName: string;
  role: Role;
  connections: number;
}

/** How long to wait for the other nodes to list their sockets before giving up. */
const FETCH_TIMEOUT_MS = 2000;

/**
 * Who is on duty, counted from the live sockets of every API node (through the Redis adapter),
 * so it is never stale after a crash. Null in a process without Socket.IO or when a node did
 * not answer in time.
 */
export class Presence {
  private io: HutongServer | null = null;

  constructor(private readonly log: Logger) {}

  attach(io: HutongServer): void {
    this.io = io;
  }

  async onDuty(): Promise<Present[] | null> {
    if (!this.io) return null;
    try {
      const sockets = await this.io.in(rooms.operators).timeout(FETCH_TIMEOUT_MS).fetchSockets();
      const byUser = new Map<string, Present>();
      for (const { data } of sockets) {
        const { actor } = data;
        const known = byUser.get(actor.id);
        if (known) known.connections += 1;
        else {
          byUser.set(actor.id, {
            id: actor.id,
            displayName: actor.displayName,
            role: actor.role,
            connections: 1,
          });
        }
      }
      return [...byUser.values()];
    } catch (err) {
      this.log.warn({ err }, 'could not count the live consoles');
      return null;
    }
  }

  /** Tells the supervisors' boards and the person's own consoles about a presence change. */
  emitChanged(presence: TPresence): void {
    this.io
      ?.to([rooms.supervisors, rooms.user(presence.userId)])
      .emit('presence.changed', presence);
  }

  /** Who has a case open, editors first (the presence lock); empty without Socket.IO. */
  async caseViewers(caseId: string): Promise<Awaited<ReturnType<typeof caseViewers>>> {
    return this.io ? caseViewers(this.io, caseId) : [];
  }

  /**
   * Whether this user still has a console open anywhere. When a node does not answer in time
   * (one that stopped less than the adapter's 10-s heartbeat ago still counts; a busy one may be
   * late) the answer is "online": presence is a hint, and the question is asked while they act
   * (answering a call, changing status). Thrown, the timeout failed an operator's answer to a
   * call they had already won (found by CI under load).
   */
  async isOnline(userId: string): Promise<boolean> {
    const open = await this.consolesOpen(userId);
    if (open === null) {
      this.log.warn({ userId }, 'could not ask every node for the consoles; taken as online');
      return true;
    }
    return open;
  }

  /** Whether this user has a console open on any node; null when a node did not answer in time. */
  async consolesOpen(userId: string): Promise<boolean | null> {
    if (!this.io) return false;
    try {
      const sockets = await this.io.in(rooms.user(userId)).timeout(FETCH_TIMEOUT_MS).fetchSockets();
      return sockets.length > 0;
    } catch (err) {
      this.log.debug({ err, userId }, 'a node did not list its consoles in time');
      return null;
    }
  }
}
