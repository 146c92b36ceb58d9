import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError, ZCreateReport } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse } from '../../http/validate.js';
import { rateLimitStore, rateLimited } from '../../http/rate-limit.js';
import { createReport } from './commands/create-report.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/** Public intake: the web form and partners POST reports here. */
export function intakeRoutes(ctx: Context): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: ctx.config.intakeRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: rateLimitStore(ctx, 'intake'),
    handler: rateLimited(
      'Too many reports from this address. If a child is in danger right now, call 110.',
    ),
  });

  router.post('/', limiter, async (req, res) => {
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The Idempotency-Key header is invalid',
        data: { 'Idempotency-Key': 'Use 8 to 200 printable ASCII characters, e.g. a UUID' },
      });
    }
    const input = parse(ZCreateReport, jsonBody(req), 'report');
    const result = await createReport(ctx, input, {
      channel: 'web',
      ...(key ? { idempotencyKey: key } : {}),
    });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).json(result.body);
  });
  return router;
}
