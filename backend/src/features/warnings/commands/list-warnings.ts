import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { TWarningList, ZListWarningsQuery } from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import { warnings } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { presentWarningView } from '../warnings.presenter.js';
import { warningScope, warningScopeCondition } from '../warnings.policy.js';
import { currentWarningSeq, findWarningRows } from '../warnings.repository.js';

type ListQuery = z.output<typeof ZListWarningsQuery>;

/**
 * `GET /api/warnings`: the warnings in the user's scope (directors and township supervisors
 * their region's subtree, hotline supervisors all), newest first; `open` is open or
 * acknowledged. Audited like a search of the register (filters and count, never a name).
 */
export async function listWarnings(
  ctx: Context,
  actor: Actor,
  query: ListQuery,
): Promise<TWarningList> {
  // Read first: events after it reach the client live or by resume, so none falls between.
  const seq = await currentWarningSeq(ctx.db);
  const where: SQL[] = [warningScopeCondition(warningScope(actor))];
  if (query.status === 'open') where.push(inArray(warnings.status, ['open', 'acknowledged']));
  if (query.kind) where.push(eq(warnings.kind, query.kind));
  if (query.childId) where.push(eq(warnings.childId, query.childId));
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: count() }).from(warnings).where(condition);
  const ids = await ctx.db
    .select({ id: warnings.id })
    .from(warnings)
    .where(condition)
    .orderBy(desc(warnings.createdAt), desc(warnings.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const rows = await findWarningRows(
    ctx.db,
    ids.map((r) => r.id),
  );
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'warning.listed',
    entityType: 'warning',
    data: {
      filters: {
        status: query.status,
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.childId ? { childId: query.childId } : {}),
        page: query.page,
      },
      results: ids.length,
    },
  });
  return {
    warnings: ids.flatMap((r) => {
      const row = rows.get(r.id);
      return row ? [presentWarningView(row, ctx.regions)] : [];
    }),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    seq,
  };
}
