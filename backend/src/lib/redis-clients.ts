import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/** Only what names the failure: a Redis error carries no personal data, but keep it short. */
export function redisError(err: unknown): { message: string; code?: string } {
  const e = err as NodeJS.ErrnoException;
  return { message: e.message, ...(e.code ? { code: e.code } : {}) };
}

/**
 * An ioredis client with no 'error' listener prints "[ioredis] Unhandled error event" to stderr
 * on every reconnect attempt while Redis is away. Log the first error of an outage, and the
 * recovery, in the structured log instead (ioredis goes on retrying by itself).
 */
export function logRedisOutages(client: Redis, log: Logger, name: string): void {
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    log.warn({ err: redisError(err), client: name }, 'redis connection lost; retrying');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ client: name }, 'redis connection back');
  });
}

const RESUBSCRIBING = ['subscribe', 'psubscribe', 'ssubscribe', 'select'] as const;

/**
 * After a reconnect, ioredis sends the client's subscriptions again (and its SELECT) without
 * handling the answer: if the connection drops before Redis replies — Redis flapping, or a stop
 * right after Redis came back — the promise rejects with "Connection is closed." and nobody
 * catches it, which ends a Node process. The Socket.IO adapter subscribes on clients it makes
 * with `duplicate()`: every client duplicated from `client` (and `client` itself) gets those
 * commands' rejections handled. A caller that awaits them still sees the error.
 */
export function handleResubscribeRejections(client: Redis): Redis {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of RESUBSCRIBING) {
    const send = target[name]!.bind(client);
    target[name] = (...args: unknown[]) => {
      const answer = send(...args);
      if (answer instanceof Promise) answer.catch(() => undefined);
      return answer;
    };
  }
  const duplicate = client.duplicate.bind(client);
  const made = new Set<Redis>();
  duplicates.set(client, made);
  client.duplicate = (...args: Parameters<Redis['duplicate']>) => {
    const copy = handleResubscribeRejections(duplicate(...args));
    made.add(copy);
    copy.once('end', () => made.delete(copy));
    return copy;
  };
  return client;
}

/** The clients duplicated from a client (see handleResubscribeRejections) and still open. */
const duplicates = new WeakMap<Redis, Set<Redis>>();

/**
 * Closes a client politely, or at once when its connection is already gone (a QUIT would fail),
 * and with it the clients duplicated from it that are still open. The Socket.IO streams adapter
 * reads the stream on such a client with XREAD BLOCK 5000 and closes it only once that returns:
 * on a quiet stream the connection, and everything its pending read reaches (the stop's call
 * stack, with the database in it), outlived the stop by up to 5 s. Call it once Socket.IO is
 * closed (hutong's stop does): an adapter still open would read again on the closed client.
 */
export async function quitRedis(client: Redis): Promise<void> {
  for (const copy of duplicates.get(client) ?? []) copy.disconnect();
  if (client.status === 'end') return;
  await client.quit().catch(() => client.disconnect());
}
