import type { ErrorRequestHandler, RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { AppError } from '@hutong/shared';
import type { Logger } from '../lib/logger.js';

/** 404 for any /api route that does not exist, in the same envelope as every other error. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('NOT_FOUND', { message: 'No such endpoint' }));
};

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * The one error writer: AppErrors as they are, body-parser failures as 400/413/415, anything
 * else as INTERNAL with an errorId that is logged (with the stack) but never sent.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = toAppError(err);
    if (!appError) {
      const errorId = randomUUID();
      log.error({ err, errorId, method: req.method, path: req.baseUrl }, 'unhandled error');
      res.status(500).json(
        new AppError('INTERNAL', {
          message: 'Something went wrong on our side. Please try again.',
          data: { errorId },
        }).toEnvelope(),
      );
      return;
    }
    if (res.headersSent) return;
    res.status(appError.status).json(appError.toEnvelope());
  };
}

const PARSER_ERRORS: Record<string, () => AppError> = {
  'entity.too.large': () =>
    new AppError('PAYLOAD_TOO_LARGE', { message: 'The request body is too large' }),
  'entity.parse.failed': () =>
    new AppError('INVALID_JSON', { message: 'The request body is not valid JSON' }),
  'encoding.unsupported': () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Unsupported body encoding' }),
  'charset.unsupported': () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Unsupported body charset' }),
};

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const type = (err as BodyParserError | null)?.type;
  return (type && PARSER_ERRORS[type]?.()) || null;
}
