import { AppError, can, type TCaseDetail } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import {
  findAttachments,
  findCaseEvents,
  findCaseReports,
  findSummaryRows,
  userNames,
} from '../cases.repository.js';
import {
  presentCaseDetail,
  presentCaseEvent,
  presentCaseSummary,
  presentCaseWork,
  presentReport,
  withAssigneeNames,
} from '../cases.presenter.js';
import { findChildrenOnFile } from '../../warnings/children-on-file.js';

/**
 * A case with its reports and timeline. Every read is audited (Regulation on the Online
 * Protection of Minors art. 36); reporter identity only for supervisors and the assignee.
 */
export async function readCase(ctx: Context, actor: Actor, caseId: string): Promise<TCaseDetail> {
  return ctx.db.transaction((tx) => readCaseIn(ctx, tx, actor, caseId));
}

/** `readCase` inside the caller's transaction (a command answering with the case it changed). */
async function readCaseIn(
  ctx: Context,
  tx: Executor,
  actor: Actor,
  caseId: string,
): Promise<TCaseDetail> {
  const [row] = await findSummaryRows(tx, [caseId]);
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
  const showIdentity = can(actor.role, 'reporters.identity.read') || row.assigneeId === actor.id;
  // One after another: a transaction is one connection, which runs one query at a time.
  const reportRows = await findCaseReports(tx, caseId);
  const eventRows = await findCaseEvents(tx, caseId);
  const attachmentRows = await findAttachments(tx, caseId);
  const names = await userNames(tx, assigneeIds(eventRows.map(({ e }) => e.data)));
  // A report about a child on the register: the file's essentials, at once (issue 12 §4).
  const childrenOnFile = await findChildrenOnFile(tx, caseId, ctx.regions);
  await writeAudit(tx, {
    actorId: actor.id,
    action: 'case.read',
    entityType: 'case',
    entityId: caseId,
    caseId,
    data: {
      reporterIdentityShown: showIdentity,
      ...(childrenOnFile.length > 0 ? { childrenOnFile: childrenOnFile.map((c) => c.id) } : {}),
    },
  });
  const detail = presentCaseDetail(
    presentCaseSummary(row, ctx.regions),
    reportRows.map((r) => presentReport(r.report, ctx.regions, showIdentity, r.orgName)),
    eventRows.map(({ e, actorName }) =>
      withAssigneeNames(presentCaseEvent(e, actorName, true), names),
    ),
    presentCaseWork(row, attachmentRows),
  );
  return childrenOnFile.length > 0 ? { ...detail, childrenOnFile } : detail;
}

/** The operators a reassignment or release moved the case between. */
function assigneeIds(data: readonly Record<string, unknown>[]): string[] {
  const ids = data.flatMap((d) => [d.previousAssigneeId, d.assigneeId]);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}
