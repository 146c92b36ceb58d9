import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, startTestServer, type TestServer } from '../../test/server.js';
import { eventually, request } from '../../test/http.js';
import { buildReport } from '../../test/factories.js';
import { connectSocket, connected } from '../../test/socket.js';
import { TEST_DB_KIND } from '../../test/db.js';
import { surfaceOf } from './metrics.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe(`Prometheus metrics (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let internalPort: number;

  beforeAll(async () => {
    internalPort = await freePort();
    server = await startTestServer({
      env: { HUTONG_METRICS_TOKEN: TOKEN, HUTONG_METRICS_PORT: String(internalPort) },
    });
  });
  afterAll(() => server?.stop());

  const scrape = async (token?: string) => {
    const res = await fetch(`${server.url}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('is served only to the bearer of the token on the API port', async () => {
    expect((await scrape()).status).toBe(404);
    expect((await scrape('not-the-token-at-all-000000')).status).toBe(404);
    const ok = await scrape(TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain/);
    expect(ok.text).toContain('hutong_process_resident_memory_bytes');
  });

  it('shows queue depths, the outbox, sockets and the time from report to console', async () => {
    const marker = `METRIC-MARKER-${Date.now()}`;
    const socket = connectSocket(server.url, await server.login('operator'));
    await connected(socket);
    const res = await request(server.url, '/api/reports', {
      body: buildReport({ narrative: `${marker} 孩子受伤`, children: [{ age: 7 }] }),
    });
    expect(res.status).toBe(201);
    const { reference } = res.body as { reference: string };
    await eventually(() => socket.received.find((e) => e.case.reference === reference));

    const { text } = await scrape(TOKEN);
    expect(sample(text, 'hutong_sockets')).toBe(1);
    expect(sample(text, 'hutong_report_to_console_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hutong_queue_jobs{queue="intake",state="wait"}')).toBeGreaterThanOrEqual(
      0,
    );
    expect(sample(text, 'hutong_queue_oldest_waiting_seconds{queue="sla"}')).toBeGreaterThanOrEqual(
      0,
    );
    expect(sample(text, 'hutong_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'hutong_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
    expect(
      sample(
        text,
        'hutong_http_request_duration_seconds_count{surface="api",method="POST",status="2xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    // Nothing a person typed, and no path with an id, becomes a label.
    expect(text).not.toContain(marker);
    expect(text).not.toContain(reference);
    expect(text).not.toContain('/api/reports');
    socket.disconnect();
  });

  it('is also served, without a token, on the internal port', async () => {
    const res = await fetch(`http://127.0.0.1:${internalPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('hutong_queue_jobs');
    expect((await fetch(`http://127.0.0.1:${internalPort}/`)).status).toBe(404);
  });

  it('labels requests by surface, never by path', () => {
    expect(surfaceOf('/twilio/voice/incoming')).toBe('twilio');
    expect(surfaceOf('/api/cases/0b6f/claim')).toBe('api');
    expect(surfaceOf('/socket.io/')).toBe('realtime');
    expect(surfaceOf('/cases/0b6f')).toBe('console');
  });
});

describe(`readiness apart from liveness (${TEST_DB_KIND})`, () => {
  it('is not ready while the database is gone, yet still alive', async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await server.database.close();
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ok: false });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      // The database is closed (and dropped) already; the Redis keys go as after any test.
      await server.stop({ keepDatabase: true });
      await deleteKeys(server.redisUrl, server.prefix);
    }
  });
});
