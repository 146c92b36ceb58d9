import { sql } from 'drizzle-orm';
import { SATISFACTIONS, type StatsPeriod, type TStatsSummary } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import type { RegionScope } from './stats.repository.js';

/**
 * The callers' ratings (回访评价) 12345 sent back in the period for its work orders, by level:
 * by the time rated and the region of the report each order became. An order keeps its last
 * rating only, so a re-rated order counts once.
 */
export async function hotline12345RatingFigures(
  exec: Executor,
  period: StatsPeriod,
  scope: RegionScope,
): Promise<TStatsSummary['hotline12345']> {
  const at = sql`(o.rating->>'at')::timestamptz`;
  // node-postgres and PGlite both answer { rows }.
  const result: unknown = await exec.execute(
    sql`select o.rating->>'satisfaction' as satisfaction, count(*)::int as n
      from hotline12345_orders o join reports r on r.id = o.report_id
      where o.rating is not null
        and ${at} >= ${period.start.toISOString()}::timestamptz
        and ${at} < ${period.end.toISOString()}::timestamptz
        and ${scope ? sql`r.region_code = any(${`{${scope.join(',')}}`}::text[])` : sql`true`}
      group by 1`,
  );
  const bySatisfaction = Object.fromEntries(SATISFACTIONS.map((level) => [level, 0])) as Record<
    (typeof SATISFACTIONS)[number],
    number
  >;
  for (const row of (result as { rows: { satisfaction: string; n: number }[] }).rows) {
    if (row.satisfaction in bySatisfaction) {
      bySatisfaction[row.satisfaction as (typeof SATISFACTIONS)[number]] = row.n;
    }
  }
  const rated = Object.values(bySatisfaction).reduce((n, v) => n + v, 0);
  return { rated, bySatisfaction };
}
