import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createCuttableTestDatabase, TEST_DB_KIND } from '../../test/db.js';
import { buildReport } from '../../test/factories.js';
import { captureLogs } from '../../test/logs.js';
import { startTestServer } from '../../test/server.js';
import { answerWithin } from '../../test/http.js';
import { postSignedTwilio } from '../../test/twilio.js';
import { TWILIO_PATHS } from '@hutong/ivr';
import { DEFAULT_QUERY_TIMEOUT_MS, openDatabase, type Database } from './client.js';
import { isDatabaseUnavailable } from './errors.js';

const AUTH_TOKEN = 'silent-outage-token';
const DUTY_PHONE = '+8613900000078';

const poolOf = (database: Database) => (database.db as unknown as { $client: pg.Pool }).$client;
const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (err: unknown) => err,
  );

/**
 * A PostgreSQL server that goes silent — packets dropped, so nothing is refused or reset — held
 * every statement (and, one by one, the whole pool) until TCP gave up, about 15 minutes. Now a
 * statement unanswered past DATABASE_QUERY_TIMEOUT_MS fails as "database unavailable" and its
 * connection is discarded. On the server the relay in front of it swallows every byte
 * (`stall()`); PGlite runs in-process and cannot go silent, so there only the pool's settings
 * are checked.
 */
describe(`a silent PostgreSQL outage (${TEST_DB_KIND})`, () => {
  it('fails statements and transactions as unavailable after the timeout, keeps the pool whole, and serves again after', async () => {
    const { database, stall, restore } = await createCuttableTestDatabase({
      queryTimeoutMs: 1000,
      connectTimeoutMs: 1000,
    });
    try {
      if (!stall || !restore) {
        // PGlite: the server's pool is given the timeout (0: none), its default one minute.
        const url = 'postgres://nobody@127.0.0.1:9/none';
        for (const [queryTimeoutMs, expected] of [
          [undefined, DEFAULT_QUERY_TIMEOUT_MS],
          [2500, 2500],
          [0, undefined],
        ] as const) {
          const server = await openDatabase({ url, queryTimeoutMs });
          expect(poolOf(server).options.query_timeout).toBe(expected);
          await server.close();
        }
        expect(DEFAULT_QUERY_TIMEOUT_MS).toBe(60_000);
        return;
      }
      const pool = poolOf(database);
      await database.db.execute(sql`select 1`);
      expect(pool.idleCount).toBe(1); // a live connection, about to go silent

      stall();
      const plain = await failureOf(database.db.execute(sql`select 1`));
      expect(isDatabaseUnavailable(plain), String(plain)).toBe(true);
      const inTransaction = await failureOf(
        database.db.transaction(async (tx) => tx.execute(sql`select 1`)),
      );
      expect(isDatabaseUnavailable(inTransaction), String(inTransaction)).toBe(true);
      // Nothing is left checked out, and no connection that lost an answer is kept.
      expect(pool.totalCount - pool.idleCount).toBe(0);

      await restore();
      const again = await database.db.transaction(async (tx) => {
        const result: unknown = await tx.execute(sql`select 2 as n`);
        return (result as { rows: { n: number }[] }).rows[0]?.n;
      });
      expect(again).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('answers a report 503 with Retry-After while the server is silent, and takes it once it answers', async () => {
    const cuttable = await createCuttableTestDatabase({
      queryTimeoutMs: 2000,
      connectTimeoutMs: 2000,
    });
    const logs = captureLogs();
    const server = await startTestServer({
      database: cuttable.database,
      env: { HUTONG_ROLE: 'api' },
      log: logs.log,
    });
    try {
      const marker = `静默${crypto.randomUUID().slice(0, 6)}`;
      const post = () =>
        answerWithin(
          server.url,
          '/api/reports',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
            body: JSON.stringify(buildReport({ narrative: `${marker} alone at night` })),
          },
          20_000,
        );
      if (!cuttable.stall || !cuttable.restore) {
        // PGlite: the same request answers at once (it has no network to lose).
        expect((await post()).status).toBe(201);
        return;
      }
      // The request is alone on the pool, on the connection the start left idle: the relay's
      // poll would take it first (and the request a new connection, which times out anyway).
      await server.hutong.relay.stop();
      cuttable.stall();
      // Without the timeout this request had no answer for minutes (status 0 here).
      const during = await post();
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe('5');
      expect(during.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect((await answerWithin(server.url, '/readyz', {}, 20_000)).status).toBe(503);

      await cuttable.restore();
      const after = await post();
      expect(after.status).toBe(201);
      expect(logs.lines().some((l) => l.msg === 'database unavailable')).toBe(true);
      expect(logs.lines().filter((l) => l.msg === 'unhandled error')).toEqual([]);
      expect(logs.text()).not.toContain(marker);
    } finally {
      await server.stop({ keepDatabase: true });
      await cuttable.database.close();
    }
  });

  it("puts a call through to the duty phone within Twilio's 15 s while the server is silent, with the query timeout longer than that", async () => {
    const cuttable = await createCuttableTestDatabase({ connectTimeoutMs: 2000 });
    const logs = captureLogs();
    const server = await startTestServer({
      database: cuttable.database,
      env: { HUTONG_ROLE: 'api', TWILIO_AUTH_TOKEN: AUTH_TOKEN, HUTONG_DUTY_PHONE: DUTY_PHONE },
      log: logs.log,
    });
    try {
      const call = (sid: string) => ({
        CallSid: sid,
        From: '+8613800000043',
        To: '+8610012355',
        AccountSid: `AC${'7'.repeat(32)}`,
        CallStatus: 'ringing',
        Direction: 'inbound',
      });
      const ring = (sid: string) =>
        postSignedTwilio(server.url, AUTH_TOKEN, TWILIO_PATHS.voice, call(sid), {
          signal: AbortSignal.timeout(15_000),
        }).then(
          async (res) => ({ status: res.status, text: await res.text() }),
          () => ({ status: 0, text: '' }),
        );
      if (!cuttable.stall || !cuttable.restore) {
        // PGlite: answered with the language menu (nothing to go silent).
        expect((await ring(`CA${'5'.repeat(32)}`)).text).toContain('<Gather');
        return;
      }
      await server.hutong.relay.stop();
      cuttable.stall();
      // The statement waits a minute (the default query timeout); Twilio would have hung up
      // after 15 s. Answered at the deadline: put through to the duty phone.
      const during = await ring(`CA${'6'.repeat(32)}`);
      expect(during.status).toBe(200);
      expect(during.text).toContain(`<Number>${DUTY_PHONE}</Number>`);
      expect(
        logs
          .lines()
          .some((l) => String(l.msg).startsWith('voice webhook answered at its deadline')),
      ).toBe(true);
      expect(logs.text()).not.toContain('8613800000043');
      await cuttable.restore();
    } finally {
      await server.stop({ keepDatabase: true });
      await cuttable.database.close();
    }
  });
});
