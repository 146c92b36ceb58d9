import { and, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ChildCategory } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { children, sweeps, sweepTasks, users } from '../../db/schema.js';

type SweepRow = typeof sweeps.$inferSelect;
export interface SweepRowWithStarter {
  sweep: SweepRow;
  starterName: string | null;
  enderName: string | null;
}

/** Tasks of one sweep in one village: how many, and how many done. */
export interface VillageCount {
  sweepId: string;
  regionCode: string;
  total: number;
  done: number;
}

/**
 * A task for every open file in the sweep's region with one of its categories, in one
 * INSERT … SELECT however many children match (no duplicate per sweep and child: the primary
 * key). Returns how many tasks there are.
 */
export async function insertSweepTasks(
  exec: Executor,
  sweep: { id: string; regionCode: string; categories: readonly ChildCategory[] },
): Promise<number> {
  const result: unknown = await exec.execute(sql`
    with inserted as (
      insert into ${sweepTasks} (sweep_id, child_id, region_code, region_path)
      select ${sweep.id}::uuid, ${children.id}, ${children.regionCode}, ${children.regionPath}
      from ${children}
      where ${children.status} = 'open'
        and ${children.regionPath} @> ${sql.param([sweep.regionCode])}::text[]
        and ${children.categories} && ${sql.param([...sweep.categories])}::text[]
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from inserted`);
  const [row] = (result as { rows: { n: number | string }[] }).rows;
  return Number(row?.n ?? 0);
}

export async function findSweepRows(
  exec: Executor,
  where: SQL,
  page?: { limit: number; offset: number },
): Promise<SweepRowWithStarter[]> {
  const ender = alias(users, 'ender');
  const query = exec
    .select({ sweep: sweeps, starterName: users.displayName, enderName: ender.displayName })
    .from(sweeps)
    .leftJoin(users, eq(users.id, sweeps.createdBy))
    .leftJoin(ender, eq(ender.id, sweeps.endedBy))
    .where(where)
    .orderBy(sql`${sweeps.createdAt} desc`, sql`${sweeps.id} desc`)
    .$dynamic();
  return page ? query.limit(page.limit).offset(page.offset) : query;
}

/**
 * Task counts by sweep and village, for the tasks `taskCondition` lets count. A task dropped
 * (its file closed before it was done) counts neither as to do nor in the total.
 */
export async function villageCounts(
  exec: Executor,
  sweepIds: readonly string[],
  taskCondition: SQL,
): Promise<VillageCount[]> {
  if (sweepIds.length === 0) return [];
  const rows = await exec
    .select({
      sweepId: sweepTasks.sweepId,
      regionCode: sweepTasks.regionCode,
      total: sql<number>`(count(*) filter (where ${sweepTasks.droppedAt} is null))::int`,
      done: sql<number>`count(${sweepTasks.doneAt})::int`,
    })
    .from(sweepTasks)
    .where(and(inArray(sweepTasks.sweepId, [...sweepIds]), taskCondition))
    .groupBy(sweepTasks.sweepId, sweepTasks.regionCode);
  return rows.map((r) => ({ ...r, total: Number(r.total), done: Number(r.done) }));
}

/** A sweep whose task in a village changed, with the sweep's new version. */
export interface SweepTouched {
  sweepId: string;
  regionCode: string;
  version: number;
}

/**
 * Locks, in id order, the open sweeps (started by `startedBy`, when given) where this child still
 * has a task to do. Ending a sweep locks its row too, so a visit or a file closed at the same
 * moment either lands before the end or sees the sweep ended: an ended sweep's figures stay.
 */
async function lockOpenSweepsOf(exec: Executor, childId: string, startedBy?: Date) {
  const rows = await exec
    .select({ id: sweeps.id })
    .from(sweeps)
    .where(
      and(
        eq(sweeps.status, 'open'),
        startedBy ? lte(sweeps.createdAt, startedBy) : undefined,
        sql`exists (select 1 from ${sweepTasks} where ${sweepTasks.sweepId} = ${sweeps.id} and ${sweepTasks.childId} = ${childId} and ${sweepTasks.doneAt} is null and ${sweepTasks.droppedAt} is null)`,
      ),
    )
    .orderBy(sweeps.id)
    .for('update');
  return rows.map((r) => r.id);
}

/**
 * Marks done, in the visit's transaction, the child's tasks in every open sweep that had started
 * by the time of the visit (a closed or cancelled sweep takes no more visits), and bumps those
 * sweeps' versions. Returns the sweeps touched, with their new versions.
 */
export async function completeSweepTasks(
  exec: Executor,
  childId: string,
  visitId: string,
  visitedAt: Date,
): Promise<SweepTouched[]> {
  const open = await lockOpenSweepsOf(exec, childId, visitedAt);
  if (open.length === 0) return [];
  const done = await exec
    .update(sweepTasks)
    .set({ doneAt: new Date(), visitId })
    .where(
      and(
        eq(sweepTasks.childId, childId),
        isNull(sweepTasks.doneAt),
        isNull(sweepTasks.droppedAt),
        inArray(sweepTasks.sweepId, open),
      ),
    )
    .returning({ sweepId: sweepTasks.sweepId, regionCode: sweepTasks.regionCode });
  return bumpVersions(exec, done);
}

/**
 * Drops, in the transaction that closes the file, the child's tasks still to do in open sweeps:
 * they stop counting. Tasks already done, and those of ended sweeps (whose figures stay), are
 * kept. Returns the sweeps touched, with their new versions.
 */
export async function dropSweepTasks(exec: Executor, childId: string): Promise<SweepTouched[]> {
  const open = await lockOpenSweepsOf(exec, childId);
  if (open.length === 0) return [];
  const dropped = await exec
    .update(sweepTasks)
    .set({ droppedAt: new Date() })
    .where(
      and(
        eq(sweepTasks.childId, childId),
        isNull(sweepTasks.doneAt),
        isNull(sweepTasks.droppedAt),
        inArray(sweepTasks.sweepId, open),
      ),
    )
    .returning({ sweepId: sweepTasks.sweepId, regionCode: sweepTasks.regionCode });
  return bumpVersions(exec, dropped);
}

/** Bumps the versions of the sweeps whose tasks changed (their rows are locked already). */
async function bumpVersions(
  exec: Executor,
  changed: { sweepId: string; regionCode: string }[],
): Promise<SweepTouched[]> {
  const touched: SweepTouched[] = [];
  for (const task of changed.sort((a, b) => a.sweepId.localeCompare(b.sweepId))) {
    const [bumped] = await exec
      .update(sweeps)
      .set({ version: sql`${sweeps.version} + 1` })
      .where(eq(sweeps.id, task.sweepId))
      .returning({ version: sweeps.version });
    touched.push({ ...task, version: bumped!.version });
  }
  return touched;
}
