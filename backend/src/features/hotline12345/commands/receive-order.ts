import type { z } from 'zod';
import {
  AppError,
  JobName,
  QueueName,
  type TCreateReportParsed,
  type THotline12345OrderAccepted,
  type ZHotline12345Order,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { hotline12345Orders } from '../../../db/schema.js';
import { canonicalJson, sha256 } from '../../../lib/crypto.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { createReport } from '../../intake/commands/create-report.js';
import { outboxJob } from '../../outbox/outbox.js';
import type { RegionDirectory } from '../../regions/region-directory.js';
import { findOrder, type OrderRow } from '../hotline12345.repository.js';

type Order = z.output<typeof ZHotline12345Order>;

/**
 * The region 12345 named, in our tree: an administrative code we know, a region's exact name,
 * or else the most specific region whose name the text contains ("广东省韶关市乳源县" → 乳源县).
 */
function mapRegion(regions: RegionDirectory, given: string): string | undefined {
  const text = given.replace(/\s+/g, '');
  if (/^[0-9]{6,12}$/.test(text)) return regions.has(text) ? text : undefined;
  const all = regions.list();
  const exact = all.filter((r) => r.name === text);
  if (exact.length === 1) return exact[0]!.code;
  const depth = (code: string) => regions.lineage(code).length;
  const contained = all
    .filter((r) => text.includes(r.name))
    .sort((a, b) => depth(b.code) - depth(a.code) || b.name.length - a.name.length);
  return contained[0]?.code;
}

/** An order as a report: 12345 does not classify, so the operator assesses it from the content. */
function asReport(ctx: Context, order: Order): TCreateReportParsed {
  const regionCode = mapRegion(ctx.regions, order.region);
  const { name, phone } = order.caller ?? {};
  return {
    reporter:
      name || phone
        ? { type: 'person', ...(name ? { name } : {}), ...(phone ? { phone } : {}) }
        : { type: 'anonymous' },
    children: [{}],
    categories: ['other'],
    immediateDanger: false,
    // A region we cannot place is kept as 12345 wrote it, for the operator to place.
    location: regionCode ? { regionCode } : { address: order.region },
    narrative: order.content,
    language: 'zh-CN',
  };
}

function accepted(order: OrderRow): THotline12345OrderAccepted {
  return {
    orderNumber: order.orderNumber,
    reference: order.reference,
    receivedAt: order.createdAt.toISOString(),
  };
}

function differentOrder(): AppError {
  return new AppError('CONFLICT', {
    message: 'This order number was already sent with a different order',
    data: { orderNumber: 'Already used for a different order' },
  });
}

/**
 * Takes a 12345 work order in through the normal durable intake (contact, report and triage
 * outbox row in one statement, on channel `12345`), then records the order. Idempotent on the
 * order number: a repeat answers the first reference (`created: false`), another body is 409.
 * Should the process die between the two writes, 12345's retry replays the report (same
 * contact key) and records the order then.
 */
export async function receiveOrder(
  ctx: Context,
  orgId: string,
  order: Order,
): Promise<{ body: THotline12345OrderAccepted; created: boolean }> {
  const requestHash = sha256(canonicalJson(order));
  const earlier = await findOrder(ctx.db, orgId, order.orderNumber);
  if (earlier) {
    if (earlier.requestHash !== requestHash) throw differentOrder();
    return { body: accepted(earlier), created: false };
  }
  let report;
  try {
    report = await createReport(ctx, asReport(ctx, order), {
      channel: '12345',
      idempotencyKey: `${orgId}:${order.orderNumber}`,
      submitter: { userId: null, orgId },
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'IDEMPOTENCY_KEY_REUSED') throw differentOrder();
    throw err;
  }
  const { id: reportId, reference } = report.body;
  const created = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(hotline12345Orders)
      .values({
        orgId,
        orderNumber: order.orderNumber,
        requestHash,
        reportId,
        reference,
        orderTime: new Date(order.orderTime),
        timeLimit: new Date(order.timeLimit),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    // Triage may have placed the report before this row existed: look again once it has.
    await outboxJob(tx, {
      queue: QueueName.webhooks,
      name: JobName.hotline12345Follow,
      data: { source: 'order', id: row.id },
      jobId: `h12345-order-${row.id}`,
    });
    await writeAudit(tx, {
      actorId: null,
      action: 'hotline12345.order_received',
      entityType: 'report',
      entityId: reportId,
      data: { orderId: row.id, orgId },
    });
    return row;
  });
  if (created) {
    ctx.kickOutbox();
    return { body: accepted(created), created: true };
  }
  // The same number arrived twice at once: the other request recorded it.
  const other = await findOrder(ctx.db, orgId, order.orderNumber);
  if (!other || other.requestHash !== requestHash) throw differentOrder();
  return { body: accepted(other), created: false };
}
