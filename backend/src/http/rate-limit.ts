import type { RequestHandler } from 'express';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { AppError } from '@hutong/shared';
import type { Context } from '../context.js';

/** Rate-limit counters live in Redis, so every API node counts the same client together. */
export function rateLimitStore(ctx: Context, name: string): RedisStore {
  return new RedisStore({
    prefix: `${ctx.config.redisPrefix}:rl:${name}:`,
    sendCommand: (command: string, ...args: string[]) =>
      ctx.redis.call(command, ...args) as Promise<RedisReply>,
  });
}

/** The 429 in the usual error envelope. */
export function rateLimited(message: string): RequestHandler {
  return (_req, res) => {
    res.status(429).json(new AppError('RATE_LIMITED', { message }).toEnvelope());
  };
}
