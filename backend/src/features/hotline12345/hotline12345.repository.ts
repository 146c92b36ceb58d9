import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { hotline12345Messages, hotline12345Orders, reports } from '../../db/schema.js';

export type OrderRow = typeof hotline12345Orders.$inferSelect;
export type MessageRow = typeof hotline12345Messages.$inferSelect;

/** One 12345 organisation's order by its number. */
export async function findOrder(
  exec: Executor,
  orgId: string,
  orderNumber: string,
): Promise<OrderRow | undefined> {
  const [row] = await exec
    .select()
    .from(hotline12345Orders)
    .where(
      and(eq(hotline12345Orders.orgId, orgId), eq(hotline12345Orders.orderNumber, orderNumber)),
    );
  return row;
}

/** The orders whose reports are in this case, oldest first. */
export async function ordersOfCase(exec: Executor, caseId: string): Promise<OrderRow[]> {
  return exec
    .select({ order: hotline12345Orders })
    .from(hotline12345Orders)
    .innerJoin(reports, eq(reports.id, hotline12345Orders.reportId))
    .where(eq(reports.caseId, caseId))
    .orderBy(asc(hotline12345Orders.createdAt))
    .then((rows) => rows.map((r) => r.order));
}

/** The case an order's report is in (null until triage has placed it). */
export async function caseOfOrder(exec: Executor, order: OrderRow): Promise<string | null> {
  const [row] = await exec
    .select({ caseId: reports.caseId })
    .from(reports)
    .where(eq(reports.id, order.reportId));
  return row?.caseId ?? null;
}

/** Messages of these orders, in the order they are sent. */
export async function messagesOf(exec: Executor, orderIds: string[]): Promise<MessageRow[]> {
  if (orderIds.length === 0) return [];
  return exec
    .select()
    .from(hotline12345Messages)
    .where(inArray(hotline12345Messages.orderId, orderIds))
    .orderBy(asc(hotline12345Messages.createdAt), asc(hotline12345Messages.seq));
}

/** The duty board's 12345 figures: open orders, those 12345 urged, those past their limit. */
export async function countOpenOrders(
  exec: Executor,
  now: Date,
): Promise<{ open: number; urged: number; overdue: number }> {
  const [row] = await exec
    .select({
      open: sql<number>`count(*)::int`,
      urged: sql<number>`(count(*) filter (where jsonb_array_length(${hotline12345Orders.urges}) > 0))::int`,
      overdue: sql<number>`(count(*) filter (where ${hotline12345Orders.timeLimit} < ${now.toISOString()}))::int`,
    })
    .from(hotline12345Orders)
    .where(inArray(hotline12345Orders.status, ['received', 'signed']));
  return { open: row?.open ?? 0, urged: row?.urged ?? 0, overdue: row?.overdue ?? 0 };
}
