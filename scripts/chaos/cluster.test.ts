import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROXY_RETRY_AFTER_S, startHaproxy, type LoggedProcess } from './cluster.mjs';

/** A port nothing listens on: an API process that has been killed. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the chaos cluster's HAProxy (the distribution's)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-haproxy-'));
  let proc: LoggedProcess | undefined;
  afterAll(async () => {
    await proc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a report with a retryable 503 in the error envelope when no API process is up', async () => {
    const proxy = await startHaproxy({
      dir,
      logsDir: dir,
      apiPorts: [await deadPort(), await deadPort()],
    });
    proc = proxy.proc;
    const res = await fetch(`${proxy.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(PROXY_RETRY_AFTER_S));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        status: 503,
        message: expect.any(String),
        data: { retryAfterSeconds: PROXY_RETRY_AFTER_S },
      },
    });
  });
});
