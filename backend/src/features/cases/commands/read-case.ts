import { AppError, can, type TCaseDetail } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { findCaseEvents, findCaseReports, findSummaryRows } from '../cases.repository.js';
import {
  presentCaseDetail,
  presentCaseEvent,
  presentCaseSummary,
  presentReport,
} from '../cases.presenter.js';

/**
 * A case with its reports and timeline. Every read is audited (Regulation on the Online
 * Protection of Minors art. 36); reporter identity only for supervisors and the assignee.
 */
export async function readCase(ctx: Context, actor: Actor, caseId: string): Promise<TCaseDetail> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await findSummaryRows(tx, [caseId]);
    if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
    const showIdentity = can(actor.role, 'reporters.identity.read') || row.assigneeId === actor.id;
    const [reportRows, eventRows] = await Promise.all([
      findCaseReports(tx, caseId),
      findCaseEvents(tx, caseId),
    ]);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.read',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { reporterIdentityShown: showIdentity },
    });
    return presentCaseDetail(
      presentCaseSummary(row, ctx.regions),
      reportRows.map((r) => presentReport(r, ctx.regions, showIdentity)),
      eventRows.map(({ e, actorName }) => presentCaseEvent(e, actorName)),
    );
  });
}
