import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { AppError, UNSTORABLE_TEXT_MESSAGE, stripUnstorableText } from '@hutong/shared';
import { isDatabaseUnavailable, isUnstorableText } from '../db/errors.js';
import type { Logger } from '../lib/logger.js';

/** Seconds a client is told to wait before retrying while the database is unreachable. */
const DATABASE_UNAVAILABLE_RETRY_S = 5;

/** 404 for any /api route that does not exist, in the same envelope as every other error. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('NOT_FOUND', { message: 'No such endpoint' }));
};

/**
 * The JSON parsers' `verify`: a body that is not UTF-8 is refused (body-parser would decode
 * the bad bytes as U+FFFD and store a report with its words replaced), and so is an object that
 * names a key twice (JSON.parse would silently keep the last; which one the sender meant is
 * anyone's guess).
 */
export function wellFormedJson(_req: unknown, _res: unknown, buf: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8') return;
  if (!isUtf8(buf)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The request body is not valid UTF-8',
      data: { '(body)': 'Not valid UTF-8' },
    });
  }
  const key = duplicateKey(buf.toString('utf8'));
  if (key !== undefined) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The request body has invalid fields',
      data: { [stripUnstorableText(key) || '(body)']: 'Given more than once' },
    });
  }
}

/**
 * The first key an object of this JSON text names twice, or undefined. A scan, not a parse: a
 * text that is not JSON is left for JSON.parse to refuse.
 */
export function duplicateKey(text: string): string | undefined {
  // One entry per open object (its keys so far) or array (null), so depth costs no recursion.
  const open: (Set<string> | null)[] = [];
  let atKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open.at(-1);
      if (atKey && keys) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return undefined;
        }
        if (keys.has(key)) return key;
        keys.add(key);
        atKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      atKey = true;
    } else if (c === '[') {
      open.push(null);
      atKey = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      atKey = false;
    } else if (c === ',') {
      atKey = open.at(-1) instanceof Set;
    }
  }
  return undefined;
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  code?: unknown;
}

/**
 * The one error writer: AppErrors as they are, body-parser failures as 400/413/415, anything
 * else as INTERNAL with an errorId that is logged (with the stack) but never sent.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = toAppError(err);
    if (!appError && isUnstorableText(err)) {
      // Bad input that got past the checks: the client's fault, so a 400, but logged, as a gap.
      const errorId = randomUUID();
      log.warn({ err, errorId, method: req.method, path: req.baseUrl }, 'unstorable text');
      res.status(400).json(
        new AppError('VALIDATION_FAILED', {
          message: 'The request has invalid fields',
          data: { '(body)': UNSTORABLE_TEXT_MESSAGE, errorId },
        }).toEnvelope(),
      );
      return;
    }
    if (!appError && isDatabaseUnavailable(err)) {
      // PostgreSQL restarting or unreachable: nothing was committed; the client may retry (with
      // the same Idempotency-Key) and is told when. Logged once per request, without the query.
      log.warn({ err, method: req.method, path: req.baseUrl }, 'database unavailable');
      if (res.headersSent) return;
      res.set('Retry-After', String(DATABASE_UNAVAILABLE_RETRY_S));
      res.status(503).json(
        new AppError('SERVICE_UNAVAILABLE', {
          message: 'Temporarily unavailable. Please try again in a few seconds.',
          data: { retryAfterSeconds: DATABASE_UNAVAILABLE_RETRY_S },
        }).toEnvelope(),
      );
      return;
    }
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
    // A 503 is retryable: say when (the Redis-backed rate limiters answer it during an outage).
    const retryAfter = appError.data?.retryAfterSeconds;
    if (appError.status === 503 && typeof retryAfter === 'number') {
      res.set('Retry-After', String(retryAfter));
    }
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
  'parameters.too.many': () =>
    new AppError('PAYLOAD_TOO_LARGE', { message: 'The request body has too many parameters' }),
};

/** A body that does not decompress as its Content-Encoding says (gzip, deflate or br). */
const undecodableBody = () =>
  new AppError('VALIDATION_FAILED', {
    message: 'The request body could not be decompressed',
    data: { 'content-encoding': 'Does not match the body' },
  });

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const parserError = err as BodyParserError | null;
  const type = parserError?.type;
  if (type) return PARSER_ERRORS[type]?.() ?? null;
  // zlib and brotli failures reach us from body-parser as a bare, exposed 400 with their code.
  if (parserError?.status === 400 && parserError.expose && typeof parserError.code === 'string') {
    return undecodableBody();
  }
  return null;
}
