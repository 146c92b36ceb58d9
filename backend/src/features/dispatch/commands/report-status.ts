import { eq } from 'drizzle-orm';
import { AppError, type CaseStatus, type TReportStatus } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, reports } from '../../../db/schema.js';
import { lookupCodeHash } from '../lookup-code.js';

const NOT_FOUND = 'No report matches this reference and code';

/**
 * `GET /api/reports/status`: the reporter's view — a stage and a generic outcome, nothing about
 * the child, the centre or the people involved (MPL art. 11(3): told "in an appropriate manner").
 */
export async function reportStatus(
  ctx: Context,
  reference: string,
  code: string,
): Promise<TReportStatus> {
  const [row] = await ctx.db
    .select({
      reference: reports.reference,
      hash: reports.lookupCodeHash,
      receivedAt: reports.receivedAt,
      caseStatus: cases.status,
      caseUpdatedAt: cases.updatedAt,
    })
    .from(reports)
    .leftJoin(cases, eq(cases.id, reports.caseId))
    .where(eq(reports.reference, reference.trim().toUpperCase()));
  // The same answer for an unknown reference and a wrong code.
  if (!row?.hash || row.hash !== lookupCodeHash(row.reference, code)) {
    throw new AppError('NOT_FOUND', { message: NOT_FOUND });
  }
  return presentReportStatus(row);
}

/** What a reporter may know of a report: its stage and a generic outcome, nothing more. */
export function presentReportStatus(row: {
  reference: string;
  receivedAt: Date;
  caseStatus: CaseStatus | null;
  caseUpdatedAt: Date | null;
}): TReportStatus {
  const status = row.caseStatus;
  const stage: TReportStatus['stage'] =
    status === null || status === 'new'
      ? 'received'
      : status === 'resolved'
        ? 'resolved'
        : status === 'closed' || status === 'closed_no_action'
          ? 'closed'
          : 'in_progress';
  return {
    reference: row.reference,
    stage,
    outcome:
      status === 'resolved' || status === 'closed'
        ? 'help_provided'
        : status === 'closed_no_action'
          ? 'no_further_action'
          : null,
    updatedAt: (row.caseUpdatedAt ?? row.receivedAt).toISOString(),
  };
}
