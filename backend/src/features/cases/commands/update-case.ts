import { eq } from 'drizzle-orm';
import {
  AppError,
  assessCasePriority,
  ZPriorityOverride,
  type TAssessment,
  type TCaseDetail,
  type TUpdateCase,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../case-events.js';
import { bumped, changeCase } from '../case-guard.js';
import { findSummaryRows } from '../cases.repository.js';
import {
  assessmentMatchQuery,
  assessmentOf,
  matchAfterCommit,
  queueAssessmentMatch,
  type PendingMatch,
} from '../../warnings/commands/match-assessment.js';
import { assessmentSearchTokens, sealAssessment } from '../../privacy/case-content.js';

/** Parts of an assessment whose before/after values may go in the audit log (no names or text). */
const AUDITED_VALUES = ['categories', 'circumstances', 'guardianship', 'risks', 'police'] as const;

/**
 * Saves the operator's assessment (replacing it whole) and recomputes the priority from it. An
 * override stays in force; the computed reasons are kept current beneath it. After the commit,
 * the children it names are matched against the register (see matchAfterCommit), so the
 * answer already shows the files found; a match that failed or never ran is its job's to retry.
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
  // Set once the save is in the transaction: the children it names, matched after the commit —
  // not inside it: the matcher links and warns in its own transaction, as after triage, so its
  // failure cannot roll the assessment back and the case's row lock is not held meanwhile.
  let pending: PendingMatch | null = null;
  const afterCommit = () => matchAfterCommit(ctx, pending);
  const options = { version: input.version, afterCommit };
  return changeCase(ctx, actor, caseId, options, async (tx, row) => {
    if (!next) return;
    const previous = assessmentOf(ctx, row.assessment);
    const changed = (Object.keys({ ...previous, ...next }) as (keyof TAssessment)[]).filter(
      (key) => JSON.stringify(previous[key]) !== JSON.stringify(next[key]),
    );
    if (changed.length === 0) return; // An autosave of what is already saved.
    const query = assessmentMatchQuery(next, row.regionCode);
    if (query) pending = await queueAssessmentMatch(tx, caseId, row.version + 1, query);

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
