import { z } from 'zod';

/**
 * Who has a case open (issue 10's presence lock). On the socket only ids and times travel; the
 * names come from `GET /api/cases/:id/viewers`, which checks access like the case itself.
 */

/** `case.watch` (client → server): this console has the case open, and whether it is editing. */
export const ZCaseWatch = z.object({
  caseId: z.string().uuid(),
  /** True while the person is changing the assessment; granted only to its holder or a supervisor. */
  editing: z.boolean(),
});
export type TCaseWatch = z.infer<typeof ZCaseWatch>;

/** `case.unwatch` (client → server): this console left the case. */
export const ZCaseUnwatch = z.object({ caseId: z.string().uuid() });
export type TCaseUnwatch = z.infer<typeof ZCaseUnwatch>;

/** The answer to `case.watch`: refused (no such case, no access) or what was granted. */
export const ZCaseWatchAck = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), editing: z.boolean() }),
  z.object({ ok: z.literal(false), code: z.enum(['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND']) }),
]);
export type TCaseWatchAck = z.infer<typeof ZCaseWatchAck>;

/** One person with the case open (on any number of consoles). */
export const ZCaseViewer = z.object({
  userId: z.string().uuid(),
  editing: z.boolean(),
  /** When they started editing (or, when not editing, opened the case): the first editor holds the lock. */
  since: z.string().datetime(),
});
export type TCaseViewer = z.infer<typeof ZCaseViewer>;

/**
 * `case.viewers.updated`: everyone with the case open, editors first in the order they started
 * (the first holds the lock). Ids and times only. Live state, not replayed: a console re-sends
 * its `case.watch` after a reconnect and gets the list again.
 */
export const ZCaseViewers = z.object({
  caseId: z.string().uuid(),
  viewers: z.array(ZCaseViewer),
});
export type TCaseViewers = z.infer<typeof ZCaseViewers>;

/** `GET /api/cases/:id/viewers`: the same list with the staff names for the console to show. */
export const ZCaseViewerList = z.object({
  viewers: z.array(ZCaseViewer.extend({ displayName: z.string() })),
});
export type TCaseViewerList = z.infer<typeof ZCaseViewerList>;

/** The person whose edit holds the case's assessment: the first editor, or null. */
export function lockHolder<V extends TCaseViewer>(viewers: readonly V[]): V | null {
  return viewers.find((v) => v.editing) ?? null;
}
