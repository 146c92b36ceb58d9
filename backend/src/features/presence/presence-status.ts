import { asc, eq, inArray } from 'drizzle-orm';
import {
  JobName,
  QueueName,
  type PresenceStatus,
  type Role,
  type TPresence,
  type JobPayload,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { users } from '../../db/schema.js';
import { scaledMs } from '../../lib/clock.js';
import { outboxJob } from '../outbox/outbox.js';

/** An operator's stored presence (Redis): kept across API restarts and consoles reopening. */
interface Stored {
  status: Exclude<PresenceStatus, 'offline'>;
  since: string;
  callId: string | null;
  wrapUpUntil: string | null;
  /** Set when their last console closed; cleared when one opens. */
  offlineSince: string | null;
}

/** Who a presence belongs to. */
export interface PresenceUser {
  id: string;
  displayName: string;
  role: Role;
}

/** One Redis hash, userId → Stored JSON. WARNING: the key outlives a deploy; never rename it. */
const key = (ctx: Context) => `${ctx.config.redisPrefix}:presence`;

function parseStored(raw: string | null | undefined): Stored | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Stored;
  } catch {
    return null;
  }
}

async function readStored(ctx: Context, userIds: string[]): Promise<Map<string, Stored>> {
  if (userIds.length === 0) return new Map();
  const raw = await ctx.redis.hmget(key(ctx), ...userIds);
  const out = new Map<string, Stored>();
  userIds.forEach((id, i) => {
    const stored = parseStored(raw[i]);
    if (stored) out.set(id, stored);
  });
  return out;
}

async function writeStored(ctx: Context, userId: string, stored: Stored): Promise<void> {
  await ctx.redis.hset(key(ctx), userId, JSON.stringify(stored));
}

/** The status as it is now: offline without a console; a wrap-up past its time is over. */
function effective(
  user: PresenceUser,
  stored: Stored | null,
  online: boolean,
  now: Date,
): TPresence {
  const base = { userId: user.id, displayName: user.displayName, role: user.role };
  if (!online) {
    return {
      ...base,
      status: 'offline',
      since: stored?.offlineSince ?? stored?.since ?? now.toISOString(),
      callId: null,
      wrapUpUntil: null,
    };
  }
  if (!stored) {
    return {
      ...base,
      status: 'available',
      since: now.toISOString(),
      callId: null,
      wrapUpUntil: null,
    };
  }
  if (stored.status === 'wrap_up' && stored.wrapUpUntil && new Date(stored.wrapUpUntil) <= now) {
    return {
      ...base,
      status: 'available',
      since: stored.wrapUpUntil,
      callId: null,
      wrapUpUntil: null,
    };
  }
  return {
    ...base,
    status: stored.status,
    since: stored.since,
    callId: stored.callId,
    wrapUpUntil: stored.status === 'wrap_up' ? stored.wrapUpUntil : null,
  };
}

/** Presences of these people as of now (online from the live sockets of every node). */
export async function readPresences(
  ctx: Context,
  people: PresenceUser[],
  now = new Date(),
  /** Who has a console open, when the caller already counted them. */
  onlineIds?: string[],
): Promise<TPresence[]> {
  const stored = await readStored(
    ctx,
    people.map((p) => p.id),
  );
  const online = new Set(onlineIds ?? (await ctx.presence.onDuty())?.map((p) => p.id) ?? []);
  return people.map((p) => effective(p, stored.get(p.id) ?? null, online.has(p.id), now));
}

/** One person's presence as of now. */
export async function readPresence(ctx: Context, user: PresenceUser): Promise<TPresence> {
  const [stored] = [(await readStored(ctx, [user.id])).get(user.id) ?? null];
  return effective(user, stored, await ctx.presence.isOnline(user.id), new Date());
}

/** Everyone who answers calls (operators, supervisors), active accounts. */
export async function presenceUsers(ctx: Context, ids?: string[]): Promise<PresenceUser[]> {
  const rows = await ctx.db
    .select({ id: users.id, displayName: users.displayName, role: users.role })
    .from(users)
    .where(ids ? inArray(users.id, ids) : inArray(users.role, ['operator', 'supervisor']))
    // The board lists people in the same order on every read.
    .orderBy(asc(users.displayName), asc(users.id));
  return rows;
}

async function userById(ctx: Context, userId: string): Promise<PresenceUser | undefined> {
  const [row] = await ctx.db
    .select({ id: users.id, displayName: users.displayName, role: users.role })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

/**
 * Sets someone's presence, unless `onlyIf` says the current one is not what the caller expected
 * (a late wrap-up timer after the operator finished). Tells the supervisors and their consoles.
 */
export async function changePresence(
  ctx: Context,
  user: PresenceUser | string,
  next: { status: Stored['status']; callId?: string | null; wrapUpUntil?: Date | null },
  onlyIf?: (current: Stored | null) => boolean,
): Promise<TPresence | null> {
  const who = typeof user === 'string' ? await userById(ctx, user) : user;
  if (!who) return null;
  const current = (await readStored(ctx, [who.id])).get(who.id) ?? null;
  if (onlyIf && !onlyIf(current)) return null;
  const now = new Date();
  const stored: Stored = {
    status: next.status,
    since: now.toISOString(),
    callId: next.callId ?? null,
    wrapUpUntil: next.wrapUpUntil?.toISOString() ?? null,
    offlineSince: current?.offlineSince ?? null,
  };
  await writeStored(ctx, who.id, stored);
  const presence = effective(who, stored, await ctx.presence.isOnline(who.id), now);
  ctx.presence.emitChanged(presence);
  return presence;
}

/**
 * A call this operator answered has ended: wrap-up until they finish it or the configured time
 * passes (a delayed job then makes them available again and tells the boards).
 */
export async function startWrapUp(ctx: Context, userId: string, callId: string): Promise<void> {
  const until = new Date(Date.now() + scaledMs(ctx.config.wrapUpSeconds, ctx.config.timeScale));
  const changed = await changePresence(ctx, userId, {
    status: 'wrap_up',
    callId,
    wrapUpUntil: until,
  });
  if (!changed) return;
  await outboxJob(ctx.db, {
    queue: QueueName.telephony,
    name: JobName.wrapUpTimeout,
    data: { userId, callId },
    jobId: `wrap-up-${callId}`,
    runAt: until.toISOString(),
  });
  ctx.kickOutbox();
}

/** `telephony.wrapUpTimeout`: the wrap-up time is over; available again unless already moved on. */
export async function processWrapUpTimeout(
  ctx: Context,
  job: { data: JobPayload<typeof JobName.wrapUpTimeout> },
): Promise<string> {
  const changed = await changePresence(
    ctx,
    job.data.userId,
    { status: 'available' },
    (current) => current?.status === 'wrap_up' && current.callId === job.data.callId,
  );
  return changed ? 'available' : 'moved_on';
}

/**
 * A console opened: no longer offline; tell the boards what they are now. Another console of
 * someone already online changes nothing, so nothing is written or sent: each one told every
 * console of that user, and 1,000 consoles opened by one user sent half a million frames.
 */
export async function consoleOpened(ctx: Context, user: PresenceUser): Promise<void> {
  const stored = (await readStored(ctx, [user.id])).get(user.id) ?? null;
  if (stored && stored.offlineSince === null) return;
  const now = new Date();
  const next: Stored = stored
    ? { ...stored, offlineSince: null }
    : {
        status: 'available',
        since: now.toISOString(),
        callId: null,
        wrapUpUntil: null,
        offlineSince: null,
      };
  await writeStored(ctx, user.id, next);
  ctx.presence.emitChanged(effective(user, next, true, now));
}

/** Their last console closed: offline since now (the chosen status is kept for their return). */
export async function consoleClosed(ctx: Context, user: PresenceUser): Promise<void> {
  const stored = (await readStored(ctx, [user.id])).get(user.id) ?? null;
  const now = new Date();
  const next: Stored = {
    ...(stored ?? {
      status: 'available',
      since: now.toISOString(),
      callId: null,
      wrapUpUntil: null,
    }),
    offlineSince: now.toISOString(),
  };
  await writeStored(ctx, user.id, next);
  ctx.presence.emitChanged(effective(user, next, false, now));
}
