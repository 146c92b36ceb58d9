import { AppError, can, type TCaseExport } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { presentCaseEvent, presentReport } from '../../cases/cases.presenter.js';
import { findCaseRecord } from '../export.repository.js';
import { openAssessment } from '../../privacy/case-content.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * The whole record of a case for the police or procurators (Opinion art. 9), audited. The
 * reporter's identity is withheld unless asked for by someone allowed to see it: an export
 * leaves our hands, and the reporter's confidentiality goes with it (ADVL art. 14).
 */
export async function exportCase(
  ctx: Context,
  actor: Actor,
  caseId: string,
  options: { format: 'json' | 'html'; includeReporterIdentity: boolean },
): Promise<TCaseExport> {
  if (options.includeReporterIdentity && !can(actor.role, 'reporters.identity.read')) {
    throw new AppError('FORBIDDEN', { message: 'Your role may not export reporter identity' });
  }
  return ctx.db.transaction(async (tx) => {
    const record = await findCaseRecord(tx, caseId);
    if (!record) throw new AppError('NOT_FOUND', { message: 'No such case' });
    const c = record.case;
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.exported',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { format: options.format, reporterIdentity: options.includeReporterIdentity },
    });
    return {
      exportedAt: new Date().toISOString(),
      exportedBy: { id: actor.id, displayName: actor.displayName },
      reporterIdentity: options.includeReporterIdentity ? 'included' : 'withheld',
      case: {
        id: c.id,
        reference: c.reference,
        status: c.status,
        priority: c.priority,
        priorityReasons: c.priorityReasons,
        priorityOverride: c.priorityOverride ?? null,
        categories: c.categories,
        immediateDanger: c.immediateDanger,
        channel: c.channel,
        region: ctx.regions.ref(c.regionCode)?.path.join(' › ') ?? null,
        assignee: c.assigneeId
          ? { id: c.assigneeId, displayName: record.assigneeName ?? '' }
          : null,
        createdAt: c.createdAt.toISOString(),
        claimedAt: iso(c.claimedAt),
        closedAt: iso(c.closedAt),
        closedReason: c.closedReason,
        policeNotifiedAt: iso(c.policeNotifiedAt),
        assessment: openAssessment(c.assessment),
      },
      reports: record.reports.map((r) =>
        presentReport(r, ctx.regions, options.includeReporterIdentity),
      ),
      timeline: record.events.map(({ e, actorName }) => presentCaseEvent(e, actorName)),
      attachments: record.attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    };
  });
}
