import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  AppError,
  completeChecklist,
  VISIT_CHECKLIST_ITEMS,
  type TVisitRecorded,
  type ZCreateVisit,
} from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { childChanges, children, childVisits, users } from '../../../db/schema.js';
import { canonicalJson, sha256 } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { sealText } from '../child-content.js';
import { assertMayManage } from '../children.policy.js';
import { presentRisk, presentVisit } from '../children.presenter.js';
import { recomputeRisk } from '../children.repository.js';
import { childInScope } from './read-children.js';
import { checkVisitPhotos, findVisitPhotos, storeVisitPhotos } from '../visit-photos.js';
import { raiseVisitWarnings } from '../../warnings/commands/raise-warnings.js';
import type { WarningEventRef } from '../../warnings/warnings.repository.js';
import { completeSweepTasks } from '../../sweeps/sweeps.repository.js';
import type { SweepChange } from '../../sweeps/sweep-feed.js';

type VisitInput = z.output<typeof ZCreateVisit>;

/**
 * The form after a check-in call: the call's phone visit (logged when the call ended) gets who
 * was reached, the checklist, the notes and the form's `Idempotency-Key` — once; the call's own
 * time and outcome stay.
 */
async function completeCallVisit(
  tx: Executor,
  childId: string,
  callId: string,
  form: Pick<
    typeof childVisits.$inferInsert,
    'seen' | 'checklist' | 'notes' | 'idempotencyKey' | 'requestHash'
  >,
) {
  const [logged] = await tx
    .select({ id: childVisits.id, formFilledAt: childVisits.formFilledAt })
    .from(childVisits)
    .where(and(eq(childVisits.callId, callId), eq(childVisits.childId, childId)));
  if (!logged) {
    throw new AppError('CONFLICT', {
      message: 'This call has not ended yet, or was not placed from this file',
      data: { callId: 'No phone visit logged for this call yet' },
    });
  }
  const updated = await tx
    .update(childVisits)
    .set({ ...form, formFilledAt: new Date() })
    .where(and(eq(childVisits.id, logged.id), isNull(childVisits.formFilledAt)))
    .returning();
  if (updated.length === 0) {
    throw new AppError('CONFLICT', {
      message: "This call's visit form was already completed",
      data: { callId: 'Already completed' },
    });
  }
  return updated;
}

/** The same visit sent again with its `Idempotency-Key`: the visit as recorded, or null. */
async function replay(
  ctx: Context,
  actor: Actor,
  childId: string,
  key: string,
  requestHash: string,
): Promise<TVisitRecorded | null> {
  const [earlier] = await ctx.db
    .select()
    .from(childVisits)
    .where(and(eq(childVisits.createdBy, actor.id), eq(childVisits.idempotencyKey, key)));
  if (!earlier) return null;
  if (earlier.childId !== childId || earlier.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', {
      message: 'This Idempotency-Key was already used for a different visit',
      data: { 'Idempotency-Key': 'Already used with a different body' },
    });
  }
  const [child] = await ctx.db.select().from(children).where(eq(children.id, childId));
  const [raiser] = child?.raisedBy
    ? await ctx.db
        .select({ name: users.displayName })
        .from(users)
        .where(eq(users.id, child.raisedBy))
    : [];
  const photos = await findVisitPhotos(ctx.db, { visitId: earlier.id });
  return {
    visit: presentVisit(earlier, actor.displayName, photos.get(earlier.id) ?? []),
    risk: presentRisk(child!, raiser?.name ?? null),
    nextVisitDue: child!.nextVisitDue?.toISOString() ?? null,
  };
}

/**
 * `POST /api/children/:id/visits`: records a visit (the checklist completed with unchecked items)
 * with its photos (sealed, in the same transaction), recomputes the child's risk and the next
 * visit's due date, and adds it to the timeline. With an `Idempotency-Key` (per visitor), the same
 * visit sent twice — a phone retrying after the signal came back — is recorded once, photos and
 * all, and answered the same; the key with another body is 422.
 */
export async function recordVisit(
  ctx: Context,
  actor: Actor,
  childId: string,
  input: VisitInput,
  idempotencyKey?: string,
): Promise<{ body: TVisitRecorded; replayed: boolean }> {
  const requestHash = sha256(canonicalJson({ childId, ...input }));
  if (idempotencyKey) {
    const earlier = await replay(ctx, actor, childId, idempotencyKey, requestHash);
    if (earlier) return { body: earlier, replayed: true };
  }
  const { child } = await childInScope(ctx, actor, childId);
  assertMayManage(ctx, actor, child.regionCode);
  if (child.status === 'closed') throw new AppError('CONFLICT', { message: 'This file is closed' });
  const photos = checkVisitPhotos(input.photos);
  const checklist = completeChecklist(input.checklist, VISIT_CHECKLIST_ITEMS);
  let raised: WarningEventRef[] = [];
  let swept: SweepChange[] = [];
  try {
    const body = await ctx.db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ status: children.status, riskLevel: children.riskLevel })
        .from(children)
        .where(eq(children.id, childId))
        .for('update');
      if (locked?.status !== 'open')
        throw new AppError('CONFLICT', { message: 'This file is closed' });
      const [visit] = input.callId
        ? await completeCallVisit(tx, childId, input.callId, {
            seen: input.seen,
            checklist,
            notes: sealText(ctx.config.dataKey, input.notes),
            // Kept, so the form sent again (its answer lost to the signal) is answered as the
            // first time rather than "already completed".
            idempotencyKey: idempotencyKey ?? null,
            requestHash: idempotencyKey ? requestHash : null,
          })
        : await tx
            .insert(childVisits)
            .values({
              childId,
              kind: input.kind,
              visitedAt: new Date(input.visitedAt),
              seen: input.seen,
              checklist,
              notes: sealText(ctx.config.dataKey, input.notes),
              createdBy: actor.id,
              idempotencyKey: idempotencyKey ?? null,
              requestHash: idempotencyKey ? requestHash : null,
            })
            .returning();
      await storeVisitPhotos(tx, ctx.config.dataKey, visit!, photos);
      const after = await recomputeRisk(tx, childId, ctx.config.timeScale);
      await tx
        .update(children)
        .set({ version: sql`${children.version} + 1`, updatedAt: new Date() })
        .where(eq(children.id, childId));
      // Danger signals warn the director, township and supervisors (issue 12 §4).
      raised = await raiseVisitWarnings(tx, after, visit!.id, checklist);
      // A visit at or after a sweep's start does the child's task in it (issue 12 §3).
      swept = await completeSweepTasks(tx, childId, visit!.id, visit!.visitedAt);
      const concerns = VISIT_CHECKLIST_ITEMS.filter((i) => checklist[i] === false);
      const details = {
        visitId: visit!.id,
        kind: input.kind,
        concerns,
        ...(photos.length > 0 ? { photos: photos.length } : {}),
        ...(after.riskLevel !== locked.riskLevel
          ? { riskLevel: { before: locked.riskLevel, after: after.riskLevel } }
          : {}),
      };
      await tx
        .insert(childChanges)
        .values({ childId, actorId: actor.id, action: 'visited', fields: [], details });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'child.visited',
        entityType: 'child',
        entityId: childId,
        data: details,
      });
      const [raiser] = after.raisedBy
        ? await tx
            .select({ name: users.displayName })
            .from(users)
            .where(eq(users.id, after.raisedBy))
        : [];
      const stored = await findVisitPhotos(tx, { visitId: visit!.id });
      return {
        visit: presentVisit(visit!, actor.displayName, stored.get(visit!.id) ?? []),
        risk: presentRisk(after, raiser?.name ?? null),
        nextVisitDue: after.nextVisitDue?.toISOString() ?? null,
      };
    });
    await ctx.warningFeed.publish(ctx, raised);
    await ctx.sweepFeed.publish(ctx, swept);
    return { body, replayed: false };
  } catch (err) {
    // The same key twice at once: the first one won; answer as it did.
    if (idempotencyKey && isUniqueViolation(err)) {
      const earlier = await replay(ctx, actor, childId, idempotencyKey, requestHash);
      if (earlier) return { body: earlier, replayed: true };
    }
    throw err;
  }
}
