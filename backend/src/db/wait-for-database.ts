import type { Logger } from 'pino';
import type { Database } from './client.js';
import { isDatabaseUnavailable } from './errors.js';

/** The first wait after a refused start, doubling up to the longest. */
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10_000;

export interface WaitOptions {
  firstRetryMs?: number;
  longestRetryMs?: number;
}

/**
 * Runs a step of the start — the migrations, the demo seed, anything the start reads or writes
 * before it serves — again and again while the PostgreSQL server is not answering (restarting,
 * unplugged, silent, or a node booting before it), instead of exiting: a process started in an
 * outage (a crashed worker restarted by its supervisor) comes up when the database does. Found by
 * `npm run chaos`: a worker restarted during the PostgreSQL outage exited three times in a row,
 * and a demo process that had migrated went silent with the database in its next step and exited.
 * The step must be safe to run again (every start step is: each checks what is there first, or
 * writes in one transaction). Any other error (a broken migration, a refused password) still ends
 * the start at once, and so does PGlite, which is in the process and has no outage to wait out.
 */
export async function whenReachable<T>(
  database: Pick<Database, 'kind'>,
  log: Logger,
  step: string,
  run: () => Promise<T>,
  options: WaitOptions = {},
): Promise<T> {
  let wait = options.firstRetryMs ?? FIRST_RETRY_MS;
  const longest = options.longestRetryMs ?? LONGEST_RETRY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await run();
      if (attempt > 1) log.info({ attempt, step }, 'the database answers: starting');
      return result;
    } catch (err) {
      if (database.kind !== 'server' || !isDatabaseUnavailable(err)) throw err;
      log.warn(
        { attempt, step, retryInMs: wait },
        'the database is not answering yet: waiting for it',
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, longest);
    }
  }
}

/** The start's first statement: the migrations, once the server answers. */
export function migrateWhenReachable(
  database: Database,
  log: Logger,
  options: WaitOptions = {},
): Promise<void> {
  return whenReachable(database, log, 'migrations', () => database.migrate(), options);
}
