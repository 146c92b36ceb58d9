/** The SQLSTATE of a PostgreSQL error from pg or PGlite (drizzle may wrap it in `cause`). */
function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** PostgreSQL's unique_violation, from pg or PGlite (drizzle may wrap it in `cause`). */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}

/** PostgreSQL's deadlock_detected (40P01): the transaction was rolled back and may be retried. */
export function isDeadlock(err: unknown): boolean {
  return sqlState(err) === '40P01';
}

/**
 * Text PostgreSQL refused to store: a NUL in text (22021, character_not_in_repertoire) or a
 * `\u0000` in jsonb (22P05, untranslatable_character). Input checks stop these first; this
 * is the net for a value that reached a query another way.
 */
export function isUnstorableText(err: unknown): boolean {
  const state = sqlState(err);
  return state === '22021' || state === '22P05';
}

/** Node's codes for a connection refused, reset, timed out or unroutable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * What pg says when a connection it holds or is opening goes away (it has no code then), or a
 * statement went unanswered past the query timeout (a silent outage), and PGlite once closed (a
 * demo server shutting down). A lone `pg.Client` (the migrations' own) whose connection is not
 * answered within its connect timeout fails with a bare "timeout expired" (failure 24).
 */
const CONNECTION_LOST =
  /^(Connection terminated|Query read timeout|Client has encountered a connection error|timeout exceeded when trying to connect|timeout expired$|Client was closed and is not queryable|Cannot use a pool after calling end|PGlite is closed)/;

/**
 * The database could not be reached, or went away mid-query: a refused or lost connection, a
 * server shutting down or starting (SQLSTATE class 08 connection_exception, 57P01–57P03
 * admin/crash shutdown, cannot_connect_now). A request that fails this way is retryable: answered
 * `503` with Retry-After, never `500`. Found by `npm run chaos` (PostgreSQL restarted and
 * unplugged): intake answered 500 INTERNAL.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) return true;
      if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    }
    if (typeof message === 'string' && CONNECTION_LOST.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
