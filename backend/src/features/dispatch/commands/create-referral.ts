import { and, eq } from 'drizzle-orm';
import {
  AppError,
  OPEN_CASE_STATUSES,
  ZCreateReferral,
  type TCreateReferral,
  type TReferral,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { cases, notifications, referrals } from '../../../db/schema.js';
import { canonicalJson, sha256 } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { bumped, lockCase, requireHolder } from '../../cases/case-guard.js';
import type { CaseRow } from '../../cases/cases.repository.js';
import { findCentre } from '../../centres/centres.repository.js';
import { lockReferral } from '../dispatch.repository.js';
import { loadReferral } from '../load-referrals.js';
import { ackWindowMs, scheduleAckCheck, scheduleNotify } from '../referral-timing.js';

/**
 * Inserts a referral in the caller's transaction: the in-app ring (a `referral.created` event to
 * the centre's room), the SMS / voice job and the first acknowledgement check. A case being
 * triaged becomes dispatched. Used by the route and by the P1 backup step.
 */
export async function insertReferral(
  ctx: Context,
  tx: Tx,
  input: {
    caseRow: CaseRow;
    centreId: string;
    note: string;
    actorId: string | null;
    replaces?: string | undefined;
    backupOf?: string | undefined;
    idempotency?: { key: string; requestHash: string } | undefined;
  },
): Promise<string> {
  const { caseRow } = input;
  if (!OPEN_CASE_STATUSES.includes(caseRow.status)) {
    throw new AppError('CONFLICT', {
      message: 'This case is no longer open; reopen it before referring it',
      data: { status: caseRow.status },
    });
  }
  const centre = await findCentre(tx, input.centreId);
  if (!centre || !centre.active) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { centreId: 'No such active centre' },
    });
  }
  const replaced = input.replaces ? await lockReferral(tx, input.replaces) : undefined;
  if (
    input.replaces &&
    (!replaced ||
      replaced.caseId !== caseRow.id ||
      !(replaced.status === 'declined' || replaced.status === 'revoked') ||
      replaced.reroutedToId)
  ) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { replaces: 'Only a declined or revoked referral of this case can be re-routed' },
    });
  }
  const now = new Date();
  const window = await ackWindowMs(ctx, tx, caseRow.priority);
  const ackDeadline = window === null ? null : new Date(now.getTime() + window);
  const [row] = await tx
    .insert(referrals)
    .values({
      caseId: caseRow.id,
      centreId: centre.id,
      priority: caseRow.priority,
      note: input.note,
      ackDeadline,
      createdBy: input.actorId,
      replacesId: input.replaces ?? null,
      idempotencyKey: input.idempotency?.key ?? null,
      requestHash: input.idempotency?.requestHash ?? null,
      // The deadline's window is ackDeadline − createdAt (later escalation steps reuse it).
      createdAt: now,
    })
    .returning({ id: referrals.id });
  const id = row!.id;
  if (replaced) {
    await tx
      .update(referrals)
      .set({ reroutedToId: id, updatedAt: now })
      .where(eq(referrals.id, replaced.id));
  }

  await tx.insert(notifications).values({
    referralId: id,
    channel: 'in_app',
    purpose: 'new',
    dedupeKey: `${id}-new-in_app`,
    status: 'sent',
  });
  await appendCaseEvent(tx, {
    caseId: caseRow.id,
    type: 'referral_created',
    actorId: input.actorId,
    data: {
      referralId: id,
      centreId: centre.id,
      centreName: centre.name,
      ...(input.replaces ? { replaces: input.replaces } : {}),
      ...(input.backupOf ? { backupOf: input.backupOf } : {}),
    },
  });
  if (caseRow.status === 'triaging') {
    await tx
      .update(cases)
      .set({ status: 'dispatched', ...bumped(now) })
      .where(eq(cases.id, caseRow.id));
    await appendCaseEvent(tx, {
      caseId: caseRow.id,
      type: 'status_changed',
      actorId: input.actorId,
      data: { from: 'triaging', to: 'dispatched' },
    });
  }
  await scheduleNotify(tx, id, 'new', 0);
  if (ackDeadline) await scheduleAckCheck(tx, id, 0, ackDeadline);
  await writeAudit(tx, {
    actorId: input.actorId,
    action: 'referral.created',
    entityType: 'referral',
    entityId: id,
    caseId: caseRow.id,
    data: { centreId: centre.id, ...(input.backupOf ? { backupOf: input.backupOf } : {}) },
  });
  return id;
}

/** The referral this person already made with this key, or null; 422 with another request. */
async function replay(
  ctx: Context,
  actor: Actor,
  key: string,
  requestHash: string,
): Promise<TReferral | null> {
  const [earlier] = await ctx.db
    .select({ id: referrals.id, requestHash: referrals.requestHash })
    .from(referrals)
    .where(and(eq(referrals.createdBy, actor.id), eq(referrals.idempotencyKey, key)));
  if (!earlier) return null;
  if (earlier.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', {
      message: 'This Idempotency-Key was already used for a different referral',
      data: { 'Idempotency-Key': 'Already used with a different request' },
    });
  }
  return (await loadReferral(ctx.db, earlier.id)) ?? null;
}

/**
 * `POST /api/cases/:id/referrals`: the case's holder or a supervisor refers it to a centre. With
 * an `Idempotency-Key` (per person), the same request sent again — its answer lost to a dropped
 * connection or a restarted server — answers the referral it made instead of making a second
 * one, which would text and call the centre again; the key with another case or body is 422.
 */
export async function createReferral(
  ctx: Context,
  actor: Actor,
  caseId: string,
  body: TCreateReferral,
  idempotencyKey?: string,
): Promise<{ body: TReferral; replayed: boolean }> {
  const input = ZCreateReferral.parse(body);
  const requestHash = sha256(canonicalJson({ caseId, ...input }));
  if (idempotencyKey) {
    const earlier = await replay(ctx, actor, idempotencyKey, requestHash);
    if (earlier) return { body: earlier, replayed: true };
  }
  let id: string;
  try {
    id = await ctx.db.transaction(async (tx) => {
      const caseRow = await lockCase(tx, caseId);
      requireHolder(actor, caseRow);
      return insertReferral(ctx, tx, {
        caseRow,
        centreId: input.centreId,
        note: input.note,
        actorId: actor.id,
        replaces: input.replaces,
        idempotency: idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
      });
    });
  } catch (err) {
    // The same key twice at once: the first one won; answer as it did.
    if (idempotencyKey && isUniqueViolation(err)) {
      const earlier = await replay(ctx, actor, idempotencyKey, requestHash);
      if (earlier) return { body: earlier, replayed: true };
    }
    throw err;
  }
  ctx.kickOutbox();
  return { body: (await loadReferral(ctx.db, id))!, replayed: false };
}
