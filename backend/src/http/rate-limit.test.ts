import type { AddressInfo } from 'node:net';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { describe, expect, it } from 'vitest';
import { clientKey } from './rate-limit.js';

/** A limiter as the routes configure theirs (draft-8 headers), in front of a plain answer. */
async function serve(hideAddress: boolean) {
  const app = express();
  // What a request looks like once its connection has been reset: no address to read.
  if (hideAddress) {
    app.use((req, _res, next) => {
      Object.defineProperty(req, 'ip', { value: undefined });
      next();
    });
  }
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: 2,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: clientKey,
    }),
  );
  app.post('/x', (_req, res) => res.status(201).json({ ok: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the rate limiters’ client key', () => {
  it('counts a request whose connection has gone (no address) instead of crashing on it', async () => {
    const { url, close } = await serve(true);
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push((await fetch(url, { method: 'POST' })).status);
      expect(answers).toEqual([201, 201, 429]);
    } finally {
      await close();
    }
  });

  it('counts each address by itself, IPv6 by its /56', () => {
    const req = (ip: string) => ({ ip }) as Parameters<typeof clientKey>[0];
    expect(clientKey(req('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientKey(req('2001:db8:1:2::1'))).toBe(clientKey(req('2001:db8:1:2:ffff::9')));
    expect(clientKey(req('203.0.113.7'))).not.toBe(clientKey(req('203.0.113.8')));
  });
});
