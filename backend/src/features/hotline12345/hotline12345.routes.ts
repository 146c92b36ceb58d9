import type { Request, RequestHandler } from 'express';
import { AppError } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { receiveOrder } from './commands/receive-order.js';
import { rateOrder, urgeOrder } from './commands/urge-and-rate.js';
import { replyTo12345, returnTo12345 } from './commands/answer-12345.js';
import { readCaseOrders } from './commands/read-case-orders.js';
import { authenticate12345 } from './partner-auth.js';
import { fromPartnerFields, toPartnerErrors } from './wire.js';

/**
 * 12345's own routes (`/api/partners/12345`: work orders handed over, urged, rated), only with the
 * 12345 line's partner key, and the case's 12345 panel. Field names may be 12345's own
 * (HUTONG_12345_FIELD_MAP), and a field error names the field as 12345 sent it.
 */
export function hotline12345Routes(ctx: Context) {
  const { fieldMap } = ctx.config.hotline12345;
  const wire = {
    in: (raw: unknown) => fromPartnerFields(raw, fieldMap),
    errors: (data: Record<string, unknown>) => toPartnerErrors(data, fieldMap),
  };
  // The key is checked before the body, as a session is on every other route.
  const partnerKey: RequestHandler[] = [
    async (req, _res, next) => {
      req.partnerOrgId = (await authenticate12345(ctx, req)).orgId;
      next();
    },
  ];
  return {
    hotline12345Order: {
      before: partnerKey,
      wire,
      handle: async ({ req, res, body }) => {
        const result = await receiveOrder(ctx, partnerOrgOf(req), body);
        if (!result.created) res.status(200);
        return result.body;
      },
    },
    hotline12345Urge: {
      before: partnerKey,
      wire,
      handle: ({ req, params, body }) => urgeOrder(ctx, partnerOrgOf(req), params.number, body),
    },
    hotline12345Rating: {
      before: partnerKey,
      wire,
      handle: ({ req, params, body }) => rateOrder(ctx, partnerOrgOf(req), params.number, body),
    },
    caseHotline12345: ({ actor, params }) => readCaseOrders(ctx, actor, params.id),
    replyTo12345: ({ actor, params, body }) => replyTo12345(ctx, actor, params.id, body.text),
    returnTo12345: ({ actor, params, body }) => returnTo12345(ctx, actor, params.id, body.reason),
  } satisfies RouteHandlers;
}

function partnerOrgOf(req: Request): string {
  if (!req.partnerOrgId) throw new AppError('UNAUTHENTICATED', { message: 'No partner key' });
  return req.partnerOrgId;
}
