import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { TWILIO_PATHS } from '@hutong/ivr';
import { calls } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { createCuttableTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { buildReport } from '../../../test/factories.js';
import { captureLogs } from '../../../test/logs.js';
import { postSignedTwilio } from '../../../test/twilio.js';

const AUTH_TOKEN = 'database-outage-token';
const DUTY_PHONE = '+8613900000077';

/**
 * PostgreSQL unreachable while calls and reports come in (found by `npm run chaos`, which
 * restarts and unplugs it): Twilio must still get TwiML that keeps the caller on the line or puts
 * them through to the duty phone, never an error (Twilio would say "an application error has
 * occurred" and hang up on a child); intake answers a retryable 503, never a 500 or a 201.
 */
describe(`the database unreachable (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let cuttable: Awaited<ReturnType<typeof createCuttableTestDatabase>>;
  const logs = captureLogs();

  beforeAll(async () => {
    cuttable = await createCuttableTestDatabase();
    server = await startTestServer({
      database: cuttable.database,
      env: {
        HUTONG_ROLE: 'api',
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        HUTONG_DUTY_PHONE: DUTY_PHONE,
      },
      log: logs.log,
    });
  });
  afterAll(async () => {
    await cuttable.restore?.();
    await server.stop();
    await cuttable.database.close();
  });

  const postSigned = (path: string, params: Record<string, string>) =>
    postSignedTwilio(server.url, AUTH_TOKEN, path, params);

  async function twiml(res: Response): Promise<string> {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const text = await res.text();
    expect(text).toMatch(/<Response>[\s\S]*<\/Response>/);
    return text;
  }

  const call = (sid: string) => ({
    CallSid: sid,
    From: '+8613800000042',
    To: '+8610012355',
    AccountSid: `AC${'7'.repeat(32)}`,
  });

  it('answers calls with TwiML and reports with a retryable 503 while PostgreSQL is gone', async () => {
    // Up: the caller hears the language menu and the call is recorded.
    const before = await twiml(await postSigned(TWILIO_PATHS.voice, call(`CA${'1'.repeat(32)}`)));
    expect(before).toContain('<Gather');
    expect(before).not.toContain(DUTY_PHONE);

    await cuttable.cut();

    // A new call cannot be recorded: put through to the duty phone, not hung up on.
    const incoming = await twiml(await postSigned(TWILIO_PATHS.voice, call(`CA${'2'.repeat(32)}`)));
    expect(incoming).toMatch(new RegExp(`<Dial[^>]*>\\s*<Number>\\${DUTY_PHONE}</Number>`));

    // A caller leaving the queue whose choice cannot be read: the duty phone too.
    const exit = await twiml(
      await postSigned(TWILIO_PATHS.voiceQueueExit, {
        ...call(`CA${'1'.repeat(32)}`),
        QueueResult: 'leave',
      }),
    );
    expect(exit).toContain(`<Number>${DUTY_PHONE}</Number>`);

    // A caller on hold stays on hold: only our note of the position is missed.
    const wait = await twiml(
      await postSigned(TWILIO_PATHS.voiceWait, {
        ...call(`CA${'1'.repeat(32)}`),
        QueuePosition: '2',
        QueueSid: `QU${'3'.repeat(32)}`,
      }),
    );
    expect(wait).not.toContain('<Dial');
    expect(wait).not.toContain('<Hangup');

    // A report cannot be committed: 503 with Retry-After, never 201 and never 500.
    const report = await fetch(`${server.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(buildReport()),
    });
    expect(report.status).toBe(503);
    expect(report.headers.get('retry-after')).toBe('5');
    expect(((await report.json()) as any).error.code).toBe('SERVICE_UNAVAILABLE');

    // Logged as the database being unavailable, with nothing of the caller's in the log.
    expect(logs.lines().some((l) => l.msg === 'database unavailable')).toBe(true);
    expect(
      logs.lines().some((l) => l.msg === 'voice webhook answered without its bookkeeping'),
    ).toBe(true);
    expect(logs.text()).not.toContain('8613800000042');
    expect(logs.lines().filter((l) => l.msg === 'unhandled error')).toEqual([]);

    if (!cuttable.restore) return; // PGlite, closed, cannot come back
    await cuttable.restore();
    const after = await twiml(await postSigned(TWILIO_PATHS.voice, call(`CA${'4'.repeat(32)}`)));
    expect(after).toContain('<Gather');
    const [row] = await server.database.db
      .select()
      .from(calls)
      .where(eq(calls.callSid, `CA${'4'.repeat(32)}`));
    expect(row).toBeDefined();
  });

  it('survives its connection being cut in the middle of a transaction (server)', async () => {
    // Before the fix a PostgreSQL restart ended every API process: a client checked out of the
    // pool, between two queries of a transaction, emitted an 'error' nobody listened to.
    if (!cuttable.restore) return; // PGlite has no connection to lose
    await cuttable.restore();
    let cutDone!: () => void;
    const cut = new Promise<void>((resolve) => (cutDone = resolve));
    const transaction = server.database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await cuttable.cut();
      cutDone();
      // The client sees its socket closed while checked out, with no query running.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.execute(sql`select 1`);
    });
    await cut;
    await expect(transaction).rejects.toThrow();
    await cuttable.restore();
    // The process is still here and the pool hands out working connections again.
    const after = await server.database.db.execute(sql`select 1 as one`);
    expect((after as { rows: unknown[] }).rows).toEqual([{ one: 1 }]);
  });
});
