import { and, asc, desc, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import { RESUME_OVERLAP_MS } from '../cases/cases.repository.js';
import { alias } from 'drizzle-orm/pg-core';
import type { WarningDraft } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { children, reports, users, warningEvents, warnings } from '../../db/schema.js';

export type WarningRow = typeof warnings.$inferSelect;
type ChildRow = typeof children.$inferSelect;

/** A warning with what its presenters need: the child, the escalated report, who acted. */
export interface WarningRowWithRefs {
  warning: WarningRow;
  child: ChildRow;
  escalatedReference: string | null;
  acknowledgedByName: string | null;
  dismissedByName: string | null;
  escalatedByName: string | null;
}

/** A warning event just written, to send after commit. */
export interface WarningEventRef {
  seq: number;
  warningId: string;
  type: 'created' | 'updated';
}

/**
 * Raises the warning a rule drafted, in the caller's transaction, once: a second raise with the
 * same key (a sweep racing another, a retried job, a restart) writes nothing and returns null.
 * With `refresh`, a second raise updates the warning's reasons instead (a run of repeat reports
 * gets its count) and returns a `warning.updated`.
 */
export async function raiseWarning(
  tx: Executor,
  child: Pick<ChildRow, 'id' | 'regionCode' | 'regionPath'>,
  draft: WarningDraft,
  links: { visitId?: string; reportId?: string; refresh?: boolean } = {},
): Promise<WarningEventRef | null> {
  const values = {
    childId: child.id,
    kind: draft.kind,
    reasons: draft.reasons,
    dedupeKey: draft.key,
    regionCode: child.regionCode,
    regionPath: child.regionPath,
    visitId: links.visitId ?? null,
    reportId: links.reportId ?? null,
  };
  // xmax = 0 only for a row this statement inserted (not one it updated on conflict).
  const insert = tx.insert(warnings).values(values);
  const [row] = links.refresh
    ? await insert
        .onConflictDoUpdate({
          target: warnings.dedupeKey,
          set: { reasons: draft.reasons, updatedAt: new Date() },
          where: sql`${warnings.reasons} is distinct from ${JSON.stringify(draft.reasons)}::jsonb`,
        })
        .returning({ id: warnings.id, inserted: sql<boolean>`(xmax = 0)` })
    : await insert
        .onConflictDoNothing({ target: warnings.dedupeKey })
        .returning({ id: warnings.id, inserted: sql<boolean>`(xmax = 0)` });
  if (!row) return null;
  return appendWarningEvent(tx, row.id, row.inserted ? 'created' : 'updated', null);
}

/** Appends a warning event (its id is the seq the live stream resumes by). */
export async function appendWarningEvent(
  tx: Executor,
  warningId: string,
  type: 'created' | 'updated',
  actorId: string | null,
): Promise<WarningEventRef> {
  const [event] = await tx
    .insert(warningEvents)
    .values({ warningId, type, actorId })
    .returning({ id: warningEvents.id });
  return { seq: event!.id, warningId, type };
}

/** Warnings by id with their child and the names of those who acted. */
export async function findWarningRows(
  exec: Executor,
  ids: readonly string[],
): Promise<Map<string, WarningRowWithRefs>> {
  if (ids.length === 0) return new Map();
  const ack = alias(users, 'ack');
  const dis = alias(users, 'dis');
  const esc = alias(users, 'esc');
  const rows = await exec
    .select({
      warning: warnings,
      child: children,
      escalatedReference: reports.reference,
      acknowledgedByName: ack.displayName,
      dismissedByName: dis.displayName,
      escalatedByName: esc.displayName,
    })
    .from(warnings)
    .innerJoin(children, eq(children.id, warnings.childId))
    .leftJoin(reports, eq(reports.id, warnings.escalatedReportId))
    .leftJoin(ack, eq(ack.id, warnings.acknowledgedBy))
    .leftJoin(dis, eq(dis.id, warnings.dismissedBy))
    .leftJoin(esc, eq(esc.id, warnings.escalatedBy))
    .where(inArray(warnings.id, [...ids]));
  return new Map(rows.map((r) => [r.warning.id, r]));
}

/**
 * A reconnecting client's warning events: those after `lastSeq` (up to `limit`), and, as for case
 * events (RESUME_OVERLAP_MS), those just below it written within the overlap of the newest one up
 * to it — a seq drawn earlier may commit after a later one the client saw. Oldest first.
 */
export async function findWarningEventsToReplay(exec: Executor, lastSeq: number, limit: number) {
  const columns = {
    seq: warningEvents.id,
    warningId: warningEvents.warningId,
    type: warningEvents.type,
  };
  const after = await exec
    .select(columns)
    .from(warningEvents)
    .where(gt(warningEvents.id, lastSeq))
    .orderBy(asc(warningEvents.id))
    .limit(limit);
  const [newest] = await exec
    .select({ createdAt: warningEvents.createdAt })
    .from(warningEvents)
    .where(lte(warningEvents.id, lastSeq))
    .orderBy(desc(warningEvents.id))
    .limit(1);
  if (!newest) return { overlap: [], after };
  const overlap = await exec
    .select(columns)
    .from(warningEvents)
    .where(
      and(
        lte(warningEvents.id, lastSeq),
        gt(warningEvents.id, lastSeq - limit),
        gte(warningEvents.createdAt, new Date(newest.createdAt.getTime() - RESUME_OVERLAP_MS)),
      ),
    )
    .orderBy(desc(warningEvents.id))
    .limit(limit);
  return { overlap: overlap.reverse(), after };
}

/** The highest warning seq (0 before the first). */
export async function currentWarningSeq(exec: Executor): Promise<number> {
  const [row] = await exec
    .select({ seq: sql<number>`coalesce(max(${warningEvents.id}), 0)::bigint` })
    .from(warningEvents);
  return Number(row?.seq ?? 0);
}

/** Locks one warning for a change. */
export async function lockWarning(tx: Executor, id: string): Promise<WarningRow | undefined> {
  const [row] = await tx.select().from(warnings).where(eq(warnings.id, id)).for('update');
  return row;
}
