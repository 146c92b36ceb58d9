import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { inject } from 'vitest';
import { outbox, reports } from '../db/schema.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { answerWithin, eventually } from '../../test/http.js';
import { buildReport } from '../../test/factories.js';
import { TEST_DB_KIND } from '../../test/db.js';
import { captureLogs } from '../../test/logs.js';
import { cuttableRelay } from '../../test/relay.js';

describe(`Redis unreachable (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let relay: Awaited<ReturnType<typeof cuttableRelay>>;
  const logs = captureLogs();

  beforeAll(async () => {
    relay = await cuttableRelay(inject('redisUrl'));
    // The API role (intake, sign-in, the outbox relay); workers are another process.
    server = await startTestServer({
      redisUrl: relay.url,
      env: { HUTONG_ROLE: 'api' },
      log: logs.log,
    });
  });
  afterAll(async () => {
    await relay.restore().catch(() => undefined);
    await server.stop();
  });

  it('keeps taking reports, answers sign-ins with a retryable 503, and queues them once Redis is back', async () => {
    const said = (msg: string, client: string) =>
      logs.lines().filter((l) => l.msg === msg && l.client === client).length;
    await relay.cut();
    await eventually(() => server.hutong.ctx.redis.status !== 'ready');
    // Until a reconnect has been refused, Redis has not been missed yet: on a quick machine the
    // whole test ran between ioredis's first retries, and no client ever saw the outage.
    await eventually(() =>
      ['main', 'realtime'].every((client) => said('redis connection lost; retrying', client) > 0),
    );

    const report = await answerWithin(
      server.url,
      '/api/reports',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(buildReport()),
      },
      5000,
    );
    // Before the fix: no answer at all while Redis was gone (the intake rate limiter waited).
    expect(report.status).toBe(201);
    const id = report.body.id as string;
    const stored = async () =>
      (await server.database.db.select().from(reports).where(eq(reports.id, id)))[0];
    expect(await stored()).toMatchObject({ id, triagedAt: null });

    // The status lookup's limiter too: a clear 503, not a wait.
    const lookup = await answerWithin(
      server.url,
      '/api/reports/status?reference=x&code=y',
      {},
      5000,
    );
    expect(lookup.status).toBe(503);

    // Not ready (a balancer then prefers the other nodes), yet alive; answered, not left waiting.
    expect((await answerWithin(server.url, '/readyz', {}, 5000)).status).toBe(503);
    expect((await answerWithin(server.url, '/healthz', {}, 5000)).status).toBe(200);

    // Sign-in is rate limited per address: without its counter it refuses, clearly and briefly.
    const signIn = await answerWithin(
      server.url,
      '/api/auth/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'operator', password: 'wrong-password' }),
      },
      5000,
    );
    expect(signIn.status).toBe(503);
    expect(signIn.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(signIn.headers.get('retry-after')).toMatch(/^\d+$/);

    await relay.restore();
    // Queued meanwhile, flowing once Redis is back: the triage job is handed to BullMQ.
    const jobId = `triage-${id}`;
    const published = async () =>
      (await server.database.db.select().from(outbox).where(eq(outbox.topic, 'job'))).find(
        (row) => row.payload.jobId === jobId,
      )?.publishedAt;
    await eventually(published, 30_000);
    const intake = server.hutong.queues.byName.intake;
    const job = await eventually(() => intake.getJob(jobId), 30_000);
    expect(job.data).toEqual({ reportId: id });

    // The outage is in the structured log once per connection (not once per retry, and not as
    // ioredis's "Unhandled error event" on stderr), and so is the recovery.
    for (const client of ['main', 'realtime']) {
      expect(said('redis connection lost; retrying', client)).toBe(1);
      await eventually(() => said('redis connection back', client) === 1);
    }
  });
});
