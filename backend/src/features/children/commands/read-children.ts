import { and, asc, count, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import {
  allows,
  AppError,
  can,
  ROUTE_ACCESS,
  type TChildFile,
  type TChildList,
  type TReadChildQuery,
  type TWarning,
  type ZListChildrenQuery,
} from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import {
  cases,
  childReportLinks,
  children,
  reports,
  sweeps,
  sweepTasks,
  warnings,
} from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { childNameHash } from '../child-content.js';
import { childScope, inScope, scopeCondition } from '../children.policy.js';
import { presentChildFile, presentChildSummary } from '../children.presenter.js';
import { loadChildFile } from '../children.repository.js';
import { findLinkedReports } from '../../warnings/children-on-file.js';
import { presentWarning } from '../../warnings/warnings.presenter.js';
import { findWarningRows } from '../../warnings/warnings.repository.js';

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

/**
 * A case whose reports are about this child: the given one if it links to the file, else (no case
 * given) the most recently opened one; null when there is none.
 */
async function linkedCase(
  exec: Executor,
  childId: string,
  caseId: string | undefined,
): Promise<string | null> {
  const [row] = await exec
    .select({ id: cases.id })
    .from(childReportLinks)
    .innerJoin(reports, eq(reports.id, childReportLinks.reportId))
    .innerJoin(cases, eq(cases.id, reports.caseId))
    .where(and(eq(childReportLinks.childId, childId), caseId ? eq(cases.id, caseId) : undefined))
    .orderBy(desc(cases.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Whether the user may read this child's file, and the case it is read through (null when none
 * is): the one rule for the file and everything read from it (its photos). The register's own
 * roles read within their scope (404 outside it, as for a file that does not exist); someone
 * outside the register (an operator) reads a file only through a case linked to it that the case
 * routes let them read: 403 otherwise, whether or not the file exists.
 */
export async function fileReadAccess(
  ctx: Context,
  actor: Actor,
  childId: string,
  caseId: string | undefined,
): Promise<{ viaCase: string | null }> {
  if (can(actor.role, 'children.read')) {
    const [scope, [child]] = await Promise.all([
      childScope(ctx, actor),
      ctx.db
        .select({ regionPath: children.regionPath })
        .from(children)
        .where(eq(children.id, childId)),
    ]);
    if (!child || !inScope(scope, child.regionPath)) {
      throw new AppError('NOT_FOUND', { message: 'No such child on your register' });
    }
    return { viaCase: caseId ? await linkedCase(ctx.db, childId, caseId) : null };
  }
  const forbidden = new AppError('CHILD_NOT_LINKED', {
    message: 'Open this file from a case linked to it',
  });
  // Who may see a case is the case routes' own rule, not a second one written here.
  if (!allows(actor.role, ROUTE_ACCESS.getCase)) throw forbidden;
  const via = await linkedCase(ctx.db, childId, caseId);
  if (!via) throw forbidden;
  return { viaCase: via };
}

/**
 * `GET /api/children/:id`: the file, audited like a case read (repeated reads folded) and naming
 * the case it was opened through when one links to it; who may read it is `fileReadAccess`.
 */
export async function readChild(
  ctx: Context,
  actor: Actor,
  id: string,
  query: TReadChildQuery = {},
): Promise<TChildFile> {
  const { viaCase } = await fileReadAccess(ctx, actor, id, query.caseId);
  const rows = await loadChildFile(ctx.db, id);
  if (!rows) throw new AppError('NOT_FOUND', { message: 'No such child on your register' });
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'child.read',
    entityType: 'child',
    entityId: id,
    caseId: viaCase,
  });
  return {
    ...presentChildFile(rows, ctx.regions),
    linkedReports: await findLinkedReports(ctx.db, id),
    ...(can(actor.role, 'warnings.read') ? { warnings: await childWarnings(ctx, id) } : {}),
  };
}

/** How many of a child's warnings the file carries (the warnings list pages through them all). */
const FILE_WARNINGS = 20;

/** The child's latest warnings, newest first, as the live events carry them (no free text). */
async function childWarnings(ctx: Context, childId: string): Promise<TWarning[]> {
  const ids = await ctx.db
    .select({ id: warnings.id })
    .from(warnings)
    .where(eq(warnings.childId, childId))
    .orderBy(desc(warnings.createdAt), desc(warnings.id))
    .limit(FILE_WARNINGS);
  const rows = await findWarningRows(
    ctx.db,
    ids.map((r) => r.id),
  );
  return ids.flatMap((r) => {
    const row = rows.get(r.id);
    return row ? [presentWarning(row, ctx.regions)] : [];
  });
}
