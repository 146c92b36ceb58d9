import { eq } from 'drizzle-orm';
import { JOBS, JobName, ZAssessment, type TAssessedChild, type TAssessment } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { cases, outbox } from '../../../db/schema.js';
import { DIRECT, type OutboxJob } from '../../outbox/outbox.js';
import { openAssessment } from '../../privacy/case-content.js';
import { linkCaseToFiles } from './raise-warnings.js';

/** What of an assessment the register is matched on: its named children, in its region. */
export type AssessmentMatchQuery = { regionCode: string | null; children: TAssessedChild[] };

export function assessmentMatchQuery(
  assessment: TAssessment,
  caseRegionCode: string | null,
): AssessmentMatchQuery | null {
  const named = (assessment.children ?? []).filter((c) => c.name);
  if (named.length === 0) return null;
  return { regionCode: assessment.location?.regionCode ?? caseRegionCode, children: named };
}

/** A match to run once the transaction that queued it has committed (see matchAfterCommit). */
export interface PendingMatch {
  caseId: string;
  query: AssessmentMatchQuery;
  outboxId: number;
}

/**
 * In the transaction of a change after which a case's reports must be matched against the
 * register (an assessment saved, a report merged into an assessed case): the outbox row of a
 * `warnings.matchAssessment` job, the safety net of matchAfterCommit. `version` is the case's
 * version after the change, so each change queues its own job.
 */
export async function queueAssessmentMatch(
  tx: Executor,
  caseId: string,
  version: number,
  query: AssessmentMatchQuery,
): Promise<PendingMatch> {
  const job = {
    queue: JOBS[JobName.matchAssessment].queue,
    name: JobName.matchAssessment,
    data: { caseId },
    jobId: `match-assessment-${caseId}-${version}`,
  } satisfies OutboxJob;
  const [row] = await tx
    .insert(outbox)
    .values({ topic: 'job', payload: { ...job, [DIRECT]: true } })
    .returning({ id: outbox.id });
  return { caseId, query, outboxId: row!.id };
}

/**
 * After the commit: the match now, so the answer already shows the files found; its outbox row is
 * then marked done. A failure is logged (the case id and the error's code: a database error's text
 * may carry the query's values) and never thrown: the change is saved, and a relay queues the
 * job after the outbox's grace period — as it does when this process dies before getting here.
 */
export async function matchAfterCommit(ctx: Context, pending: PendingMatch | null): Promise<void> {
  if (!pending) return;
  try {
    await linkCaseToFiles(ctx, pending.caseId, pending.query);
    ctx.kickOutbox({ outboxIds: [pending.outboxId], jobs: [], broadcasts: [] });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    ctx.log.warn(
      { caseId: pending.caseId, code: typeof code === 'string' ? code : (error as Error).name },
      'assessment: matching the register failed; the job will retry it',
    );
  }
}

/**
 * The `warnings.matchAssessment` job: the case's assessment as it is stored now, matched. A case
 * gone, or whose assessment names no child, matches nothing. Answers the files linked.
 */
export async function linkCaseAssessmentToFiles(ctx: Context, caseId: string): Promise<string[]> {
  const [row] = await ctx.db
    .select({ assessment: cases.assessment, regionCode: cases.regionCode })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (!row) return [];
  const query = assessmentMatchQuery(assessmentOf(ctx, row.assessment), row.regionCode);
  return query ? linkCaseToFiles(ctx, caseId, query) : [];
}

/** A case's stored assessment, opened (an unreadable one is empty). */
export function assessmentOf(ctx: Context, stored: unknown): TAssessment {
  const keys = [ctx.config.dataKey, ...ctx.config.previousDataKeys];
  return ZAssessment.catch({}).parse(openAssessment(stored, keys));
}
