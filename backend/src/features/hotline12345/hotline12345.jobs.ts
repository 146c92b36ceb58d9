import type { Job } from 'bullmq';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { FeedbackStep, JobName, JobPayload } from '@hutong/shared';
import type { Context } from '../../context.js';
import { hotline12345Messages, hotline12345Orders } from '../../db/schema.js';
import { appendCaseEvent } from '../cases/case-events.js';
import { openText } from '../privacy/case-content.js';
import { followOrder } from './commands/follow-order.js';
import { caseOfOrder } from './hotline12345.repository.js';
import { sendFeedback } from './wire.js';

/** `hotline12345.follow`: the steps owed to 12345 after its order, report or case changed. */
export async function processHotline12345Follow(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.hotline12345Follow>>,
): Promise<void> {
  await followOrder(ctx, job.data);
}

/**
 * `hotline12345.deliver`: sends an order's pending steps to 12345, oldest first, stopping at the
 * first that fails (12345 must hear 签收 before 办结). A failure is thrown so BullMQ retries with
 * the webhooks queue's backoff; after the last attempt that step is failed and later ones go.
 * Each step carries the same id on every attempt, so a step sent twice (two runs at once) is one
 * message to 12345. Once delivered, the case's timeline says when 12345 was answered.
 */
export async function processHotline12345Deliver(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.hotline12345Deliver>>,
): Promise<void> {
  const { url, secret, fieldMap } = ctx.config.hotline12345;
  const [order] = await ctx.db
    .select()
    .from(hotline12345Orders)
    .where(eq(hotline12345Orders.id, job.data.orderId));
  if (!order) return;
  const pending = await ctx.db
    .select()
    .from(hotline12345Messages)
    .where(
      and(eq(hotline12345Messages.orderId, order.id), eq(hotline12345Messages.status, 'pending')),
    )
    .orderBy(asc(hotline12345Messages.createdAt), asc(hotline12345Messages.seq));
  if (pending.length === 0) return;
  // Thrown for BullMQ's retry: HUTONG_12345_URL may be set by the next start.
  if (!url) throw new Error('12345 endpoint not configured (HUTONG_12345_URL)');
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  for (const message of pending) {
    const result = await sendFeedback({
      url,
      secret,
      fieldMap,
      timeoutMs: ctx.config.webhooks.timeoutMs,
      allowLoopback: ctx.config.webhooks.allowLoopback,
      feedback: {
        id: message.id,
        orderNumber: order.orderNumber,
        step: message.step as FeedbackStep,
        time: message.createdAt.toISOString(),
        reference: order.reference,
        text: openText(message.text) ?? '',
      },
    });
    await ctx.db.transaction(async (tx) => {
      const [delivered] = await tx
        .update(hotline12345Messages)
        .set({
          status: result.ok ? 'delivered' : last ? 'failed' : 'pending',
          attempts: sql`${hotline12345Messages.attempts} + 1`,
          responseCode: result.responseCode,
          error: result.error,
          lastAttemptAt: sql`now()`,
          ...(result.ok ? { deliveredAt: sql`now()` } : {}),
        })
        .where(
          and(
            eq(hotline12345Messages.id, message.id),
            ne(hotline12345Messages.status, 'delivered'),
          ),
        )
        .returning({ id: hotline12345Messages.id });
      if (!result.ok || !delivered) return;
      const caseId = await caseOfOrder(tx, order);
      if (caseId) {
        await appendCaseEvent(tx, {
          caseId,
          type: 'hotline12345_answered',
          actorId: null,
          data: { orderNumber: order.orderNumber, step: message.step, text: message.text },
        });
      }
    });
    if (result.ok) {
      ctx.kickOutbox();
      continue;
    }
    // The message names the kind of failure, never the URL.
    if (!last) throw new Error(`12345 delivery failed (${result.error ?? 'unknown'})`);
  }
}
