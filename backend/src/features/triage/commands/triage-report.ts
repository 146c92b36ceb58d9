import { and, arrayOverlaps, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import {
  assessPriority,
  JobName,
  OPEN_CASE_STATUSES,
  PRIORITY_META,
  QueueName,
  type Priority,
  type PriorityReason,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { cases, reports } from '../../../db/schema.js';
import { scaledMs } from '../../../lib/clock.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { outboxJob } from '../../outbox/outbox.js';
import { linkKeys } from '../link-keys.js';

/** Reports about the same child link to an open case last reported within this window. */
export const LINK_WINDOW_DAYS = 30;

export type TriageOutcome =
  | { outcome: 'opened' | 'linked'; caseId: string; priority: Priority }
  | { outcome: 'already_triaged'; caseId: string }
  | { outcome: 'missing' };

/**
 * Scores a report, links it to an open case about the same child or opens one, sets the claim
 * deadline and schedules its timer. Safe to run twice: a triaged report is left as it is.
 */
export async function triageReport(ctx: Context, reportId: string): Promise<TriageOutcome> {
  const result = await ctx.db.transaction(async (tx): Promise<TriageOutcome> => {
    const [report] = await tx.select().from(reports).where(eq(reports.id, reportId)).for('update');
    if (!report) return { outcome: 'missing' };
    if (report.caseId) return { outcome: 'already_triaged', caseId: report.caseId };

    const { priority, reasons } = assessPriority(report);
    const county = report.regionCode
      ? ctx.regions.ancestorAt(report.regionCode, 'county')?.code
      : undefined;
    const keys = linkKeys(ctx.config.dataKey, county, report.children);
    const now = new Date();
    // The claim window runs from when the report reached us, not from when triage got to it.
    const claimBy = new Date(report.receivedAt.getTime() + claimWindowMs(ctx, priority));

    const [open] = keys.length
      ? await tx
          .select()
          .from(cases)
          .where(
            and(
              inArray(cases.status, [...OPEN_CASE_STATUSES]),
              arrayOverlaps(cases.linkKeys, keys),
              gt(cases.lastReportAt, sql`now() - make_interval(days => ${LINK_WINDOW_DAYS})`),
            ),
          )
          .orderBy(asc(cases.createdAt))
          .limit(1)
          .for('update')
      : [];

    let caseId: string;
    let outcome: 'opened' | 'linked';
    let finalPriority = priority;
    if (open) {
      finalPriority = open.priority < priority ? open.priority : priority;
      // A more urgent report tightens an unclaimed case's deadline; it never loosens one.
      const deadline =
        open.status === 'new' && open.claimDeadline && claimBy < open.claimDeadline
          ? claimBy
          : open.claimDeadline;
      await tx
        .update(cases)
        .set({
          priority: finalPriority,
          priorityReasons: mergeReasons(open.priorityReasons, reasons),
          categories: [...new Set([...open.categories, ...report.categories])],
          immediateDanger: open.immediateDanger || report.immediateDanger,
          linkKeys: [...new Set([...open.linkKeys, ...keys])],
          regionCode: open.regionCode ?? report.regionCode,
          claimDeadline: deadline,
          lastReportAt: report.receivedAt,
          updatedAt: now,
          version: sql`${cases.version} + 1`,
        })
        .where(eq(cases.id, open.id));
      await appendCaseEvent(tx, {
        caseId: open.id,
        type: 'report_linked',
        actorId: null,
        data: {
          reportId: report.id,
          reference: report.reference,
          priority,
          previousPriority: open.priority,
        },
      });
      if (deadline && deadline !== open.claimDeadline)
        await scheduleClaimCheck(tx, open.id, deadline);
      caseId = open.id;
      outcome = 'linked';
    } else {
      const [created] = await tx
        .insert(cases)
        .values({
          reference: report.reference,
          priority,
          priorityReasons: reasons,
          categories: report.categories,
          immediateDanger: report.immediateDanger,
          channel: report.channel,
          regionCode: report.regionCode,
          linkKeys: keys,
          claimDeadline: claimBy,
          lastReportAt: report.receivedAt,
          createdAt: report.receivedAt,
          updatedAt: now,
        })
        .returning({ id: cases.id });
      caseId = created!.id;
      await appendCaseEvent(tx, {
        caseId,
        type: 'case_opened',
        actorId: null,
        data: { reportId: report.id, reference: report.reference, priority },
      });
      await scheduleClaimCheck(tx, caseId, claimBy);
      outcome = 'opened';
    }
    await tx.update(reports).set({ caseId, triagedAt: now }).where(eq(reports.id, report.id));
    return { outcome, caseId, priority: finalPriority };
  });
  ctx.kickOutbox();
  return result;
}

export function claimWindowMs(ctx: Context, priority: Priority): number {
  return scaledMs(PRIORITY_META[priority].claimWithinSeconds, ctx.config.timeScale);
}

/** A delayed job that checks, at the deadline, whether the case was claimed. */
export async function scheduleClaimCheck(
  exec: Executor,
  caseId: string,
  deadline: Date,
): Promise<void> {
  await outboxJob(exec, {
    queue: QueueName.sla,
    name: JobName.claimDeadline,
    data: { caseId, deadline: deadline.toISOString() },
    jobId: `claim-${caseId}-${deadline.getTime()}`,
    runAt: deadline.toISOString(),
  });
}

/** Reasons from every report, one per rule and category, most severe first. */
function mergeReasons(a: PriorityReason[], b: PriorityReason[]): PriorityReason[] {
  const seen = new Map<string, PriorityReason>();
  for (const r of [...a, ...b]) {
    const key = r.rule === 'category' ? `category:${r.category}` : r.rule;
    const prev = seen.get(key);
    if (!prev || r.priority < prev.priority) seen.set(key, r);
  }
  return [...seen.values()].sort((x, y) => x.priority.localeCompare(y.priority));
}
