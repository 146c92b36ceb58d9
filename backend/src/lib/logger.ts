import { pino, type Logger } from 'pino';
import { AppError } from '@hutong/shared';

export type { Logger };

/**
 * Error fields that name what failed without carrying a value: PostgreSQL's SQLSTATE `code` and
 * the schema object it names. Everything else (message, `query`, `params`, `detail`, `where`,
 * `internalQuery`, `hint`…) may quote the row being written, so it is left out.
 */
const SAFE_ERROR_FIELDS = [
  'code',
  'severity',
  'routine',
  'schema',
  'table',
  'column',
  'constraint',
];

/** How many `cause` links are followed (drizzle wraps the driver's error in one). */
const MAX_CAUSE_DEPTH = 4;

/** A logged error reduced to fields that cannot hold personal data (see SAFE_ERROR_FIELDS). */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!err || typeof err !== 'object') return { type: typeof err };
  const source = err as Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: err instanceof Error ? err.constructor.name || err.name : 'Object',
  };
  for (const field of SAFE_ERROR_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  // An AppError's message is written to be shown to the person who caused it, so it is safe.
  if (err instanceof AppError) out.message = err.message;
  // The frames only: V8 puts the (unsafe) message above them, over as many lines as it has.
  if (typeof source.stack === 'string') {
    const frames = source.stack.split('\n').filter((line) => /^\s+at /.test(line));
    if (frames.length > 0) out.stack = frames.join('\n');
  }
  if (source.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    out.cause = serializeError(source.cause, depth + 1);
  }
  return out;
}

/** Replaces an Error logged under any key other than err/error (which have serializers). */
function reduceErrors<T extends object>(object: T): T {
  let out: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(object)) {
    if (value instanceof Error && key !== 'err' && key !== 'error') {
      out ??= { ...(object as Record<string, unknown>) };
      out[key] = serializeError(value);
    }
  }
  return (out as T | null) ?? object;
}

const SAFE_ERRORS = {
  serializers: { err: (e: unknown) => serializeError(e), error: (e: unknown) => serializeError(e) },
  // An Error logged under any other key is reduced the same way: no call site can forget.
  formatters: { log: reduceErrors },
};

/**
 * The process logger. Log ids, never personal data: errors are reduced to their class, SQLSTATE
 * and constraint (serializeError), and the redact list is a second line of defence for fields
 * that must never reach a log even by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'hutong' },
    ...SAFE_ERRORS,
    redact: {
      paths: [
        '*.password',
        '*.phone',
        '*.name',
        '*.narrative',
        '*.address',
        '*.body',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}

/** A child of a logger made elsewhere (a test's, an embedder's) with the same safe error output. */
export function withSafeErrors(log: Logger): Logger {
  return log.child({}, SAFE_ERRORS);
}
