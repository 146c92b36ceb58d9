import { AppError, type TCaseSummary } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { findSummaryRows } from './cases.repository.js';
import { presentCaseSummary } from './cases.presenter.js';

/** Summaries by id, for broadcasts and replays. */
export async function loadCaseSummaries(
  ctx: Context,
  ids: string[],
  exec: Executor = ctx.db,
): Promise<Map<string, TCaseSummary>> {
  const rows = await findSummaryRows(exec, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, presentCaseSummary(r, ctx.regions)]));
}

export async function loadCaseSummary(ctx: Context, id: string): Promise<TCaseSummary> {
  const summary = (await loadCaseSummaries(ctx, [id])).get(id);
  if (!summary) throw new AppError('NOT_FOUND', { message: 'No such case' });
  return summary;
}
