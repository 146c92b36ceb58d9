import type {
  TWebhookDelivery,
  TWebhookEndpoint,
  TWebhookOwner,
  WebhookEvent,
} from '@hutong/shared';
import type { DeliveryRow, EndpointRow } from './webhooks.repository.js';

/** An endpoint as admins and its organisation see it: never its secret. */
export function presentEndpoint(row: EndpointRow): TWebhookEndpoint {
  const owner: TWebhookOwner = row.orgId
    ? { kind: 'org', id: row.orgId, name: row.orgName ?? '' }
    : row.centreId
      ? { kind: 'centre', id: row.centreId, name: row.centreName ?? '' }
      : { kind: 'line' };
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEvent[],
    owner,
    description: row.description,
    active: row.disabledAt === null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentDelivery(row: DeliveryRow): TWebhookDelivery {
  return {
    id: row.id,
    event: row.event as WebhookEvent,
    status: row.status as TWebhookDelivery['status'],
    attempts: row.attempts,
    responseCode: row.responseCode,
    error: row.error,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
