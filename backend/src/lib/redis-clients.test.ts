import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { handleResubscribeRejections } from './redis-clients.js';

/**
 * A TCP relay in front of the test's Redis that can cut every connection and, while `mute` is
 * on, swallow Redis's answers to SUBSCRIBE (the client's re-subscription after a reconnect is
 * then still waiting when the client is closed).
 */
async function mutingRelay(target: string) {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  const state = { mute: false };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (state.mute && chunk.toString('latin1').includes('subscribe')) return;
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`,
    state,
    cutAll() {
      for (const s of open) s.destroy();
      open.clear();
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('Redis clients', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('handles the rejection of a re-subscription cut short, on clients duplicated for subscribing', async () => {
    process.on('unhandledRejection', onUnhandled);
    const relay = await mutingRelay(inject('redisUrl'));
    const base = handleResubscribeRejections(new Redis(relay.url, { maxRetriesPerRequest: null }));
    // What the Socket.IO adapter does: a duplicate that subscribes, with errors ignored.
    const sub = base.duplicate();
    sub.on('error', () => undefined);
    base.on('error', () => undefined);
    await sub.subscribe('hutong-test-channel');

    relay.state.mute = true;
    const again = new Promise((resolve) => sub.once('ready', resolve));
    relay.cutAll();
    // ioredis reconnects, passes its ready check, re-subscribes, and waits for an answer that
    // never comes; then the client is closed (a stop, or Redis going again).
    await again;
    await new Promise((resolve) => setTimeout(resolve, 100));
    sub.disconnect();
    base.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await relay.close();

    expect(unhandled.map(String)).toEqual([]);
  });
});
