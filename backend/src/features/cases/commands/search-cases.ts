import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { REFERENCE_PATTERN, type TCaseSummary, type ZSearchCasesQuery } from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import { cases, reports, users } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { summaryColumns } from '../cases.repository.js';
import { presentCaseSummary } from '../cases.presenter.js';
import { phoneHash } from '../phone-hash.js';

/** Day boundaries are the hotline's: China Standard Time has no daylight saving. */
const DAY_START = 'T00:00:00+08:00';

/**
 * Finds cases by reference, reporter phone (exact, by keyed hash), a child's name (any part, so
 * 小红 finds 李小红), region (with everything below it), status, priority and date received.
 * Answers with summaries only; the search itself is audited (which filters, not their values).
 */
export async function searchCases(
  ctx: Context,
  actor: Actor,
  query: z.output<typeof ZSearchCasesQuery>,
): Promise<TCaseSummary[]> {
  const conditions: SQL[] = [];
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const byName = (children: SQL) =>
      sql`exists (select 1 from jsonb_array_elements(${children}) ch where ch->>'name' ilike ${pattern})`;
    conditions.push(
      or(
        sql`${cases.reference} ilike ${pattern}`,
        sql`exists (select 1 from ${reports} r where r.case_id = ${cases.id}
          and (r.reference ilike ${pattern} or exists (select 1 from jsonb_array_elements(r.children) ch
            where ch->>'name' ilike ${pattern})))`,
        byName(sql`coalesce(${cases.assessment}->'children', '[]'::jsonb)`),
      )!,
    );
  }
  if (query.phone) {
    conditions.push(
      sql`exists (select 1 from ${reports} r where r.case_id = ${cases.id}
        and r.reporter_phone_hash = ${phoneHash(ctx, query.phone)})`,
    );
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
    const found = await tx
      .select({ c: cases, ...summaryColumns })
      .from(cases)
      .leftJoin(users, eq(users.id, cases.assigneeId))
      .where(and(...conditions))
      .orderBy(desc(cases.createdAt))
      .limit(query.limit);
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
  return rows.map(({ c, ...rest }) => presentCaseSummary({ ...c, ...rest }, ctx.regions));
}
