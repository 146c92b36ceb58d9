import { JobName, QueueName, type FeedbackStep } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { hotline12345Messages } from '../../../db/schema.js';
import { encryptText } from '../../../lib/crypto.js';
import { outboxJob } from '../../outbox/outbox.js';
import { newMessageId } from '../../webhooks/signing.js';

/**
 * Records a step owed to 12345, once per (order, source), in the caller's transaction, with the
 * job that delivers it after commit. Returns whether it was new.
 */
export async function oweStep(
  ctx: Context,
  tx: Executor,
  step: { orderId: string; step: FeedbackStep; sourceKey: string; text: string },
): Promise<boolean> {
  const [row] = await tx
    .insert(hotline12345Messages)
    .values({
      id: newMessageId(),
      orderId: step.orderId,
      step: step.step,
      sourceKey: step.sourceKey,
      // It may quote an operator's words about the case: encrypted like a note.
      text: encryptText(ctx.config.dataKey, step.text),
    })
    .onConflictDoNothing()
    .returning({ id: hotline12345Messages.id });
  if (!row) return false;
  await outboxJob(tx, {
    queue: QueueName.webhooks,
    name: JobName.hotline12345Deliver,
    data: { orderId: step.orderId },
    jobId: `h12345-msg-${row.id}`,
  });
  return true;
}
