import { AppError, type TWebhookDeliveryList, type TWebhookEndpointList } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import {
  deleteWebhook,
  enableWebhook,
  endpointScope,
  redeliverWebhook,
  registerWebhook,
} from './commands/manage-webhooks.js';
import { presentDelivery, presentEndpoint } from './webhooks.presenter.js';
import { findDeliveries, findEndpoint, findEndpoints } from './webhooks.repository.js';

/** `/api/webhooks`: partners' signed webhook endpoints, their deliveries and redelivery. */
export function webhookRoutes(ctx: Context) {
  return {
    listWebhooks: async ({ actor }) => {
      const rows = await findEndpoints(ctx.db, endpointScope(actor));
      const body: TWebhookEndpointList = { endpoints: rows.map(presentEndpoint) };
      return body;
    },
    createWebhook: ({ actor, body }) => registerWebhook(ctx, actor, body),
    deleteWebhook: ({ actor, params }) => deleteWebhook(ctx, actor, params.id),
    enableWebhook: ({ actor, params }) => enableWebhook(ctx, actor, params.id),
    listWebhookDeliveries: async ({ actor, params }) => {
      if (!(await findEndpoint(ctx.db, endpointScope(actor), params.id))) {
        throw new AppError('NOT_FOUND', { message: 'No such webhook endpoint' });
      }
      const body: TWebhookDeliveryList = {
        deliveries: (await findDeliveries(ctx.db, params.id)).map(presentDelivery),
      };
      return body;
    },
    redeliverWebhook: ({ actor, params }) =>
      redeliverWebhook(ctx, actor, params.id, params.deliveryId),
  } satisfies RouteHandlers;
}
