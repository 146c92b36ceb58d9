import { and, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { ChildCategory } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { children, sweeps, sweepTasks, users } from '../../db/schema.js';

export type SweepRow = typeof sweeps.$inferSelect;
export interface SweepRowWithStarter {
  sweep: SweepRow;
  starterName: string | null;
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
  const query = exec
    .select({ sweep: sweeps, starterName: users.displayName })
    .from(sweeps)
    .leftJoin(users, eq(users.id, sweeps.createdBy))
    .where(where)
    .orderBy(sql`${sweeps.createdAt} desc`, sql`${sweeps.id} desc`)
    .$dynamic();
  return page ? query.limit(page.limit).offset(page.offset) : query;
}

/** Task counts by sweep and village, for the tasks `taskCondition` lets count. */
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
      total: sql<number>`count(*)::int`,
      done: sql<number>`count(${sweepTasks.doneAt})::int`,
    })
    .from(sweepTasks)
    .where(and(inArray(sweepTasks.sweepId, [...sweepIds]), taskCondition))
    .groupBy(sweepTasks.sweepId, sweepTasks.regionCode);
  return rows.map((r) => ({ ...r, total: Number(r.total), done: Number(r.done) }));
}

/**
 * Marks done, in the visit's transaction, the open tasks for this child in every sweep that had
 * started by the time of the visit, and bumps those sweeps' versions (in id order, so two visits
 * never wait on each other crosswise). Returns the sweeps touched, with their new versions.
 */
export async function completeSweepTasks(
  exec: Executor,
  childId: string,
  visitId: string,
  visitedAt: Date,
): Promise<{ sweepId: string; regionCode: string; version: number }[]> {
  const startedBefore = exec
    .select({ id: sweeps.id })
    .from(sweeps)
    .where(lte(sweeps.createdAt, visitedAt));
  const done = await exec
    .update(sweepTasks)
    .set({ doneAt: new Date(), visitId })
    .where(
      and(
        eq(sweepTasks.childId, childId),
        isNull(sweepTasks.doneAt),
        inArray(sweepTasks.sweepId, startedBefore),
      ),
    )
    .returning({ sweepId: sweepTasks.sweepId, regionCode: sweepTasks.regionCode });
  const touched: { sweepId: string; regionCode: string; version: number }[] = [];
  for (const task of done.sort((a, b) => a.sweepId.localeCompare(b.sweepId))) {
    const [bumped] = await exec
      .update(sweeps)
      .set({ version: sql`${sweeps.version} + 1` })
      .where(eq(sweeps.id, task.sweepId))
      .returning({ version: sweeps.version });
    touched.push({ ...task, version: bumped!.version });
  }
  return touched;
}
