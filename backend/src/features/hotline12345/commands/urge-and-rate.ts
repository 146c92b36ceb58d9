import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  AppError,
  type THotline12345Ack,
  type ZHotline12345Rating,
  type ZHotline12345Urge,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { hotline12345Orders } from '../../../db/schema.js';
import { encryptText } from '../../../lib/crypto.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { caseOfOrder, findOrder, type OrderRow } from '../hotline12345.repository.js';

function ack(order: OrderRow): THotline12345Ack {
  return {
    orderNumber: order.orderNumber,
    reference: order.reference,
    urges: order.urges.length,
    rated: order.rating !== null,
  };
}

async function lockOrder(exec: Executor, orgId: string, orderNumber: string): Promise<OrderRow> {
  const found = await findOrder(exec, orgId, orderNumber);
  if (!found) throw new AppError('NOT_FOUND', { message: 'No such order' });
  const [row] = await exec
    .select()
    .from(hotline12345Orders)
    .where(eq(hotline12345Orders.id, found.id))
    .for('update');
  return row!;
}

/**
 * 督办: 12345 chases an order. Kept on the order (the comment encrypted), on the case's timeline
 * and counted on the duty board. A repeat with the same `time` is the same urge (a retry).
 */
export async function urgeOrder(
  ctx: Context,
  orgId: string,
  orderNumber: string,
  input: z.output<typeof ZHotline12345Urge>,
): Promise<THotline12345Ack> {
  const result = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orgId, orderNumber);
    const at = new Date(input.time ?? Date.now()).toISOString();
    if (input.time && order.urges.some((u) => u.at === at)) return { order, added: false };
    const comment = input.comment ? encryptText(ctx.config.dataKey, input.comment) : null;
    const [updated] = await tx
      .update(hotline12345Orders)
      .set({
        urges: sql`${hotline12345Orders.urges} || ${JSON.stringify([{ at, comment }])}::jsonb`,
      })
      .where(eq(hotline12345Orders.id, order.id))
      .returning();
    const caseId = await caseOfOrder(tx, order);
    if (caseId) {
      await appendCaseEvent(tx, {
        caseId,
        type: 'hotline12345_urged',
        actorId: null,
        data: {
          orderNumber,
          urges: updated!.urges.length,
          ...(comment ? { text: comment } : {}),
        },
      });
    }
    return { order: updated!, added: true };
  });
  if (result.added) ctx.kickOutbox();
  return ack(result.order);
}

/** 回访评价: the caller's satisfaction as 12345 recorded it, kept on the order and the case. */
export async function rateOrder(
  ctx: Context,
  orgId: string,
  orderNumber: string,
  input: z.output<typeof ZHotline12345Rating>,
): Promise<THotline12345Ack> {
  const result = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orgId, orderNumber);
    const at = new Date(input.time ?? Date.now()).toISOString();
    if (order.rating?.at === at && order.rating.satisfaction === input.satisfaction)
      return { order, added: false };
    const comment = input.comment ? encryptText(ctx.config.dataKey, input.comment) : null;
    const [updated] = await tx
      .update(hotline12345Orders)
      .set({ rating: { satisfaction: input.satisfaction, at, comment } })
      .where(eq(hotline12345Orders.id, order.id))
      .returning();
    const caseId = await caseOfOrder(tx, order);
    if (caseId) {
      await appendCaseEvent(tx, {
        caseId,
        type: 'hotline12345_rated',
        actorId: null,
        data: {
          orderNumber,
          satisfaction: input.satisfaction,
          ...(comment ? { text: comment } : {}),
        },
      });
    }
    return { order: updated!, added: true };
  });
  if (result.added) ctx.kickOutbox();
  return ack(result.order);
}
