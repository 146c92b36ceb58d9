import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  REFERENCE_PATTERN,
  can,
  type TCaseSummary,
  type TChild,
  type ZSearchCasesQuery,
} from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import { cases, reports, users } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { summaryColumns } from '../cases.repository.js';
import { presentCaseSummary } from '../cases.presenter.js';
import { phoneHash } from '../phone-hash.js';
import {
  nameMatches,
  openAssessment,
  openChildren,
  queryTokens,
} from '../../privacy/case-content.js';

/** Day boundaries are the hotline's: China Standard Time has no daylight saving. */
const DAY_START = 'T00:00:00+08:00';

/**
 * Finds cases by reference, reporter phone (exact, by keyed hash; only among the cases they
 * hold for those who may not see reporters), a child's name (any part, so 小红 finds 李小红,
 * through the keyed-hash search index), region (with everything below it), status, priority and
 * date received.
 * Answers with summaries only; the search itself is audited (which filters, not their values).
 */
export async function searchCases(
  ctx: Context,
  actor: Actor,
  query: z.output<typeof ZSearchCasesQuery>,
): Promise<TCaseSummary[]> {
  const conditions: SQL[] = [];
  let byReference: SQL | undefined;
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    byReference = sql`(${cases.reference} ilike ${pattern} or exists (select 1 from ${reports} r
      where r.case_id = ${cases.id} and r.reference ilike ${pattern}))`;
    // Names are encrypted: the index holds keyed hashes of their characters and pairs of
    // characters; candidates are confirmed on the decrypted names below.
    const tokens = queryTokens(ctx.config.dataKey, query.q);
    const all = sql`array[${sql.join(
      tokens.map((t) => sql`${t}`),
      sql`, `,
    )}]::text[]`;
    const byName = tokens.length
      ? sql`(${cases.searchTokens} @> ${all} or ${cases.id} in (select r.case_id from ${reports} r
          where r.search_tokens @> ${all}))`
      : sql`false`;
    conditions.push(or(byReference, byName)!);
  }
  if (query.phone) {
    conditions.push(
      sql`exists (select 1 from ${reports} r where r.case_id = ${cases.id}
        and r.reporter_phone_hash = ${phoneHash(ctx, query.phone)})`,
    );
    // A match tells who reported the case: without the right to see reporters, only on cases
    // the operator holds (where the case view shows the reporter to them anyway).
    if (!can(actor.role, 'reporters.identity.read'))
      conditions.push(eq(cases.assigneeId, actor.id));
  }
  if (query.regionCode) {
    const code = query.regionCode;
    const within = ctx.regions
      .list()
      .filter((r) => ctx.regions.lineage(r.code).some((a) => a.code === code))
      .map((r) => r.code);
    conditions.push(inArray(cases.regionCode, within.length ? within : [code]));
  }
  if (query.status) conditions.push(eq(cases.status, query.status));
  if (query.priority) conditions.push(eq(cases.priority, query.priority));
  if (query.from) conditions.push(gte(cases.createdAt, new Date(`${query.from}${DAY_START}`)));
  if (query.to) {
    const end = new Date(`${query.to}${DAY_START}`);
    end.setUTCDate(end.getUTCDate() + 1);
    conditions.push(lt(cases.createdAt, end));
  }

  const rows = await ctx.db.transaction(async (tx) => {
    const candidates = await tx
      .select({
        c: cases,
        ...summaryColumns,
        byReference: byReference ? sql<boolean>`${byReference}` : sql<boolean>`true`,
      })
      .from(cases)
      .leftJoin(users, eq(users.id, cases.assigneeId))
      .where(and(...conditions))
      .orderBy(desc(cases.createdAt))
      // Room for the rare candidate whose name has the query's pairs but not the query.
      .limit(query.q ? query.limit * 2 : query.limit);
    const found = candidates
      .filter((row) => row.byReference || namesMatch(ctx, row, query.q!))
      .slice(0, query.limit);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.searched',
      entityType: 'case',
      data: {
        filters: Object.keys(query).filter(
          (k) => k !== 'limit' && query[k as keyof typeof query] !== undefined,
        ),
        byReference: query.q ? REFERENCE_PATTERN.test(query.q.toUpperCase()) : false,
        results: found.length,
      },
    });
    return found;
  });
  return rows.map(({ c, byReference: _, ...rest }) =>
    presentCaseSummary({ ...c, ...rest }, ctx.regions),
  );
}

/** Whether a decrypted child's name (in a report or the assessment) contains the query. */
function namesMatch(
  ctx: Context,
  row: { c: { assessment: unknown }; children: TChild[] },
  query: string,
): boolean {
  const keys = [ctx.config.dataKey, ...ctx.config.previousDataKeys];
  const assessed = openAssessment(row.c.assessment, keys).children;
  return [
    ...openChildren(row.children, keys),
    ...(Array.isArray(assessed) ? (assessed as { name?: unknown }[]) : []),
  ].some((c) => typeof c.name === 'string' && nameMatches(c.name, query));
}
