import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  AppError,
  JobName,
  QueueName,
  type TCreateWebhook,
  type TWebhookDelivery,
  type TWebhookEndpoint,
  type TWebhookEndpointWithSecret,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { centres, reporterOrgs, webhookDeliveries, webhookEndpoints } from '../../../db/schema.js';
import { encryptText } from '../../../lib/crypto.js';
import { writeAudit } from '../../audit/audit.repository.js';
import type { Actor } from '../../auth/sessions.js';
import { outboxJob } from '../../outbox/outbox.js';
import { assertDeliverableUrl } from '../address-guard.js';
import { newWebhookSecret } from '../signing.js';
import { presentDelivery, presentEndpoint } from '../webhooks.presenter.js';
import { findEndpoint, type EndpointScope } from '../webhooks.repository.js';

/**
 * Whose endpoints an actor manages: the line's admins every one; a reporter its own
 * organisation's (and nothing without one).
 */
export function endpointScope(actor: Actor): EndpointScope {
  if (actor.role === 'admin') return { kind: 'all' };
  if (actor.orgId) return { kind: 'org', orgId: actor.orgId };
  throw new AppError('FORBIDDEN', { message: 'Your account has no organisation' });
}

async function endpointInScope(ctx: Context, actor: Actor, id: string) {
  const row = await findEndpoint(ctx.db, endpointScope(actor), id);
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such webhook endpoint' });
  return row;
}

/**
 * `POST /api/webhooks`: registers an endpoint for the line (admins), an organisation (admins, or
 * its own reporter) or a centre (admins). The secret is answered this once and kept encrypted.
 */
export async function registerWebhook(
  ctx: Context,
  actor: Actor,
  input: TCreateWebhook,
): Promise<TWebhookEndpointWithSecret> {
  const scope = endpointScope(actor);
  if (scope.kind === 'org') {
    if (input.centreId || (input.orgId && input.orgId !== scope.orgId)) {
      throw new AppError('FORBIDDEN', {
        message: "You may register endpoints for your own organisation's reports only",
      });
    }
  }
  const orgId = scope.kind === 'org' ? scope.orgId : (input.orgId ?? null);
  const centreId = input.centreId ?? null;
  if (orgId) {
    const [org] = await ctx.db
      .select({ id: reporterOrgs.id })
      .from(reporterOrgs)
      .where(eq(reporterOrgs.id, orgId));
    if (!org) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The request has invalid fields',
        data: { orgId: 'No such organisation' },
      });
    }
  }
  if (centreId) {
    const [centre] = await ctx.db
      .select({ id: centres.id })
      .from(centres)
      .where(eq(centres.id, centreId));
    if (!centre) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The request has invalid fields',
        data: { centreId: 'No such centre' },
      });
    }
  }
  await assertDeliverableUrl(input.url, ctx.config.webhooks.allowLoopback);
  const secret = newWebhookSecret();
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        url: input.url,
        events: input.events,
        orgId,
        centreId,
        description: input.description || null,
        secretSealed: encryptText(ctx.config.dataKey, secret),
        createdBy: actor.id,
      })
      .returning({ id: webhookEndpoints.id });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'webhook.created',
      entityType: 'webhook_endpoint',
      entityId: row!.id,
      data: { after: { events: input.events, orgId, centreId } },
    });
    return row!.id;
  });
  const row = await endpointInScope(ctx, actor, id);
  return { ...presentEndpoint(row), secret };
}

/** `DELETE /api/webhooks/:id`: no more deliveries; the delivery log stays. */
export async function deleteWebhook(
  ctx: Context,
  actor: Actor,
  id: string,
): Promise<TWebhookEndpoint> {
  const row = await endpointInScope(ctx, actor, id);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(webhookEndpoints)
      .set({ deletedAt: sql`now()` })
      .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)));
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'webhook.deleted',
      entityType: 'webhook_endpoint',
      entityId: id,
    });
  });
  return presentEndpoint(row);
}

/** `POST /api/webhooks/:id/enable`: an endpoint disabled for failing is tried again. */
export async function enableWebhook(
  ctx: Context,
  actor: Actor,
  id: string,
): Promise<TWebhookEndpoint> {
  const before = await endpointInScope(ctx, actor, id);
  if (before.disabledAt) {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(webhookEndpoints)
        .set({ disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null })
        .where(eq(webhookEndpoints.id, id));
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'webhook.enabled',
        entityType: 'webhook_endpoint',
        entityId: id,
      });
    });
  }
  return presentEndpoint(await endpointInScope(ctx, actor, id));
}

/**
 * `POST /api/webhooks/:id/deliveries/:deliveryId/redeliver`: the same message (same
 * `webhook-id`, so a receiver that had it can drop it) sent again now, with fresh retries.
 */
export async function redeliverWebhook(
  ctx: Context,
  actor: Actor,
  endpointId: string,
  deliveryId: string,
): Promise<TWebhookDelivery> {
  const endpoint = await endpointInScope(ctx, actor, endpointId);
  if (endpoint.disabledAt) {
    throw new AppError('CONFLICT', { message: 'The endpoint is disabled: enable it first' });
  }
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending' })
      .where(
        and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)),
      )
      .returning();
    if (!updated) throw new AppError('NOT_FOUND', { message: 'No such delivery' });
    await outboxJob(tx, {
      queue: QueueName.webhooks,
      name: JobName.webhookDeliver,
      data: { deliveryId },
      jobId: `whd-${deliveryId}-r${Date.now()}`,
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'webhook.redelivered',
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      data: { deliveryId },
    });
    return updated;
  });
  ctx.kickOutbox();
  return presentDelivery(row);
}
