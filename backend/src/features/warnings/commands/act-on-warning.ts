import { eq } from 'drizzle-orm';
import {
  AppError,
  canMoveWarning,
  escalationCategories,
  escalationImmediateDanger,
  type TCreateReportParsed,
  type TWarningEscalated,
  type TWarningView,
  type WarningStatus,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import { childReportLinks, warnings } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { openText, sealText } from '../../children/child-content.js';
import { createReport } from '../../intake/commands/create-report.js';
import { presentWarningView } from '../warnings.presenter.js';
import { notFound, warningInScope, warningScope } from '../warnings.policy.js';
import {
  appendWarningEvent,
  findWarningRows,
  lockWarning,
  type WarningEventRef,
  type WarningRow,
  type WarningRowWithRefs,
} from '../warnings.repository.js';

/** The warning if the user may act on it; 404 otherwise (it is not said to exist). */
async function warningInScope404(
  ctx: Context,
  actor: Actor,
  id: string,
): Promise<WarningRowWithRefs> {
  const row = (await findWarningRows(ctx.db, [id])).get(id);
  if (!row || !warningInScope(warningScope(actor), row.warning.regionPath)) throw notFound();
  return row;
}

function illegal(from: WarningStatus, to: WarningStatus): AppError {
  return new AppError('CONFLICT', {
    message: `A warning that is ${from} cannot be ${to}`,
    data: { status: from },
  });
}

/**
 * Moves a warning (scope checked, row locked, transition checked against the shared table),
 * appends its `warning.updated`, audits, and answers with the warning as it is now.
 */
async function moveWarning(
  ctx: Context,
  actor: Actor,
  id: string,
  to: WarningStatus,
  change: (tx: Tx, row: WarningRow) => Promise<Record<string, unknown>>,
): Promise<TWarningView> {
  await warningInScope404(ctx, actor, id);
  const event = await ctx.db.transaction(async (tx): Promise<WarningEventRef> => {
    const row = await lockWarning(tx, id);
    if (!row) throw notFound();
    if (!canMoveWarning(row.status, to)) throw illegal(row.status, to);
    const data = await change(tx, row);
    await writeAudit(tx, {
      actorId: actor.id,
      action:
        to === 'acknowledged'
          ? 'warning.acknowledged'
          : to === 'dismissed'
            ? 'warning.dismissed'
            : 'warning.escalated',
      entityType: 'warning',
      entityId: id,
      data: { childId: row.childId, kind: row.kind, from: row.status, ...data },
    });
    return appendWarningEvent(tx, id, 'updated', actor.id);
  });
  await ctx.warningFeed.publish(ctx, [event]);
  return presentWarningView((await findWarningRows(ctx.db, [id])).get(id)!, ctx.regions);
}

/** `POST /api/warnings/:id/acknowledge`: seen and being looked into. */
export function acknowledgeWarning(ctx: Context, actor: Actor, id: string): Promise<TWarningView> {
  return moveWarning(ctx, actor, id, 'acknowledged', async (tx) => {
    const now = new Date();
    await tx
      .update(warnings)
      .set({
        status: 'acknowledged',
        acknowledgedBy: actor.id,
        acknowledgedAt: now,
        updatedAt: now,
      })
      .where(eq(warnings.id, id));
    return {};
  });
}

/** `POST /api/warnings/:id/dismiss {reason}`: no action needed; the reason is kept encrypted. */
export function dismissWarning(
  ctx: Context,
  actor: Actor,
  id: string,
  reason: string,
): Promise<TWarningView> {
  return moveWarning(ctx, actor, id, 'dismissed', async (tx) => {
    const now = new Date();
    await tx
      .update(warnings)
      .set({
        status: 'dismissed',
        dismissedBy: actor.id,
        dismissedAt: now,
        dismissReason: sealText(ctx.config.dataKey, reason),
        updatedAt: now,
      })
      .where(eq(warnings.id, id));
    // The reason is free text: the audit row records that one was given, not what it says.
    return { reasonGiven: true };
  });
}

/** The report an escalation files: the child as the file knows them, in their village. */
function escalationReport(actor: Actor, row: WarningRowWithRefs): TCreateReportParsed {
  const { child, warning } = row;
  const dob = openText(child.dateOfBirth);
  const age = dob
    ? Math.max(
        0,
        Math.min(
          17,
          Math.floor((Date.now() - Date.parse(`${dob}T00:00:00+08:00`)) / (365.25 * 86_400_000)),
        ),
      )
    : (child.ageAtRegistration ?? undefined);
  return {
    reporter: { type: 'person', name: actor.displayName, relationship: 'committee_member' },
    children: [
      {
        name: openText(child.name) ?? undefined,
        sex: child.sex,
        ...(age !== undefined ? { age } : {}),
      },
    ],
    categories: escalationCategories(warning.reasons),
    immediateDanger: escalationImmediateDanger(warning.reasons),
    location: { regionCode: child.regionCode },
    narrative: `儿童档案预警升级（${warning.kind}）/ Warning on the children's register escalated (${warning.kind})`,
    language: 'zh-CN',
  };
}

/**
 * `POST /api/warnings/:id/escalate`: files a report on the `monitoring` channel through the
 * normal intake (durable, triaged, live in the operators' queue), links it to the child's file
 * and answers with its reference. Idempotent: the report's key is the warning's id, so a second
 * escalation, or two at once, or one retried after a crash between the report and the warning's
 * update, answers with the same reference.
 */
export async function escalateWarning(
  ctx: Context,
  actor: Actor,
  id: string,
): Promise<TWarningEscalated> {
  const row = await warningInScope404(ctx, actor, id);
  if (row.escalatedReference)
    return { reference: row.escalatedReference, warning: presentWarningView(row, ctx.regions) };
  if (!canMoveWarning(row.warning.status, 'escalated'))
    throw illegal(row.warning.status, 'escalated');
  const filed = await createReport(ctx, escalationReport(actor, row), {
    channel: 'monitoring',
    idempotencyKey: `warning-${id}`,
  });
  let event: WarningEventRef | null = null;
  await ctx.db.transaction(async (tx) => {
    const locked = await lockWarning(tx, id);
    if (!locked) throw notFound();
    if (locked.escalatedReportId) return;
    if (!canMoveWarning(locked.status, 'escalated')) throw illegal(locked.status, 'escalated');
    const now = new Date();
    await tx
      .update(warnings)
      .set({
        status: 'escalated',
        escalatedBy: actor.id,
        escalatedAt: now,
        escalatedReportId: filed.body.id,
        updatedAt: now,
      })
      .where(eq(warnings.id, id));
    await tx
      .insert(childReportLinks)
      .values({ childId: locked.childId, reportId: filed.body.id, source: 'escalation' })
      .onConflictDoNothing();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'warning.escalated',
      entityType: 'warning',
      entityId: id,
      data: {
        childId: locked.childId,
        kind: locked.kind,
        from: locked.status,
        reportId: filed.body.id,
        reference: filed.body.reference,
      },
    });
    event = await appendWarningEvent(tx, id, 'updated', actor.id);
  });
  if (event) await ctx.warningFeed.publish(ctx, [event]);
  const now = (await findWarningRows(ctx.db, [id])).get(id)!;
  return {
    reference: now.escalatedReference ?? filed.body.reference,
    warning: presentWarningView(now, ctx.regions),
  };
}
