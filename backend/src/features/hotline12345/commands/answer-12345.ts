import { eq, inArray } from 'drizzle-orm';
import {
  AppError,
  TRANSITION_PROBLEM_MESSAGES,
  can,
  needsPolice,
  transitionProblem,
  type TCaseHotline12345,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, hotline12345Orders } from '../../../db/schema.js';
import { encryptText } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { bumped, changeCase } from '../../cases/case-guard.js';
import { caseCategories } from '../../cases/case-categories.js';
import { ordersOfCase } from '../hotline12345.repository.js';
import { readCaseOrders } from './read-case-orders.js';
import { oweStep } from './owe-step.js';

function notA12345Case(): AppError {
  return new AppError('NOT_FOUND', { message: 'This case has no 12345 work order' });
}

/**
 * 过程反馈: a progress reply the case's holder (or a supervisor) writes for 12345 and its caller.
 * It goes to every order of the case still open at 12345.
 */
export async function replyTo12345(
  ctx: Context,
  actor: Actor,
  caseId: string,
  text: string,
): Promise<TCaseHotline12345> {
  await changeCase(ctx, actor, caseId, {}, async (tx) => {
    const open = (await ordersOfCase(tx, caseId)).filter(
      (o) => o.status === 'received' || o.status === 'signed',
    );
    if (open.length === 0) {
      if ((await ordersOfCase(tx, caseId)).length === 0) throw notA12345Case();
      throw new AppError('CONFLICT', {
        message: 'The 12345 order is already completed or returned',
      });
    }
    const key = `reply-${Date.now()}-${actor.id}`;
    for (const order of open) {
      await oweStep(ctx, tx, { orderId: order.id, step: 'progress', sourceKey: key, text });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'hotline12345.replied',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { orderIds: open.map((o) => o.id) },
    });
  });
  ctx.kickOutbox();
  return readCaseOrders(ctx, actor, caseId);
}

/**
 * 退单: hands the case's open 12345 orders back as not a child-protection matter, with the
 * reason, and closes the case without action (the state machine's rules apply: a case in
 * mandatory situations 1–8 is a child-protection matter and cannot be closed so).
 */
export async function returnTo12345(
  ctx: Context,
  actor: Actor,
  caseId: string,
  reason: string,
): Promise<TCaseHotline12345> {
  await changeCase(ctx, actor, caseId, {}, async (tx, row) => {
    const orders = await ordersOfCase(tx, caseId);
    if (orders.length === 0) throw notA12345Case();
    const open = orders.filter((o) => o.status === 'received' || o.status === 'signed');
    if (open.length === 0) {
      throw new AppError('CONFLICT', {
        message: 'The 12345 order is already completed or returned',
      });
    }
    const to = 'closed_no_action' as const;
    const closedReason = `退回12345：${reason}`;
    const problem = transitionProblem(row.status, to, {
      mayReopen: can(actor.role, 'cases.reopen'),
      reason: closedReason,
      mandatoryPoliceReport: needsPolice(caseCategories(row)),
      policeNotified: row.policeNotifiedAt !== null,
    });
    if (problem) {
      throw new AppError('ILLEGAL_TRANSITION', {
        message: TRANSITION_PROBLEM_MESSAGES[problem],
        data: { from: row.status, to, problem },
      });
    }
    // Returned first: the status change below must not owe a "completed" (see followOrder).
    const sealed = encryptText(ctx.config.dataKey, reason);
    await tx
      .update(hotline12345Orders)
      .set({ status: 'returned', returnedReason: sealed })
      .where(
        inArray(
          hotline12345Orders.id,
          open.map((o) => o.id),
        ),
      );
    for (const order of open) {
      await oweStep(ctx, tx, {
        orderId: order.id,
        step: 'returned',
        sourceKey: 'returned',
        text: reason,
      });
    }
    await appendCaseEvent(tx, {
      caseId,
      type: 'hotline12345_returned',
      actorId: actor.id,
      data: { orderNumbers: open.map((o) => o.orderNumber), text: sealed },
    });
    const now = new Date();
    await tx
      .update(cases)
      .set({ status: to, closedAt: now, closedReason, ...bumped(now) })
      .where(eq(cases.id, caseId));
    await appendCaseEvent(tx, {
      caseId,
      type: 'status_changed',
      actorId: actor.id,
      data: { from: row.status, to, reason: closedReason },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'hotline12345.returned',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: {
        orderIds: open.map((o) => o.id),
        before: { status: row.status },
        after: { status: to },
      },
    });
  });
  ctx.kickOutbox();
  return readCaseOrders(ctx, actor, caseId);
}
