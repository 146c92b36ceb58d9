import type { Job } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import {
  JobName,
  QueueName,
  type CaseStatus,
  type TWebhookMessage,
  type JobPayload,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import {
  caseEvents,
  cases,
  referrals,
  reports,
  webhookDeliveries,
  webhookEndpoints,
} from '../../db/schema.js';
import { decryptText } from '../../lib/crypto.js';
import { writeAudit } from '../audit/audit.repository.js';
import { presentReportStatus } from '../dispatch/commands/report-status.js';
import { outboxJob } from '../outbox/outbox.js';
import { newMessageId, postSigned } from './signing.js';
import { findSubscribers } from './webhooks.repository.js';

/** One message for the endpoints of the line and of one organisation or centre. */
interface Outgoing {
  sourceKey: string;
  message: TWebhookMessage;
  owner: { orgId?: string | null; centreId?: string | null };
}

async function reportMessages(exec: Executor, reportId: string): Promise<Outgoing[]> {
  const [report] = await exec
    .select({
      id: reports.id,
      reference: reports.reference,
      channel: reports.channel,
      receivedAt: reports.receivedAt,
      orgId: reports.orgId,
    })
    .from(reports)
    .where(eq(reports.id, reportId));
  if (!report) return [];
  return [
    {
      sourceKey: `report-${report.id}`,
      owner: { orgId: report.orgId },
      message: {
        type: 'report.received',
        timestamp: report.receivedAt.toISOString(),
        data: {
          reportId: report.id,
          reference: report.reference,
          channel: report.channel,
          receivedAt: report.receivedAt.toISOString(),
          orgId: report.orgId,
        },
      },
    },
  ];
}

async function eventMessages(exec: Executor, eventId: number): Promise<Outgoing[]> {
  const [event] = await exec.select().from(caseEvents).where(eq(caseEvents.id, eventId));
  if (!event) return [];
  const timestamp = event.createdAt.toISOString();
  // A claim and a release move the case's status too (new ⇄ triaging), with from/to like a change.
  if (event.type === 'status_changed' || event.type === 'claimed' || event.type === 'released') {
    const from = event.data.from as CaseStatus | undefined;
    const to = event.data.to as CaseStatus | undefined;
    if (!to) return [];
    const stageOf = (status: CaseStatus | null) =>
      presentReportStatus({
        reference: '',
        receivedAt: event.createdAt,
        caseStatus: status,
        caseUpdatedAt: event.createdAt,
      });
    const before = stageOf(from ?? null);
    const after = stageOf(to);
    // Partners hear of progress they can see: a move within "in progress" is not one.
    if (before.stage === after.stage && before.outcome === after.outcome) return [];
    const rows = await exec
      .select({
        id: reports.id,
        reference: reports.reference,
        receivedAt: reports.receivedAt,
        orgId: reports.orgId,
      })
      .from(reports)
      .where(eq(reports.caseId, event.caseId));
    return rows.map((report) => ({
      sourceKey: `event-${event.id}-report-${report.id}`,
      owner: { orgId: report.orgId },
      message: {
        type: 'report.status_changed',
        timestamp,
        data: {
          ...presentReportStatus({
            reference: report.reference,
            receivedAt: report.receivedAt,
            caseStatus: to,
            caseUpdatedAt: event.createdAt,
          }),
          reportId: report.id,
        },
      },
    }));
  }
  if (event.type === 'referral_created' || event.type === 'referral_updated') {
    const referralId = event.data.referralId;
    if (typeof referralId !== 'string') return [];
    const [referral] = await exec
      .select({
        id: referrals.id,
        centreId: referrals.centreId,
        status: referrals.status,
        priority: referrals.priority,
        caseReference: cases.reference,
      })
      .from(referrals)
      .innerJoin(cases, eq(cases.id, referrals.caseId))
      .where(eq(referrals.id, referralId));
    if (!referral) return [];
    const to = event.data.to;
    const status =
      event.type === 'referral_created' ? 'pending' : typeof to === 'string' ? to : referral.status;
    return [
      {
        sourceKey: `event-${event.id}`,
        owner: { centreId: referral.centreId },
        message: {
          type: event.type === 'referral_created' ? 'referral.created' : 'referral.updated',
          timestamp,
          data: {
            referralId: referral.id,
            centreId: referral.centreId,
            caseReference: referral.caseReference,
            status,
            priority: referral.priority,
            updatedAt: timestamp,
          },
        },
      },
    ];
  }
  return [];
}

/**
 * `webhooks.fanOut`: a new report or case event (queued by the database trigger in the
 * transaction that wrote it) becomes one delivery per subscribed endpoint. Safe to run twice:
 * a delivery is unique per (endpoint, event, source), and its job id is its own.
 */
export async function processWebhookFanOut(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.webhookFanOut>>,
): Promise<void> {
  const { source, id } = job.data;
  const created = await ctx.db.transaction(async (tx) => {
    const outgoing =
      source === 'report' ? await reportMessages(tx, id) : await eventMessages(tx, Number(id));
    let count = 0;
    for (const out of outgoing) {
      const endpoints = await findSubscribers(tx, out.message.type, out.owner);
      for (const endpoint of endpoints) {
        const [row] = await tx
          .insert(webhookDeliveries)
          .values({
            id: newMessageId(),
            endpointId: endpoint.id,
            event: out.message.type,
            sourceKey: out.sourceKey,
            payload: out.message,
          })
          .onConflictDoNothing()
          .returning({ id: webhookDeliveries.id });
        if (!row) continue;
        await outboxJob(tx, {
          queue: QueueName.webhooks,
          name: JobName.webhookDeliver,
          data: { deliveryId: row.id },
          jobId: `whd-${row.id}`,
        });
        count += 1;
      }
    }
    return count;
  });
  if (created > 0) ctx.kickOutbox();
}

/**
 * `webhooks.deliver`: one signed attempt. A failure is recorded and thrown, so BullMQ retries it
 * with exponential backoff (HUTONG_WEBHOOK_*); after the last attempt the delivery is failed.
 * An endpoint failing every attempt for too long, or too many times in a row, is disabled.
 */
export async function processWebhookDeliver(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.webhookDeliver>>,
): Promise<void> {
  const [row] = await ctx.db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, job.data.deliveryId));
  if (!row || row.delivery.status === 'delivered') return;
  const { delivery, endpoint } = row;
  if (endpoint.deletedAt || endpoint.disabledAt) {
    await ctx.db
      .update(webhookDeliveries)
      .set({ status: 'failed', error: 'endpoint_disabled' })
      .where(eq(webhookDeliveries.id, delivery.id));
    return;
  }
  const config = ctx.config.webhooks;
  const result = await postSigned({
    url: endpoint.url,
    secret: decryptText(
      [ctx.config.dataKey, ...ctx.config.previousDataKeys],
      endpoint.secretSealed,
    ),
    id: delivery.id,
    body: JSON.stringify(delivery.payload),
    timeoutMs: config.timeoutMs,
    allowLoopback: config.allowLoopback,
  });
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({
        status: result.ok ? 'delivered' : last ? 'failed' : 'pending',
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        responseCode: result.responseCode,
        error: result.error,
        lastAttemptAt: sql`now()`,
        ...(result.ok ? { deliveredAt: sql`now()` } : {}),
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (result.ok) {
      await tx
        .update(webhookEndpoints)
        .set({ consecutiveFailures: 0, failingSince: null })
        .where(eq(webhookEndpoints.id, endpoint.id));
      return;
    }
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1`,
        failingSince: sql`coalesce(${webhookEndpoints.failingSince}, now())`,
      })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning({
        failures: webhookEndpoints.consecutiveFailures,
        failingFor: sql<number>`extract(epoch from now() - ${webhookEndpoints.failingSince}) * 1000`,
        disabledAt: webhookEndpoints.disabledAt,
      });
    const tooMany = after && after.failures >= config.disableAfterFailures;
    const tooLong = after && Number(after.failingFor) >= config.disableAfterMs;
    if (after && !after.disabledAt && (tooMany || tooLong)) {
      const reason = tooMany
        ? `Disabled after ${after.failures} failed deliveries in a row`
        : `Disabled after failing every delivery for ${Math.round(config.disableAfterMs / 3600_000)} h`;
      await tx
        .update(webhookEndpoints)
        .set({ disabledAt: sql`now()`, disabledReason: reason })
        .where(eq(webhookEndpoints.id, endpoint.id));
      await writeAudit(tx, {
        actorId: null,
        action: 'webhook.disabled',
        entityType: 'webhook_endpoint',
        entityId: endpoint.id,
        data: { failures: after.failures },
      });
      ctx.log.warn({ endpointId: endpoint.id }, 'webhook endpoint disabled after failures');
    }
  });
  // Thrown for BullMQ's retry; the message names the kind of failure, never the URL.
  if (!result.ok) throw new Error(`webhook delivery failed (${result.error ?? 'unknown'})`);
}
