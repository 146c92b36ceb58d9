import { and, eq, lte, ne, sql } from 'drizzle-orm';
import {
  dangerWarning,
  overdueWarning,
  repeatReportsWarning,
  reportOnFileWarning,
  REPEAT_REPORT_DAYS,
  type TAssessedChild,
  type VisitChecklist,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import {
  childReportLinks,
  children,
  reports,
  warnings,
  type ChildReportLinkSource,
} from '../../../db/schema.js';
import { openChildren } from '../../privacy/case-content.js';
import { matchFiles, matchFilesMany } from '../match-files.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { raiseWarning, type WarningEventRef } from '../warnings.repository.js';

type ChildRow = typeof children.$inferSelect;
const SWEEP_BATCH = 200;

/**
 * Raises a warning for every open file whose next visit has fallen due and has none for that
 * due date yet. Safe to run on every worker at once and again after a restart: the warning's key
 * (child and due date) is unique, so each due date warns once. Returns how many it raised.
 */
export async function sweepOverdue(ctx: Context, now = new Date()): Promise<number> {
  let raised = 0;
  for (;;) {
    const events = await ctx.db.transaction(async (tx) => {
      // Only files without the warning for their current due date (the key as overdueWarning builds it).
      const due = await tx
        .select()
        .from(children)
        .where(
          and(
            eq(children.status, 'open'),
            lte(children.nextVisitDue, now),
            sql`not exists (select 1 from ${warnings} w where w.dedupe_key =
              'overdue:' || ${children.id}::text || ':' ||
              floor(extract(epoch from ${children.nextVisitDue}) * 1000)::bigint::text)`,
          ),
        )
        .limit(SWEEP_BATCH);
      const out: WarningEventRef[] = [];
      for (const child of due) {
        const draft = overdueWarning(child, now);
        if (!draft) continue;
        const event = await raiseWarning(tx, child, draft);
        if (event) out.push(event);
      }
      return { out, scanned: due.length };
    });
    raised += events.out.length;
    await ctx.warningFeed.publish(ctx, events.out);
    // A full batch may have more behind it; a batch that raised nothing (all lost to another
    // worker's sweep) ends the pass.
    if (events.scanned < SWEEP_BATCH || events.out.length === 0) return raised;
  }
}

/**
 * In a visit's transaction: a warning for its danger signals, and one if the visit leaves the
 * next one already overdue (a visit recorded long after it happened).
 */
export async function raiseVisitWarnings(
  tx: Executor,
  child: ChildRow,
  visitId: string,
  checklist: VisitChecklist,
  now = new Date(),
): Promise<WarningEventRef[]> {
  const out: WarningEventRef[] = [];
  const danger = dangerWarning(visitId, checklist);
  if (danger) {
    const event = await raiseWarning(tx, child, danger, { visitId });
    if (event) out.push(event);
  }
  const overdue = overdueWarning(child, now);
  if (overdue) {
    const event = await raiseWarning(tx, child, overdue);
    if (event) out.push(event);
  }
  return out;
}

/**
 * After triage: links a report to the files of the children it names and raises a warning for
 * each (and one for two or more reports within 90 days). Safe to run twice (the link and each
 * warning are unique). Reports filed by escalating a warning link themselves.
 */
export async function linkReportToFiles(
  ctx: Context,
  reportId: string,
  /** The report's row when the caller has just read it (triage), to spare a second read. */
  known?: typeof reports.$inferSelect,
): Promise<string[]> {
  const [report] =
    known?.id === reportId
      ? [known]
      : await ctx.db.select().from(reports).where(eq(reports.id, reportId));
  if (!report) return [];
  return (await linkReportsToFiles(ctx, [report])).get(report.id) ?? [];
}

/**
 * linkReportToFiles for a triage batch's reports, as triage read them: the candidate files of
 * them all in one read, then a transaction only for each report that matched. Answers the files
 * linked, by report id.
 */
export async function linkReportsToFiles(
  ctx: Context,
  batch: readonly (typeof reports.$inferSelect)[],
): Promise<Map<string, string[]>> {
  const keys = [ctx.config.dataKey, ...ctx.config.previousDataKeys];
  const asking = batch.filter((r) => r.channel !== 'monitoring');
  const matched = await matchFilesMany(
    ctx,
    asking.map((report) => ({
      regionCode: report.regionCode,
      children: openChildren(report.children, keys),
      at: report.receivedAt,
    })),
  );
  const linked = new Map<string, string[]>();
  for (const [i, report] of asking.entries()) {
    const files = matched[i]!;
    if (files.length === 0) continue;
    await linkAndWarn(ctx, files, [report], 'match');
    linked.set(
      report.id,
      files.map((f) => f.id),
    );
  }
  return linked;
}

/**
 * After an assessment is saved: the children it names (a call, an SMS or a voicemail names none
 * until the operator records them), matched as triage matches a report's, in the case's region as
 * the assessment places it; every report of the case is linked to each file found, and warns as
 * triage's would. Safe to run again: a second save links and warns nothing new.
 */
export async function linkCaseToFiles(
  ctx: Context,
  caseId: string,
  assessment: { regionCode: string | null; children: readonly TAssessedChild[] },
  now = new Date(),
): Promise<string[]> {
  const files = await matchFiles(ctx, { ...assessment, at: now });
  if (files.length === 0) return [];
  const caseReports = await ctx.db
    .select()
    .from(reports)
    .where(and(eq(reports.caseId, caseId), ne(reports.channel, 'monitoring')));
  await linkAndWarn(ctx, files, caseReports, 'assessment');
  return files.map((f) => f.id);
}

/**
 * Links each report to each file and raises the report-on-file warnings (one per file and report)
 * and the repeat-reports one, in one transaction; then publishes them live.
 */
async function linkAndWarn(
  ctx: Context,
  files: readonly ChildRow[],
  linked: readonly (typeof reports.$inferSelect)[],
  source: ChildReportLinkSource,
): Promise<void> {
  if (files.length === 0 || linked.length === 0) return;
  const latest = new Date(Math.max(...linked.map((r) => r.receivedAt.getTime())));
  const events = await ctx.db.transaction(async (tx) => {
    const out: WarningEventRef[] = [];
    // The files newly linked, by case: one timeline entry each, whose broadcast re-reads the case
    // on every console showing it, so its "child on the register" panel appears there.
    const newlyLinked = new Map<string, Set<string>>();
    for (const child of files) {
      for (const report of linked) {
        // A report already linked (by triage, or an earlier save) keeps its link and source.
        const inserted = await tx
          .insert(childReportLinks)
          .values({ childId: child.id, reportId: report.id, source })
          .onConflictDoNothing()
          .returning({ childId: childReportLinks.childId });
        if (inserted.length > 0 && report.caseId) {
          const ids = newlyLinked.get(report.caseId) ?? new Set<string>();
          newlyLinked.set(report.caseId, ids.add(child.id));
        }
        const onFile = await raiseWarning(tx, child, reportOnFileWarning(child.id, report), {
          reportId: report.id,
        });
        if (onFile) out.push(onFile);
      }
      out.push(...(await raiseRepeatWarning(tx, child, latest)));
    }
    for (const [caseId, childIds] of newlyLinked) {
      await appendCaseEvent(tx, {
        caseId,
        type: 'child_on_file_linked',
        actorId: null,
        data: { childIds: [...childIds], source },
      });
    }
    return { out, timeline: newlyLinked.size > 0 };
  });
  if (events.timeline) ctx.kickOutbox();
  await ctx.warningFeed.publish(ctx, events.out);
}

/** Two or more reports linked to the child within 90 days: raises or updates the run's warning. */
async function raiseRepeatWarning(
  tx: Executor,
  child: ChildRow,
  now: Date,
): Promise<WarningEventRef[]> {
  const linked = await tx
    .select({ id: reports.id, reference: reports.reference, receivedAt: reports.receivedAt })
    .from(childReportLinks)
    .innerJoin(reports, eq(reports.id, childReportLinks.reportId))
    .where(
      and(
        eq(childReportLinks.childId, child.id),
        sql`${reports.receivedAt} >= ${now.toISOString()}::timestamptz - make_interval(days => ${REPEAT_REPORT_DAYS})`,
      ),
    );
  const draft = repeatReportsWarning(child.id, linked, now);
  if (!draft) return [];
  const event = await raiseWarning(tx, child, draft, { refresh: true });
  return event ? [event] : [];
}
