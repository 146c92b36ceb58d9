import { and, asc, count, eq, lte, sql, type SQL } from 'drizzle-orm';
import {
  AppError,
  type TChildFile,
  type TChildList,
  type ZListChildrenQuery,
} from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import { children, sweeps, sweepTasks } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { childNameHash } from '../child-content.js';
import { childScope, inScope, scopeCondition } from '../children.policy.js';
import { presentChildFile, presentChildSummary } from '../children.presenter.js';
import { loadChildFile } from '../children.repository.js';
import { findLinkedReports } from '../../warnings/children-on-file.js';

type ListQuery = z.output<typeof ZListChildrenQuery>;

/**
 * `GET /api/children`: the register in the user's scope, filtered (region subtree, category, risk
 * level, visit overdue, the whole name by its keyed hash) and paged; most urgent first (overdue,
 * then by due date). The search is audited with its filters (never the name) and count.
 */
export async function listChildren(
  ctx: Context,
  actor: Actor,
  query: ListQuery,
): Promise<TChildList> {
  const scope = await childScope(ctx, actor);
  const now = new Date();
  const where: SQL[] = [scopeCondition(scope)];
  if (query.status !== 'all') where.push(eq(children.status, query.status));
  if (query.regionCode)
    where.push(sql`${children.regionPath} @> ${sql.param([query.regionCode])}::text[]`);
  if (query.category)
    where.push(sql`${children.categories} @> ${sql.param([query.category])}::text[]`);
  if (query.risk) where.push(eq(children.riskLevel, query.risk));
  if (query.overdue === true)
    where.push(and(eq(children.status, 'open'), lte(children.nextVisitDue, now))!);
  if (query.overdue === false)
    where.push(sql`(${children.nextVisitDue} is null or ${children.nextVisitDue} > ${now})`);
  if (query.sweep) {
    // Files with a visit still to do for an open sweep (the director's "visits for the sweep").
    const inSweep = query.sweep === 'open' ? sql`true` : eq(sweepTasks.sweepId, query.sweep);
    where.push(
      sql`exists (select 1 from ${sweepTasks} join ${sweeps} on ${sweeps.id} = ${sweepTasks.sweepId} where ${sweepTasks.childId} = ${children.id} and ${sweepTasks.doneAt} is null and ${sweepTasks.droppedAt} is null and ${sweeps.status} = 'open' and ${inSweep})`,
    );
  }
  if (query.name) where.push(eq(children.nameHash, childNameHash(ctx.config.dataKey, query.name)));
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: count() }).from(children).where(condition);
  const rows = await ctx.db
    .select()
    .from(children)
    .where(condition)
    .orderBy(
      sql`${children.nextVisitDue} asc nulls last`,
      asc(children.createdAt),
      asc(children.id),
    )
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'child.searched',
    entityType: 'child',
    data: {
      filters: {
        ...(query.regionCode ? { regionCode: query.regionCode } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.risk ? { risk: query.risk } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
        ...(query.name ? { byName: true } : {}),
        ...(query.sweep ? { sweep: query.sweep } : {}),
        status: query.status,
        page: query.page,
      },
      results: rows.length,
    },
  });
  return {
    children: rows.map((r) => presentChildSummary(r, ctx.regions, now)),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * A file the user may read, or 404 (a file outside one's scope is not said to exist). Used by
 * every command on one child, so scope is checked in the command, whatever the route.
 */
export async function childInScope(
  ctx: Context,
  actor: Actor,
  id: string,
): Promise<NonNullable<Awaited<ReturnType<typeof loadChildFile>>>> {
  const [scope, rows] = await Promise.all([childScope(ctx, actor), loadChildFile(ctx.db, id)]);
  if (!rows || !inScope(scope, rows.child.regionPath)) {
    throw new AppError('NOT_FOUND', { message: 'No such child on your register' });
  }
  return rows;
}

/** `GET /api/children/:id`: the file, audited like a case read (repeated reads folded). */
export async function readChild(ctx: Context, actor: Actor, id: string): Promise<TChildFile> {
  const rows = await childInScope(ctx, actor, id);
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'child.read',
    entityType: 'child',
    entityId: id,
  });
  return {
    ...presentChildFile(rows, ctx.regions),
    linkedReports: await findLinkedReports(ctx.db, id),
  };
}
