import { and, count, eq } from 'drizzle-orm';
import type { TSweepDetail, TSweepList, ZListSweepsQuery } from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import { sweeps } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { sweepNotFound, sweepScope, sweepVisible, taskVisible } from '../sweeps.policy.js';
import { presentSweep, presentSweepDetail } from '../sweeps.presenter.js';
import { findSweepRows, villageCounts } from '../sweeps.repository.js';

type ListQuery = z.output<typeof ZListSweepsQuery>;

/**
 * `GET /api/sweeps`: the sweeps the user sees, newest first, each with its progress counted over
 * the tasks in the user's region (ids, regions and numbers: nothing about a child).
 */
export async function listSweeps(
  ctx: Context,
  actor: Actor,
  query: ListQuery,
): Promise<TSweepList> {
  const scope = sweepScope(actor);
  const where = sweepVisible(ctx, scope);
  const [total] = await ctx.db.select({ n: count() }).from(sweeps).where(where);
  const rows = await findSweepRows(ctx.db, where, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const counts = await villageCounts(
    ctx.db,
    rows.map((r) => r.sweep.id),
    taskVisible(scope),
  );
  const now = new Date();
  return {
    sweeps: rows.map((row) =>
      presentSweep(
        row,
        counts.filter((c) => c.sweepId === row.sweep.id),
        ctx.regions,
        now,
      ),
    ),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** `GET /api/sweeps/:id`: the sweep and its villages in the user's region, or 404. */
export async function readSweep(ctx: Context, actor: Actor, id: string): Promise<TSweepDetail> {
  const scope = sweepScope(actor);
  const [row] = await findSweepRows(ctx.db, and(eq(sweeps.id, id), sweepVisible(ctx, scope))!);
  if (!row) throw sweepNotFound();
  const counts = await villageCounts(ctx.db, [id], taskVisible(scope));
  return presentSweepDetail(row, counts, ctx.regions, new Date());
}
