import { and, between, eq, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { AppError, ZAssessment, type RelatedReason, type TRelatedReport } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, reports } from '../../../db/schema.js';
import {
  addressToken,
  childToken,
  openAssessment,
  openChildren,
  openText,
} from '../../privacy/case-content.js';
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
  const keys = [ctx.config.dataKey, ...ctx.config.previousDataKeys];
  const assessment = ZAssessment.catch({}).parse(openAssessment(row.assessment, keys));

  // Children and addresses are encrypted: other reports are matched by their keyed-hash tokens.
  const dataKey = ctx.config.dataKey;
  const children = [
    ...own.flatMap((r) => openChildren(r.children, keys)),
    ...(assessment.children ?? []),
  ];
  const childTokens = [
    ...new Set(
      children
        .filter((c) => c.name && typeof c.age === 'number')
        .map((c) => childToken(dataKey, c.name!, c.age!)),
    ),
  ];
  const phones = [
    ...new Set(own.flatMap((r) => (r.reporterPhoneHash ? [r.reporterPhoneHash] : []))),
  ];
  const addressTokens = [
    ...new Set(
      [...own.map((r) => openText(r.address, keys)), assessment.location?.address]
        .map((a) => a?.trim())
        .filter((a): a is string => !!a)
        .map((a) => addressToken(dataKey, a)),
    ),
  ];
  if (childTokens.length + phones.length + addressTokens.length === 0) return [];

  const times = own.map((r) => r.receivedAt.getTime());
  const window = LINK_WINDOW_DAYS * DAY_MS;
  const from = new Date(Math.min(...times, row.createdAt.getTime()) - window);
  const to = new Date(Math.max(...times, row.createdAt.getTime()) + window);

  const anyOf = (tokens: string[]): SQL =>
    tokens.length
      ? sql`${reports.searchTokens} && array[${sql.join(
          tokens.map((t) => sql`${t}`),
          sql`, `,
        )}]::text[]`
      : sql`false`;
  const sameChild = anyOf(childTokens);
  const samePhone: SQL = phones.length ? inArray(reports.reporterPhoneHash, phones) : sql`false`;
  const sameAddress = anyOf(addressTokens);

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
