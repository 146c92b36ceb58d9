import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import {
  dangerWarning,
  overdueWarning,
  repeatReportsWarning,
  reportOnFileWarning,
  REPEAT_REPORT_DAYS,
  type VisitChecklist,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { childReportLinks, children, reports, warnings } from '../../../db/schema.js';
import { openChildren, openText } from '../../privacy/case-content.js';
import { childNameHash } from '../../children/child-content.js';
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

/** Whole years now, from a date of birth or the age given at registration carried forward. */
function currentAge(child: ChildRow, now: Date): number | null {
  const dob = openText(child.dateOfBirth);
  if (dob) {
    const born = new Date(`${dob}T00:00:00+08:00`);
    let age = now.getUTCFullYear() - born.getUTCFullYear();
    const birthday = new Date(born);
    birthday.setUTCFullYear(born.getUTCFullYear() + age);
    if (birthday > now) age -= 1;
    return age;
  }
  if (child.ageAtRegistration === null) return null;
  return (
    child.ageAtRegistration +
    Math.floor((now.getTime() - child.createdAt.getTime()) / (365.25 * 86_400_000))
  );
}

type ReportRow = typeof reports.$inferSelect;
/** A child a report names, as the register matches it: the whole name's keyed hash, and age. */
type Named = { hash: string; age: number | undefined };

function namedChildren(ctx: Context, report: ReportRow): Named[] {
  if (!report.regionCode || report.channel === 'monitoring') return [];
  return openChildren(report.children, [ctx.config.dataKey, ...ctx.config.previousDataKeys])
    .filter((c) => c.name)
    .map((c) => ({ hash: childNameHash(ctx.config.dataKey, c.name!), age: c.age }));
}

/** Open files with one of these name hashes in or under one of these regions: one query. */
async function candidateFiles(
  ctx: Context,
  hashes: readonly string[],
  regionCodes: readonly string[],
): Promise<ChildRow[]> {
  return ctx.db
    .select()
    .from(children)
    .where(
      and(
        inArray(children.nameHash, [...new Set(hashes)]),
        eq(children.status, 'open'),
        sql`${children.regionPath} && ${sql.param([...new Set(regionCodes)])}::text[]`,
      ),
    );
}

/**
 * The files a report is about, among candidates: an open file whose whole name has the same
 * keyed hash as a child the report names (as the register searches names), in the report's
 * region (the file's village is the report's region or lies under it), and whose age agrees
 * within a year when the report gives one; a report giving no age matches only at the village
 * itself.
 */
function filesFor(report: ReportRow, named: readonly Named[], candidates: readonly ChildRow[]) {
  return candidates.filter(
    (child) =>
      child.regionPath.includes(report.regionCode!) &&
      named.some((n) => {
        if (n.hash !== child.nameHash) return false;
        if (typeof n.age !== 'number') return child.regionCode === report.regionCode;
        const age = currentAge(child, report.receivedAt);
        return age === null || Math.abs(age - n.age) <= 1;
      }),
  );
}

/**
 * After triage: links a report to the files of the children it is about and raises a warning
 * for each (and one for two or more reports within 90 days). Safe to run twice (the link and
 * each warning are unique). Reports filed by escalating a warning link themselves.
 */
export async function linkReportToFiles(
  ctx: Context,
  reportId: string,
  /** The report's row when the caller has just read it (triage), to spare a second read. */
  known?: ReportRow,
): Promise<string[]> {
  const [report] =
    known?.id === reportId
      ? [known]
      : await ctx.db.select().from(reports).where(eq(reports.id, reportId));
  if (!report) return [];
  return (await linkReportsToFiles(ctx, [report])).get(report.id) ?? [];
}

/**
 * linkReportToFiles for a batch of reports triage has just read: the candidate files of them all
 * in one query, then a transaction only for each report that matched. Answers the files linked
 * by report id.
 */
export async function linkReportsToFiles(
  ctx: Context,
  batch: readonly ReportRow[],
): Promise<Map<string, string[]>> {
  const linked = new Map<string, string[]>();
  const wanted = batch
    .map((report) => ({ report, named: namedChildren(ctx, report) }))
    .filter((w) => w.named.length > 0);
  if (wanted.length === 0) return linked;
  const candidates = await candidateFiles(
    ctx,
    wanted.flatMap((w) => w.named.map((n) => n.hash)),
    wanted.map((w) => w.report.regionCode!),
  );
  if (candidates.length === 0) return linked;
  for (const { report, named } of wanted) {
    const files = filesFor(report, named, candidates);
    if (files.length === 0) continue;
    await linkFiles(ctx, report, files);
    linked.set(
      report.id,
      files.map((f) => f.id),
    );
  }
  return linked;
}

async function linkFiles(ctx: Context, report: ReportRow, files: ChildRow[]): Promise<void> {
  const events = await ctx.db.transaction(async (tx) => {
    const out: WarningEventRef[] = [];
    for (const child of files) {
      await tx
        .insert(childReportLinks)
        .values({ childId: child.id, reportId: report.id, source: 'match' })
        .onConflictDoNothing();
      const onFile = await raiseWarning(tx, child, reportOnFileWarning(child.id, report), {
        reportId: report.id,
      });
      if (onFile) out.push(onFile);
      out.push(...(await raiseRepeatWarning(tx, child, report.receivedAt)));
    }
    return out;
  });
  await ctx.warningFeed.publish(ctx, events);
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
