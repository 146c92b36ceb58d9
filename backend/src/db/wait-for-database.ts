import type { Logger } from 'pino';
import type { Database } from './client.js';
import { isDatabaseUnavailable } from './errors.js';

/** The first wait after a refused start, doubling up to the longest. */
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10_000;

/**
 * Runs the start's first statement (the migrations), waiting for a PostgreSQL server that is not
 * answering yet — restarting, unplugged, or a node booting before it — instead of exiting: a
 * process started in an outage (a crashed worker restarted by its supervisor) comes up when the
 * database does. Found by `npm run chaos`: a worker restarted during the PostgreSQL outage exited
 * three times in a row. Any other error (a broken migration, a refused password) still ends the
 * start at once, and so does PGlite, which is in the process and has no outage to wait out.
 */
export async function migrateWhenReachable(
  database: Database,
  log: Logger,
  options: { firstRetryMs?: number; longestRetryMs?: number } = {},
): Promise<void> {
  let wait = options.firstRetryMs ?? FIRST_RETRY_MS;
  const longest = options.longestRetryMs ?? LONGEST_RETRY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await database.migrate();
      if (attempt > 1) log.info({ attempt }, 'the database answers: starting');
      return;
    } catch (err) {
      if (database.kind !== 'server' || !isDatabaseUnavailable(err)) throw err;
      log.warn({ attempt, retryInMs: wait }, 'the database is not answering yet: waiting for it');
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, longest);
    }
  }
}
