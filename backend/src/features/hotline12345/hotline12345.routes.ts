import { Router, type Request } from 'express';
import type { z } from 'zod';
import {
  AppError,
  ZHotline12345Order,
  ZHotline12345Rating,
  ZHotline12345Urge,
  ZOrderNumber,
  ZReplyTo12345,
  ZReturnTo12345,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { receiveOrder } from './commands/receive-order.js';
import { rateOrder, urgeOrder } from './commands/urge-and-rate.js';
import { replyTo12345, returnTo12345 } from './commands/answer-12345.js';
import { readCaseOrders } from './commands/read-case-orders.js';
import { authenticate12345 } from './partner-auth.js';
import { fromPartnerFields, toPartnerErrors } from './wire.js';

/**
 * `/api/partners/12345`: 12345 hands over work orders, urges and rates them. Only the 12345
 * line's partner key; field names may be 12345's own (HUTONG_12345_FIELD_MAP), and a field
 * error names the field as 12345 sent it.
 */
export function hotline12345PartnerRoutes(ctx: Context): Router {
  const router = Router();
  const { fieldMap } = ctx.config.hotline12345;

  function parseFrom12345<S extends z.ZodType>(schema: S, req: Request, what: string) {
    try {
      return parse(schema, fromPartnerFields(jsonBody(req), fieldMap), what);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.data) {
        throw new AppError(err.code, {
          message: err.message,
          data: toPartnerErrors(err.data, fieldMap),
        });
      }
      throw err;
    }
  }

  function orderNumberOf(req: Request): string {
    const parsed = ZOrderNumber.safeParse(req.params.number);
    if (!parsed.success) throw new AppError('NOT_FOUND', { message: 'No such order' });
    return parsed.data;
  }

  router.post('/orders', async (req, res) => {
    const { orgId } = await authenticate12345(ctx, req);
    const order = parseFrom12345(ZHotline12345Order, req, 'order');
    const result = await receiveOrder(ctx, orgId, order);
    res.status(result.created ? 201 : 200).json(result.body);
  });

  router.post('/orders/:number/urge', async (req, res) => {
    const { orgId } = await authenticate12345(ctx, req);
    const input = parseFrom12345(ZHotline12345Urge, req, 'urge');
    res.json(await urgeOrder(ctx, orgId, orderNumberOf(req), input));
  });

  router.post('/orders/:number/rating', async (req, res) => {
    const { orgId } = await authenticate12345(ctx, req);
    const input = parseFrom12345(ZHotline12345Rating, req, 'rating');
    res.json(await rateOrder(ctx, orgId, orderNumberOf(req), input));
  });
  return router;
}

/** `/api/cases/:id/12345`: the case's 12345 panel: its orders, replies, and returning them. */
export function hotline12345CaseRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/:id/12345', requireActor(ctx, 'cases.read'), async (req, res) => {
    res.json(await readCaseOrders(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.post('/:id/12345/reply', requireActor(ctx, 'cases.update'), async (req, res) => {
    const caseId = uuidParam(req, 'id');
    const { text } = parse(ZReplyTo12345, jsonBody(req), 'reply');
    res.json(await replyTo12345(ctx, actorOf(req), caseId, text));
  });

  router.post('/:id/12345/return', requireActor(ctx, 'cases.update'), async (req, res) => {
    const caseId = uuidParam(req, 'id');
    const { reason } = parse(ZReturnTo12345, jsonBody(req), 'return');
    res.json(await returnTo12345(ctx, actorOf(req), caseId, reason));
  });
  return router;
}
