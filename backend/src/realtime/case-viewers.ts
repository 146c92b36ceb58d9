import {
  can,
  ZCaseUnwatch,
  ZCaseWatch,
  type TCaseViewer,
  type TCaseWatchAck,
} from '@hutong/shared';
import type { Context } from '../context.js';
import { findCaseHolder } from '../features/cases/cases.repository.js';
import type { Actor } from '../features/auth/sessions.js';
import type { HutongServer, HutongSocket } from './io.js';
import { rooms } from './rooms.js';

/** What one socket has open: case id → whether it edits, and since when (ISO). */
export type Watching = Record<string, { editing: boolean; since: string }>;

/** How long to wait for the other nodes to list their sockets. */
const FETCH_TIMEOUT_MS = 2000;

/**
 * The presence lock's live half (issue 10): consoles say which case they have open and whether
 * they are editing its assessment; everyone with the case open hears who else is in it, ids only.
 */
export function registerCaseWatch(ctx: Context, io: HutongServer, socket: HutongSocket): void {
  const { actor } = socket.data;
  socket.data.watching = {};
  const watching = () => socket.data.watching ?? {};

  socket.on('case.watch', (raw, ack) => {
    const reply = (answer: TCaseWatchAck) => {
      if (typeof ack === 'function') ack(answer);
    };
    const parsed = ZCaseWatch.safeParse(raw);
    if (!parsed.success) return reply({ ok: false, code: 'VALIDATION_FAILED' });
    if (!can(actor.role, 'cases.read')) return reply({ ok: false, code: 'FORBIDDEN' });
    const { caseId } = parsed.data;
    void mayEdit(ctx, actor, caseId)
      .then(async (allowed) => {
        if (allowed === null) return reply({ ok: false, code: 'NOT_FOUND' });
        const editing = parsed.data.editing && allowed;
        const before = watching()[caseId];
        // The lock goes by when editing began: a repeated watch keeps its place.
        const since =
          before && before.editing === editing ? before.since : new Date().toISOString();
        socket.data.watching = { ...watching(), [caseId]: { editing, since } };
        await socket.join(rooms.caseViewers(caseId));
        reply({ ok: true, editing });
        await announceViewers(io, caseId);
      })
      .catch((err: unknown) => {
        ctx.log.warn({ err, userId: actor.id }, 'case watch failed');
      });
  });

  socket.on('case.unwatch', (raw) => {
    const parsed = ZCaseUnwatch.safeParse(raw);
    if (!parsed.success) return;
    const { caseId } = parsed.data;
    if (!watching()[caseId]) return;
    const { [caseId]: _left, ...rest } = watching();
    socket.data.watching = rest;
    Promise.resolve(socket.leave(rooms.caseViewers(caseId)))
      .then(() => announceViewers(io, caseId))
      .catch((err: unknown) => ctx.log.warn({ err, userId: actor.id }, 'case unwatch failed'));
  });

  socket.once('disconnect', (reason) => {
    if (reason === 'server shutting down') return;
    // By now the socket has left its rooms: the others hear the list without it.
    for (const caseId of Object.keys(watching())) {
      announceViewers(io, caseId).catch((err: unknown) =>
        ctx.log.warn({ err, userId: actor.id }, 'case viewers update failed'),
      );
    }
  });
}

/**
 * Whether the actor may edit the case's assessment (its holder or a supervisor); null when there
 * is no such case.
 */
async function mayEdit(ctx: Context, actor: Actor, caseId: string): Promise<boolean | null> {
  const row = await findCaseHolder(ctx.db, caseId);
  if (!row) return null;
  return (
    can(actor.role, 'cases.update') &&
    (row.assigneeId === actor.id || can(actor.role, 'cases.reassign'))
  );
}

/**
 * Everyone with the case open, on every node, one entry per person: editors first, in the order
 * they began (the first holds the lock), then the others by when they opened it.
 */
export async function caseViewers(
  io: HutongServer,
  caseId: string,
): Promise<(TCaseViewer & { displayName: string })[]> {
  const sockets = await io.in(rooms.caseViewers(caseId)).timeout(FETCH_TIMEOUT_MS).fetchSockets();
  const byUser = new Map<string, TCaseViewer & { displayName: string }>();
  for (const { data } of sockets) {
    const open = data.watching?.[caseId];
    if (!open) continue;
    const known = byUser.get(data.actor.id);
    const mine = { userId: data.actor.id, displayName: data.actor.displayName, ...open };
    if (!known || (open.editing && !known.editing)) byUser.set(data.actor.id, mine);
    else if (open.editing === known.editing && open.since < known.since) known.since = open.since;
  }
  return [...byUser.values()].sort(
    (a, b) =>
      Number(b.editing) - Number(a.editing) ||
      a.since.localeCompare(b.since) ||
      a.userId.localeCompare(b.userId),
  );
}

/** Announcements under way on this node, per case: each runs after the one before it. */
const announcing = new Map<string, Promise<void>>();

/**
 * Sends the case's viewers (ids and times only) to everyone who has it open. One case's lists are
 * read and sent one after another on a node, so a list read earlier never arrives after a newer
 * one from the same node.
 */
function announceViewers(io: HutongServer, caseId: string): Promise<void> {
  const previous = announcing.get(caseId) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      const viewers = await caseViewers(io, caseId);
      io.to(rooms.caseViewers(caseId)).emit('case.viewers.updated', {
        caseId,
        viewers: viewers.map(({ userId, editing, since }) => ({ userId, editing, since })),
      });
    });
  announcing.set(caseId, next);
  void next
    .finally(() => {
      if (announcing.get(caseId) === next) announcing.delete(caseId);
    })
    .catch(() => undefined);
  return next;
}
