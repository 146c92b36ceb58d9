import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { TChildFile, TChildOnFile } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { cases, childReportLinks, children, reports, users } from '../../db/schema.js';
import type { RegionDirectory } from '../regions/region-directory.js';
import { openText } from '../children/child-content.js';

/**
 * The children on the register a case's reports are about, as the operator's case view shows
 * them: categories, risk, last visit and the village's children's director (the first active
 * one the register knows).
 */
export async function findChildrenOnFile(
  exec: Executor,
  caseId: string,
  regions: RegionDirectory,
): Promise<TChildOnFile[]> {
  const rows = await exec
    .selectDistinct({ child: children })
    .from(childReportLinks)
    .innerJoin(reports, eq(reports.id, childReportLinks.reportId))
    .innerJoin(children, eq(children.id, childReportLinks.childId))
    .where(eq(reports.caseId, caseId))
    // The same order on every read: the register's oldest file first.
    .orderBy(asc(children.createdAt), asc(children.id));
  if (rows.length === 0) return [];
  const villages = [...new Set(rows.map((r) => r.child.regionCode))];
  const directors = await exec
    .select({ id: users.id, displayName: users.displayName, regionCode: users.regionCode })
    .from(users)
    .where(
      and(
        eq(users.role, 'child_director'),
        inArray(users.regionCode, villages),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(users.createdAt), asc(users.id));
  return rows.map(({ child }) => {
    const director = directors.find((d) => d.regionCode === child.regionCode);
    return {
      id: child.id,
      name: openText(child.name) ?? '',
      categories: child.categories,
      riskLevel: child.riskLevel,
      lastVisitAt: child.lastVisitAt?.toISOString() ?? null,
      region: regions.ref(child.regionCode) ?? { code: child.regionCode, name: '', path: [] },
      director: director ? { id: director.id, displayName: director.displayName } : null,
    };
  });
}

/** The reports linked to a child's file, newest first, with their cases' references. */
export async function findLinkedReports(
  exec: Executor,
  childId: string,
): Promise<NonNullable<TChildFile['linkedReports']>> {
  const rows = await exec
    .select({
      reportId: reports.id,
      reference: reports.reference,
      channel: reports.channel,
      receivedAt: reports.receivedAt,
      caseReference: cases.reference,
    })
    .from(childReportLinks)
    .innerJoin(reports, eq(reports.id, childReportLinks.reportId))
    .leftJoin(cases, eq(cases.id, reports.caseId))
    .where(eq(childReportLinks.childId, childId))
    .orderBy(desc(reports.receivedAt));
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
}
