import type { Request } from 'express';
import type { z } from 'zod';
import { AppError, fieldErrors, unstorableTextFields } from '@hutong/shared';

/**
 * Parses with a shared schema; failures become VALIDATION_FAILED naming each field path. Every
 * string is first checked for characters PostgreSQL refuses (NUL, lone surrogates), so no
 * schema can forget them and no such value reaches a query as a 500.
 */
export function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'request',
): z.output<S> {
  const unstorable = unstorableTextFields(value);
  if (Object.keys(unstorable).length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: `The ${what} has invalid fields`,
      data: unstorable,
    });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', {
      message: `The ${what} has invalid fields`,
      data: fieldErrors(result.error.issues),
    });
  }
  return result.data;
}

/** A JSON body, refusing other content types with 415 rather than reading them as empty. */
export function jsonBody(req: Request): unknown {
  if (!req.is('application/json')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: 'Send the body as application/json',
    });
  }
  return req.body;
}

/** A route's `:param` that must be a UUID (anything else is a plain 404, not a database error). */
export function uuidParam(req: Request, name: string): string {
  const value = req.params[name];
  if (
    typeof value !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  ) {
    throw new AppError('NOT_FOUND', { message: 'Not found' });
  }
  return value.toLowerCase();
}

/** As partners send it: 8 to 200 printable ASCII characters, e.g. a UUID. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/** The request's optional `Idempotency-Key` header; a malformed one is VALIDATION_FAILED. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The Idempotency-Key header is invalid',
      data: { 'Idempotency-Key': 'Use 8 to 200 printable ASCII characters, e.g. a UUID' },
    });
  }
  return key;
}
