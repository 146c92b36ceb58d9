import { asc, eq, inArray, sql } from 'drizzle-orm';
import {
  AppError,
  OPEN_CASE_STATUSES,
  assessPriority,
  ZPriorityOverride,
  type PriorityReason,
  type TCaseDetail,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import { cases, reports } from '../../../db/schema.js';
import { newReference } from '../../../lib/reference.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { claimWindowMs } from '../../triage/commands/triage-report.js';
import { openChildren } from '../../privacy/case-content.js';
import { linkKeys } from '../../triage/link-keys.js';
import { appendCaseEvent } from '../case-events.js';
import { bumped, changeCase, requireHolder } from '../case-guard.js';
import {
  assessmentMatchQuery,
  assessmentOf,
  matchAfterCommit,
  queueAssessmentMatch,
  type PendingMatch,
} from '../../warnings/commands/match-assessment.js';
import type { CaseRow } from '../cases.repository.js';

type ReportRow = typeof reports.$inferSelect;

/**
 * Moves a report into this case (the operator decided they are about the same thing). The case
 * it came from keeps its timeline and records where the report went; if it has no report left
 * it is closed as merged. The report is linked to every file of the register the case's
 * assessment names, as the assessment's own save links the case's reports (matchAfterCommit).
 */
export async function mergeReport(
  ctx: Context,
  actor: Actor,
  caseId: string,
  reportId: string,
): Promise<TCaseDetail> {
  // The target's assessment may name children on file: the report joins their reports.
  let pending: PendingMatch | null = null;
  const afterCommit = () => matchAfterCommit(ctx, pending);
  return changeCase(ctx, actor, caseId, { afterCommit }, async (tx, target) => {
    if (!OPEN_CASE_STATUSES.includes(target.status)) {
      throw new AppError('ILLEGAL_TRANSITION', {
        message: `A case that is ${target.status} cannot take reports; reopen it first`,
        data: { status: target.status },
      });
    }
    const report = await lockReport(tx, reportId);
    if (report.caseId === caseId) {
      throw new AppError('CONFLICT', { message: 'This report is already in this case' });
    }
    const source = report.caseId ? await lockOther(tx, report.caseId) : null;
    // An unclaimed case may give up a report; one another operator holds is theirs to decide.
    if (source?.assigneeId) requireHolder(actor, source);
    const now = new Date();
    await tx.update(reports).set({ caseId }).where(eq(reports.id, reportId));

    const scored = assessPriority(report);
    const override = ZPriorityOverride.safeParse(target.priorityOverride);
    const priority = override.success
      ? override.data.priority
      : scored.priority < target.priority
        ? scored.priority
        : target.priority;
    await tx
      .update(cases)
      .set({
        priority,
        priorityReasons: mergeReasons(target.priorityReasons, scored.reasons),
        categories: [...new Set([...target.categories, ...report.categories])],
        immediateDanger: target.immediateDanger || report.immediateDanger,
        linkKeys: [...new Set([...target.linkKeys, ...reportLinkKeys(ctx, report)])],
        regionCode: target.regionCode ?? report.regionCode,
        lastReportAt:
          report.receivedAt > target.lastReportAt ? report.receivedAt : target.lastReportAt,
        ...bumped(now),
      })
      .where(eq(cases.id, caseId));
    await appendCaseEvent(tx, {
      caseId,
      type: 'report_merged',
      actorId: actor.id,
      data: {
        reportId,
        reference: report.reference,
        fromCaseId: source?.id ?? null,
        fromReference: source?.reference ?? null,
        ...(priority !== target.priority ? { priority, previousPriority: target.priority } : {}),
      },
    });
    if (source) {
      const [left] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(reports)
        .where(eq(reports.caseId, source.id));
      const closeSource =
        left!.n === 0 && source.status !== 'closed' && source.status !== 'closed_no_action';
      await tx
        .update(cases)
        .set({
          ...(closeSource
            ? {
                status: 'closed_no_action' as const,
                closedAt: now,
                closedReason: `merged:${target.reference}`,
              }
            : {}),
          ...bumped(now),
        })
        .where(eq(cases.id, source.id));
      await appendCaseEvent(tx, {
        caseId: source.id,
        type: 'report_moved_out',
        actorId: actor.id,
        data: {
          reportId,
          reference: report.reference,
          toCaseId: caseId,
          toReference: target.reference,
        },
      });
      if (closeSource) {
        await appendCaseEvent(tx, {
          caseId: source.id,
          type: 'status_changed',
          actorId: actor.id,
          data: { from: source.status, to: 'closed_no_action', mergedInto: target.reference },
        });
      }
    }
    const query = assessmentMatchQuery(assessmentOf(ctx, target.assessment), target.regionCode);
    if (query) pending = await queueAssessmentMatch(tx, caseId, target.version + 1, query);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.report_merged',
      entityType: 'report',
      entityId: reportId,
      caseId,
      data: { before: { caseId: source?.id ?? null }, after: { caseId } },
    });
  });
}

/**
 * Moves a report out of this case into a new case of its own (it was about something else). The
 * new case starts in the queue with the report's own priority and a claim deadline.
 */
export async function splitReport(
  ctx: Context,
  actor: Actor,
  caseId: string,
  reportId: string,
): Promise<{ caseId: string; reference: string }> {
  let created: { caseId: string; reference: string } | undefined;
  await changeCase(ctx, actor, caseId, {}, async (tx, source) => {
    const report = await lockReport(tx, reportId);
    if (report.caseId !== caseId) {
      throw new AppError('NOT_FOUND', { message: 'This report is not in this case' });
    }
    const [others] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(reports)
      .where(eq(reports.caseId, caseId));
    if (others!.n < 2) {
      throw new AppError('CONFLICT', { message: 'A case’s only report cannot be split out of it' });
    }
    const now = new Date();
    const { priority, reasons } = assessPriority(report);
    const [taken] = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(eq(cases.reference, report.reference));
    const reference = taken ? newReference() : report.reference;
    const claimBy = new Date(now.getTime() + claimWindowMs(ctx, priority));
    const [row] = await tx
      .insert(cases)
      .values({
        reference,
        priority,
        priorityReasons: reasons,
        categories: report.categories,
        immediateDanger: report.immediateDanger,
        channel: report.channel,
        regionCode: report.regionCode,
        linkKeys: reportLinkKeys(ctx, report),
        claimDeadline: claimBy,
        lastReportAt: report.receivedAt,
        updatedAt: now,
      })
      .returning({ id: cases.id });
    const newId = row!.id;
    await tx.update(reports).set({ caseId: newId }).where(eq(reports.id, reportId));
    await tx.update(cases).set(bumped(now)).where(eq(cases.id, caseId));
    await appendCaseEvent(tx, {
      caseId: newId,
      type: 'case_opened',
      actorId: actor.id,
      data: {
        reportId,
        reference: report.reference,
        priority,
        splitFromCaseId: caseId,
        splitFromReference: source.reference,
      },
    });
    await appendCaseEvent(tx, {
      caseId,
      type: 'report_moved_out',
      actorId: actor.id,
      data: { reportId, reference: report.reference, toCaseId: newId, toReference: reference },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.report_split',
      entityType: 'report',
      entityId: reportId,
      caseId,
      data: { before: { caseId }, after: { caseId: newId } },
    });
    created = { caseId: newId, reference };
  });
  return created!;
}

async function lockReport(tx: Tx, reportId: string): Promise<ReportRow> {
  const [report] = await tx.select().from(reports).where(eq(reports.id, reportId)).for('update');
  if (!report) throw new AppError('NOT_FOUND', { message: 'No such report' });
  return report;
}

async function lockOther(tx: Tx, caseId: string): Promise<CaseRow> {
  const [row] = await tx
    .select()
    .from(cases)
    .where(inArray(cases.id, [caseId]))
    .orderBy(asc(cases.id))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
  return row;
}

function reportLinkKeys(ctx: Context, report: ReportRow): string[] {
  const county = report.regionCode
    ? ctx.regions.ancestorAt(report.regionCode, 'county')?.code
    : undefined;
  const keys = [ctx.config.dataKey, ...ctx.config.previousDataKeys];
  return linkKeys(ctx.config.dataKey, county, openChildren(report.children, keys));
}

/** Reasons from both, one per rule and category, most severe first. */
function mergeReasons(a: PriorityReason[], b: PriorityReason[]): PriorityReason[] {
  const seen = new Map<string, PriorityReason>();
  for (const r of [...a, ...b]) {
    const key =
      r.rule === 'category'
        ? `category:${r.category}`
        : r.rule === 'risk'
          ? `risk:${r.risk}`
          : r.rule;
    const prev = seen.get(key);
    if (!prev || r.priority < prev.priority) seen.set(key, r);
  }
  return [...seen.values()].sort((x, y) => x.priority.localeCompare(y.priority));
}
