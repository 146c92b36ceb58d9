import { eq } from 'drizzle-orm';
import { FEEDBACK_TEXT, type CaseStatus } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { caseEvents, hotline12345Orders } from '../../../db/schema.js';
import { caseOfOrder, ordersOfCase, type OrderRow } from '../hotline12345.repository.js';
import { oweStep } from './owe-step.js';

/** What made the follow job run (see the trigger in migration 0015). */
export type FollowSource = { source: 'order' | 'report' | 'event'; id: string };

/**
 * Works out the steps owed to 12345 after an order was recorded, its report put in a case, or
 * its case's status changed; safe to run twice (each step is owed once per source).
 *
 * - 签收 (signed) as soon as the order is in a case on the operators' queue: 12345's limits for
 *   signing are hours, while a P4 case may wait up to a day for its claim.
 * - 过程反馈 (progress) when the case is referred to a centre: that is what a caller would ask
 *   ("has anyone gone?"); operators add their own replies from the case.
 * - 办结 (completed) when the case is resolved, or closed without action, unless it was returned.
 */
export async function followOrder(ctx: Context, from: FollowSource): Promise<void> {
  const owed = await ctx.db.transaction(async (tx) => {
    let count = 0;
    for (const { order, event } of await subjects(tx, from)) {
      if (order.status === 'returned') continue;
      const caseId = await caseOfOrder(tx, order);
      if (!caseId) continue;
      if (await oweStep(ctx, tx, signed(order))) {
        count += 1;
        await setStatus(tx, order, 'signed');
      }
      const to = event?.to;
      if (!event || !to) continue;
      if (to === 'dispatched') {
        const text = FEEDBACK_TEXT.dispatched;
        const key = `event-${event.id}`;
        if (await oweStep(ctx, tx, { orderId: order.id, step: 'progress', sourceKey: key, text }))
          count += 1;
      }
      if (to === 'resolved' || to === 'closed_no_action') {
        const text = to === 'resolved' ? FEEDBACK_TEXT.completed : FEEDBACK_TEXT.closedNoAction;
        if (
          await oweStep(ctx, tx, {
            orderId: order.id,
            step: 'completed',
            sourceKey: 'completed',
            text,
          })
        ) {
          count += 1;
          await setStatus(tx, order, 'completed');
        }
      }
    }
    return count;
  });
  if (owed > 0) ctx.kickOutbox();
}

function signed(order: OrderRow) {
  return {
    orderId: order.id,
    step: 'signed' as const,
    sourceKey: 'signed',
    text: FEEDBACK_TEXT.signed,
  };
}

async function setStatus(tx: Executor, order: OrderRow, status: 'signed' | 'completed') {
  // Never backwards: a late "signed" does not undo "completed".
  if (status === 'signed' && order.status !== 'received') return;
  await tx.update(hotline12345Orders).set({ status }).where(eq(hotline12345Orders.id, order.id));
  order.status = status;
}

async function subjects(
  tx: Executor,
  from: FollowSource,
): Promise<{ order: OrderRow; event?: { id: number; to: CaseStatus | undefined } }[]> {
  if (from.source === 'order' || from.source === 'report') {
    const column = from.source === 'order' ? hotline12345Orders.id : hotline12345Orders.reportId;
    const rows = await tx
      .select()
      .from(hotline12345Orders)
      .where(eq(column, from.id))
      .for('update');
    return rows.map((order) => ({ order }));
  }
  const [event] = await tx
    .select()
    .from(caseEvents)
    .where(eq(caseEvents.id, Number(from.id)));
  if (!event) return [];
  const to = event.data.to as CaseStatus | undefined;
  const orders = await ordersOfCase(tx, event.caseId);
  return orders.map((order) => ({ order, event: { id: event.id, to } }));
}
