import { Router } from 'express';
import {
  AppError,
  ZCreateWebhook,
  type TWebhookDeliveryList,
  type TWebhookEndpointList,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
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
export function webhookRoutes(ctx: Context): Router {
  const router = Router();
  const manage = requireActor(ctx, 'webhooks.manage');

  router.get('/', manage, async (req, res) => {
    const rows = await findEndpoints(ctx.db, endpointScope(actorOf(req)));
    const body: TWebhookEndpointList = { endpoints: rows.map(presentEndpoint) };
    res.json(body);
  });

  router.post('/', manage, async (req, res) => {
    const input = parse(ZCreateWebhook, jsonBody(req), 'body');
    res.status(201).json(await registerWebhook(ctx, actorOf(req), input));
  });

  router.delete('/:id', manage, async (req, res) => {
    res.json(await deleteWebhook(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.post('/:id/enable', manage, async (req, res) => {
    res.json(await enableWebhook(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.get('/:id/deliveries', manage, async (req, res) => {
    const id = uuidParam(req, 'id');
    if (!(await findEndpoint(ctx.db, endpointScope(actorOf(req)), id))) {
      throw new AppError('NOT_FOUND', { message: 'No such webhook endpoint' });
    }
    const body: TWebhookDeliveryList = {
      deliveries: (await findDeliveries(ctx.db, id)).map(presentDelivery),
    };
    res.json(body);
  });

  router.post('/:id/deliveries/:deliveryId/redeliver', manage, async (req, res) => {
    const deliveryId = req.params.deliveryId;
    if (typeof deliveryId !== 'string' || !/^msg_[0-9a-f]{32}$/.test(deliveryId)) {
      throw new AppError('NOT_FOUND', { message: 'No such delivery' });
    }
    res.json(await redeliverWebhook(ctx, actorOf(req), uuidParam(req, 'id'), deliveryId));
  });

  return router;
}
