import { eq } from 'drizzle-orm';
import {
  AppError,
  assessCasePriority,
  JOBS,
  JobName,
  ZAssessment,
  ZPriorityOverride,
  type TAssessment,
  type TCaseDetail,
  type TUpdateCase,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, outbox } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../case-events.js';
import { bumped, changeCase } from '../case-guard.js';
import { findSummaryRows } from '../cases.repository.js';
import { assessmentMatchQuery, linkCaseToFiles } from '../../warnings/commands/raise-warnings.js';
import { DIRECT, type OutboxJob } from '../../outbox/outbox.js';
import {
  assessmentSearchTokens,
  openAssessment,
  sealAssessment,
} from '../../privacy/case-content.js';

/** Parts of an assessment whose before/after values may go in the audit log (no names or text). */
const AUDITED_VALUES = ['categories', 'circumstances', 'guardianship', 'risks', 'police'] as const;

/**
 * Saves the operator's assessment (replacing it whole) and recomputes the priority from it. An
 * override stays in force; the computed reasons are kept current beneath it. After the commit,
 * the children it names are matched against the register (`linkCaseToFiles`), so the answer
 * already shows the files found; a match that failed or never ran is the job's to retry.
 */
export async function updateCase(
  ctx: Context,
  actor: Actor,
  caseId: string,
  input: TUpdateCase & { assessment?: TAssessment },
): Promise<TCaseDetail> {
  const next = input.assessment;
  const regionCode = next?.location?.regionCode;
  if (regionCode && !ctx.regions.has(regionCode)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The request has invalid fields',
      data: { 'assessment.location.regionCode': 'No region has this code' },
    });
  }
  // Set once the save is in the transaction: the children it names, to match after the commit —
  // not inside it: the matcher links and warns in its own transaction, as after triage, so its
  // failure cannot roll the assessment back and the case's row lock is not held meanwhile. The
  // save's outbox row (a `warnings.matchAssessment` job) covers the match failing or this process
  // dying first: done here, the row is marked published; otherwise a relay queues the job.
  let toMatch: {
    query: NonNullable<ReturnType<typeof assessmentMatchQuery>>;
    outboxId: number;
  } | null = null;
  const afterCommit = async () => {
    if (!toMatch) return;
    try {
      await linkCaseToFiles(ctx, caseId, toMatch.query);
      ctx.kickOutbox({ outboxIds: [toMatch.outboxId], jobs: [], broadcasts: [] });
    } catch (error) {
      // The assessment is saved whatever happens here; the job retries the match. The code
      // only: a database error's text may carry the query's values.
      const code = (error as { code?: unknown }).code;
      ctx.log.warn(
        { caseId, code: typeof code === 'string' ? code : (error as Error).name },
        'assessment: matching the register failed; the job will retry it',
      );
    }
  };
  const options = { version: input.version, afterCommit };
  return changeCase(ctx, actor, caseId, options, async (tx, row) => {
    if (!next) return;
    const keys = [ctx.config.dataKey, ...ctx.config.previousDataKeys];
    const previous = ZAssessment.catch({}).parse(openAssessment(row.assessment, keys));
    const changed = (Object.keys({ ...previous, ...next }) as (keyof TAssessment)[]).filter(
      (key) => JSON.stringify(previous[key]) !== JSON.stringify(next[key]),
    );
    if (changed.length === 0) return; // An autosave of what is already saved.
    const query = assessmentMatchQuery(next, row.regionCode);
    if (query) {
      const [queued] = await tx
        .insert(outbox)
        .values({
          topic: 'job',
          payload: {
            queue: JOBS[JobName.matchAssessment].queue,
            name: JobName.matchAssessment,
            data: { caseId },
            jobId: `match-assessment-${caseId}-${row.version + 1}`,
            [DIRECT]: true,
          } satisfies OutboxJob & { [DIRECT]: true },
        })
        .returning({ id: outbox.id });
      toMatch = { query, outboxId: queued!.id };
    }

    const [summary] = await findSummaryRows(tx, [caseId]);
    const computed = assessCasePriority(
      {
        categories: row.categories,
        immediateDanger: row.immediateDanger,
        children: summary!.children,
      },
      next,
    );
    const override = ZPriorityOverride.safeParse(row.priorityOverride);
    const priority = override.success ? override.data.priority : computed.priority;
    const policeNotifiedAt =
      next.police?.notified && next.police.at ? new Date(next.police.at) : null;
    await tx
      .update(cases)
      .set({
        // Names, free text and the address encrypted; the search index follows the names.
        assessment: sealAssessment(ctx.config.dataKey, next),
        searchTokens: assessmentSearchTokens(ctx.config.dataKey, next),
        priority,
        priorityReasons: computed.reasons,
        policeNotifiedAt,
        regionCode: regionCode ?? row.regionCode,
        ...bumped(),
      })
      .where(eq(cases.id, caseId));
    await appendCaseEvent(tx, {
      caseId,
      type: 'assessment_updated',
      actorId: actor.id,
      data: {
        changed,
        ...(priority !== row.priority ? { priority, previousPriority: row.priority } : {}),
      },
    });
    const values = (a: TAssessment) =>
      Object.fromEntries(
        AUDITED_VALUES.filter((k) => changed.includes(k)).map((k) => [k, a[k] ?? null]),
      );
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.assessment_updated',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: {
        changed,
        before: { ...values(previous), priority: row.priority },
        after: { ...values(next), priority },
      },
    });
  });
}
