import { eq } from 'drizzle-orm';
import { AppError, type TCaseHotline12345 } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { messagesOf, ordersOfCase } from '../hotline12345.repository.js';
import { presentOrder } from '../hotline12345.presenter.js';

/** The case's 12345 orders (none for most cases): an audited read of case details. */
export async function readCaseOrders(
  ctx: Context,
  actor: Actor,
  caseId: string,
): Promise<TCaseHotline12345> {
  const [row] = await ctx.db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
  const orders = await ordersOfCase(ctx.db, caseId);
  if (orders.length > 0) {
    await writeAudit(ctx.db, {
      actorId: actor.id,
      action: 'case.read',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { part: '12345' },
    });
  }
  const messages = await messagesOf(
    ctx.db,
    orders.map((o) => o.id),
  );
  return { orders: orders.map((o) => presentOrder(o, messages)) };
}
