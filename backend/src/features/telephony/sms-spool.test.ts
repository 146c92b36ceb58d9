import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eq } from 'drizzle-orm';
import { TWILIO_PATHS } from '@hutong/ivr';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { reports, smsConversations, smsMessages } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { createCuttableTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually } from '../../../test/http.js';
import { captureLogs } from '../../../test/logs.js';
import { postSignedTwilio } from '../../../test/twilio.js';

const AUTH_TOKEN = 'sms-spool-token';
const FROM = '+8613811112222';
/** Planted in the child's message: it may be in PostgreSQL (sealed) and nowhere else. */
const MARKER = '标记短信：继父每晚打我';

/**
 * Twilio never retries a failed SMS webhook: a child's message that arrives while PostgreSQL is
 * unreachable must be kept (sealed, in Redis) and stored once the database is back, and the
 * dialogue's reply with the reference then goes out by SMS (issue 14).
 */
describe(`an SMS while the database is unreachable (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let cuttable: Awaited<ReturnType<typeof createCuttableTestDatabase>>;
  let sim: TwilioSimulator;
  const dataKey = randomBytes(32).toString('base64');
  const env = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, HUTONG_DATA_KEY: dataKey };
  const logs = captureLogs();
  const stopped: TestServer[] = [];

  beforeAll(async () => {
    cuttable = await createCuttableTestDatabase();
    server = await startTestServer({ database: cuttable.database, env, log: logs.log });
    sim = await attachSimulator(server, { authToken: AUTH_TOKEN, timeScale: 0.001 });
  });
  afterAll(async () => {
    await cuttable.restore?.();
    await sim?.stop();
    await server?.stop();
    for (const s of stopped) await s.database.close().catch(() => undefined);
    await cuttable.database.close();
  });

  const postSigned = (path: string, params: Record<string, string>) =>
    postSignedTwilio(server.url, AUTH_TOKEN, path, params);

  async function redisDump(prefix: string): Promise<{ keys: string[]; text: string }> {
    const redis = new Redis(server.redisUrl);
    try {
      const keys = await redis.keys(`${prefix}-bull:telephony:*`);
      let text = keys.join('\n');
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') text += JSON.stringify(await redis.hgetall(key));
        if (type === 'list') text += JSON.stringify(await redis.lrange(key, 0, -1));
        if (type === 'zset') text += JSON.stringify(await redis.zrange(key, 0, -1));
      }
      return { keys, text };
    } finally {
      await redis.quit();
    }
  }

  it('answers "received, call 110", keeps the message sealed, and stores it once when back', async () => {
    await cuttable.cut();

    const sent = await sim.sendSms({ from: FROM, body: MARKER });
    expect(sent.webhookStatus).toBe(200);
    expect(sent.replies).toHaveLength(1);
    expect(sent.replies[0]!.body).toContain('110');
    const sid = sent.message.sid;

    // Twilio's own retry of the same message (same MessageSid) adds nothing.
    const again = await postSigned(TWILIO_PATHS.sms, {
      MessageSid: sid,
      From: FROM,
      To: sim.hotlineNumber,
      Body: MARKER,
      AccountSid: `AC${'0'.repeat(32)}`,
    });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('110');

    // A delivery status while the database is away is kept too, not refused.
    const status = await postSigned(TWILIO_PATHS.smsStatus, {
      MessageSid: `SM${'5'.repeat(32)}`,
      MessageStatus: 'delivered',
      AccountSid: `AC${'0'.repeat(32)}`,
    });
    expect(status.status).toBe(204);

    const { keys, text } = await redisDump(server.prefix);
    expect(keys.filter((k) => k.endsWith(`:sms-in-${sid}`))).toHaveLength(1);
    expect(keys.some((k) => k.includes(`sms-status-SM${'5'.repeat(32)}-delivered`))).toBe(true);
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(FROM.slice(1));
    expect(logs.lines().some((l) => l.msg === 'sms kept until the database is back')).toBe(true);

    let live = server;
    if (cuttable.restore) {
      await cuttable.restore();
    } else {
      // PGlite cannot come back once closed: the same queues (Redis prefix) and data key are
      // taken over by a restarted Hutong on a database that is there.
      await server.stop({ keepDatabase: true });
      stopped.push(server);
      live = await startTestServer({ env, prefix: server.prefix, log: logs.log });
      server = live;
      live.hutong.ctx.telephony.useSimulator({ apiBase: sim.url, accountSid: sim.accountSid });
    }

    const stored = await eventually(async () => {
      const rows = await live.database.db
        .select()
        .from(smsMessages)
        .where(eq(smsMessages.messageSid, sid));
      return rows.length > 0 && rows;
    }, 30_000);
    expect(stored).toHaveLength(1);
    const [conversation] = await live.database.db
      .select()
      .from(smsConversations)
      .where(eq(smsConversations.id, stored[0]!.conversationId));
    const [report] = await live.database.db
      .select()
      .from(reports)
      .where(eq(reports.id, conversation!.reportId));
    expect(report?.channel).toBe('sms');

    // The dialogue's first reply (reference, lookup code, "is a child in danger now?") by SMS.
    const reply = await eventually(
      () =>
        sim.outboundMessages.find(
          (m) =>
            m.to === FROM && m.body.includes(report!.reference) && m.direction !== 'outbound-reply',
        ),
      30_000,
    );
    expect(reply.body).toContain('孩子现在有危险吗');
    expect(sim.outboundMessages.filter((m) => m.body.includes(report!.reference))).toHaveLength(1);

    expect(logs.text()).not.toContain(MARKER);
    expect(logs.text()).not.toContain(FROM.slice(1));
  });
});
