import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTwilioClient } from '@hutong/ivr';
import {
  PROXY_RETRY_AFTER_S,
  fakeTwilioRest,
  startHaproxy,
  type LoggedProcess,
} from './cluster.mjs';

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

describe("the chaos cluster's stand-in for Twilio's REST API", () => {
  it("lists the SMS sent as twilio-node reads Twilio's Messages list (failure 21)", async () => {
    const accountSid = `AC${'0'.repeat(32)}`;
    const fake = await fakeTwilioRest({ sign: () => 'unused', accountSid });
    const client = createTwilioClient({ accountSid, authToken: 'token', apiBase: fake.url });
    const from = '+8610000000';
    const before = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
    const first = await client.messages.create({ to: '+8613800000001', from, body: '转介 1' });
    await client.messages.create({ to: '+8613800000002', from, body: '转介 2' });
    const again = await client.messages.create({ to: '+8613800000001', from, body: '转介 1' });

    const listed = await client.messages.list({
      to: '+8613800000001',
      from,
      dateSentAfter: before,
    });
    // Newest first, as Twilio lists them; what dispatch.jobs.ts's listSentSms reads of each.
    expect(listed.map((m) => m.sid)).toEqual([again.sid, first.sid]);
    expect(listed.every((m) => m.direction === 'outbound-api' && m.body === '转介 1')).toBe(true);
    expect(listed.every((m) => m.dateCreated instanceof Date && m.dateCreated >= before)).toBe(
      true,
    );

    const later = new Date(Date.now() + 60_000);
    expect(
      await client.messages.list({ to: '+8613800000001', from, dateSentAfter: later }),
    ).toEqual([]);
    // Asking is not sending: only the three POSTs are recorded as sent.
    expect(fake.sent.map((s) => s.sid)).toEqual([first.sid, expect.any(String), again.sid]);
  });
});
