import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { AppError } from '@hutong/shared';
import type { Context } from '../context.js';

/** Seconds a client is told to wait (Retry-After) when a counter is unavailable. */
const RATE_LIMIT_UNAVAILABLE_RETRY_S = 5;

/**
 * Rate-limit counters live in Redis, so every API node counts the same client together.
 *
 * Once Redis has been reached, a count made while it is unreachable fails at once with a
 * retryable 503 instead of waiting for Redis to come back (our client queues commands without
 * limit): found by `npm run chaos`, where sign-in and the status lookup hung for as long as Redis
 * was stopped. Before that first connection commands wait, as the store loads its scripts at
 * start without handling a failure.
 */
function rateLimitStore(ctx: Context, name: string): RedisStore {
  let reached = ctx.redis.status === 'ready';
  if (!reached) ctx.redis.once('ready', () => (reached = true));
  return new RedisStore({
    prefix: `${ctx.config.redisPrefix}:rl:${name}:`,
    sendCommand: (command: string, ...args: string[]) => {
      if (reached && ctx.redis.status !== 'ready') {
        return Promise.reject(
          new AppError('SERVICE_UNAVAILABLE', {
            message: 'Temporarily unavailable. Please try again in a few seconds.',
            data: { retryAfterSeconds: RATE_LIMIT_UNAVAILABLE_RETRY_S },
          }),
        );
      }
      return ctx.redis.call(command, ...args) as Promise<RedisReply>;
    },
  });
}

/**
 * A limiter counting in Redis under `name` (its own store: one per limiter), per client address
 * (`clientKey`), with the standard `RateLimit` headers, answering `message` in a 429.
 *
 * express-rate-limit's `unsharedStore` check is off: it remembers every store it has seen in a
 * module-level set for the life of the process, and each store holds its context, so every app
 * built in one process (a test run builds hundreds, one per file) kept its database in memory
 * through it, ~200 MB of PGlite each, until the test worker was killed for want of memory. Each
 * call here builds a store of its own, which is what that check asks.
 */
export function redisRateLimit(
  ctx: Context,
  name: string,
  options: Pick<Partial<Options>, 'windowMs' | 'limit' | 'skip' | 'skipSuccessfulRequests'> & {
    message: string;
  },
): RequestHandler {
  const { message, ...limits } = options;
  return rateLimit({
    ...limits,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: rateLimitStore(ctx, name),
    keyGenerator: clientKey,
    handler: rateLimited(message),
    validate: { unsharedStore: false },
  });
}

/**
 * For a limiter that must never turn a request away for want of its counter (public intake: a
 * report about a child is taken into PostgreSQL whether or not Redis is there): skip it while
 * Redis is unreachable.
 */
export function redisUnavailable(ctx: Context): () => boolean {
  return () => ctx.redis.status !== 'ready';
}

/** The 429 in the usual error envelope. */
function rateLimited(message: string): RequestHandler {
  return (_req, res) => {
    res.status(429).json(new AppError('RATE_LIMITED', { message }).toEnvelope());
  };
}

/**
 * Whom a limiter counts: the client's address (IPv6 by its /56, as express-rate-limit advises).
 * A request whose connection has already gone has no address (`req.ip` undefined); the default
 * key then crashed express-rate-limit's `RateLimit` header (a `500` "unhandled error", found by
 * `npm run chaos` when HAProxy's connection was reset during a PostgreSQL outage). Its answer goes
 * nowhere; it is counted under one shared key.
 */
export function clientKey(req: Request): string {
  return req.ip ? ipKeyGenerator(req.ip) : 'no-address';
}
