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

/**
 * Text PostgreSQL refused to store: a NUL in text (22021, character_not_in_repertoire) or a
 * `\u0000` in jsonb (22P05, untranslatable_character). Input checks stop these first; this
 * is the net for a value that reached a query another way.
 */
export function isUnstorableText(err: unknown): boolean {
  const state = sqlState(err);
  return state === '22021' || state === '22P05';
}
