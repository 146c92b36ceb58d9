import { and, between, eq, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { AppError, ZAssessment, type RelatedReason, type TRelatedReport } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, reports } from '../../../db/schema.js';
import { normaliseName } from '../../triage/link-keys.js';
import { LINK_WINDOW_DAYS } from '../../triage/commands/triage-report.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reports outside this case that may be about the same thing: the same child (name and age), the
 * same reporter phone (by keyed hash), or the same address, received within the linking window
 * of this case's reports. Only references and reasons: the operator opens what looks right.
 */
export async function findRelated(ctx: Context, caseId: string): Promise<TRelatedReport[]> {
  const [row] = await ctx.db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
  const own = await ctx.db.select().from(reports).where(eq(reports.caseId, caseId));
  const assessment = ZAssessment.catch({}).parse(row.assessment);

  const children = [...own.flatMap((r) => r.children), ...(assessment.children ?? [])];
  const childKeys = [
    ...new Set(
      children
        .filter((c) => c.name && typeof c.age === 'number')
        .map((c) => `${normaliseName(c.name!)}|${c.age}`),
    ),
  ];
  const phones = [
    ...new Set(own.flatMap((r) => (r.reporterPhoneHash ? [r.reporterPhoneHash] : []))),
  ];
  const addresses = [
    ...new Set(
      [...own.map((r) => r.address), assessment.location?.address]
        .map((a) => a?.trim())
        .filter((a): a is string => !!a),
    ),
  ];
  if (childKeys.length + phones.length + addresses.length === 0) return [];

  const times = own.map((r) => r.receivedAt.getTime());
  const window = LINK_WINDOW_DAYS * DAY_MS;
  const from = new Date(Math.min(...times, row.createdAt.getTime()) - window);
  const to = new Date(Math.max(...times, row.createdAt.getTime()) + window);

  const sameChild: SQL = childKeys.length
    ? sql`exists (select 1 from jsonb_array_elements(${reports.children}) ch
        where lower(regexp_replace(normalize(ch->>'name', NFKC), '\\s', '', 'g')) || '|' || (ch->>'age')
          in (${sql.join(
            childKeys.map((k) => sql`${k}`),
            sql`, `,
          )}))`
    : sql`false`;
  const samePhone: SQL = phones.length ? inArray(reports.reporterPhoneHash, phones) : sql`false`;
  const sameAddress: SQL = addresses.length
    ? inArray(sql`trim(${reports.address})`, addresses)
    : sql`false`;

  const rows = await ctx.db
    .select({
      reportId: reports.id,
      reference: reports.reference,
      receivedAt: reports.receivedAt,
      caseId: reports.caseId,
      caseReference: cases.reference,
      caseStatus: cases.status,
      sameChild: sql<boolean>`${sameChild}`,
      samePhone: sql<boolean>`coalesce(${samePhone}, false)`,
      sameAddress: sql<boolean>`coalesce(${sameAddress}, false)`,
    })
    .from(reports)
    .leftJoin(cases, eq(cases.id, reports.caseId))
    .where(
      and(
        or(sql`${reports.caseId} is null`, ne(reports.caseId, caseId)),
        between(reports.receivedAt, from, to),
        or(sameChild, and(isNotNull(reports.reporterPhoneHash), samePhone), sameAddress),
      ),
    )
    .orderBy(sql`${reports.receivedAt} desc`)
    .limit(50);

  return rows.map((r) => {
    const reasons: RelatedReason[] = [];
    if (r.sameChild) reasons.push('same_child');
    if (r.samePhone) reasons.push('same_phone');
    if (r.sameAddress) reasons.push('same_address');
    return {
      reportId: r.reportId,
      reference: r.reference,
      receivedAt: r.receivedAt.toISOString(),
      caseId: r.caseId,
      caseReference: r.caseReference,
      caseStatus: r.caseStatus,
      reasons,
    };
  });
}
