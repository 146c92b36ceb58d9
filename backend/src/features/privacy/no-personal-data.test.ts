import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { outbox, reports } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { captureLogs } from '../../../test/logs.js';

/** Personal data no log line, job, outbox row or broadcast may carry. */
const SECRETS = {
  reporterName: '保密报告人欧阳',
  reporterPhone: '13987654321',
  orgName: '保密机构幼儿园',
  childName: '保密孩子司马',
  school: '保密学校实验',
  address: '保密路九十九号',
  narrative: '保密叙述：独特的句子',
};

describe(`no personal data outside the record (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let socket: TestSocket;
  const logs = captureLogs();

  beforeAll(async () => {
    // The most verbose level, and none of the production redaction: nothing may be there to hide.
    // Triage through BullMQ (not in the accepting process): its jobs are in Redis to be scanned.
    server = await startTestServer({ log: logs.log, env: { HUTONG_TRIAGE_IN_PROCESS: 'false' } });
    socket = connectSocket(server.url, await server.login('operator'));
    await connected(socket);
    for (const reporter of [
      { type: 'person' as const, name: SECRETS.reporterName, phone: SECRETS.reporterPhone },
      {
        type: 'organisation' as const,
        orgName: SECRETS.orgName,
        name: SECRETS.reporterName,
        phone: `+86 ${SECRETS.reporterPhone}`,
      },
    ]) {
      const res = await request(server.url, '/api/reports', {
        body: buildReport({
          reporter,
          children: [{ name: SECRETS.childName, age: 7, school: SECRETS.school }],
          location: { regionCode: '440106001001', address: SECRETS.address },
          narrative: SECRETS.narrative,
        }),
      });
      expect(res.status).toBe(201);
    }
    await eventually(() => socket.received.filter((e) => e.event.type === 'case_opened').length);
    await eventually(async () =>
      (await server.database.db.select().from(reports)).every((r) => r.caseId),
    );
  });
  afterAll(async () => {
    socket.disconnect();
    await server.stop();
  });

  const expectClean = (what: string, text: string) => {
    for (const [field, value] of Object.entries(SECRETS)) {
      expect(text.includes(value), `${field} found in ${what}`).toBe(false);
    }
  };

  it('keeps it out of the log', () => {
    expect(logs.text().length).toBeGreaterThan(0);
    expectClean('the log', logs.text());
  });

  it('keeps it out of every Redis key: jobs, queues and the Socket.IO stream', async () => {
    const redis = new Redis(server.redisUrl);
    let dump = '';
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${server.prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') dump += JSON.stringify(await redis.hgetall(key));
        else if (type === 'string') dump += (await redis.get(key)) ?? '';
        else if (type === 'list') dump += JSON.stringify(await redis.lrange(key, 0, -1));
        else if (type === 'zset') dump += JSON.stringify(await redis.zrange(key, 0, -1));
        else if (type === 'set') dump += JSON.stringify(await redis.smembers(key));
        else if (type === 'stream') dump += JSON.stringify(await redis.xrange(key, '-', '+'));
      }
    } while (cursor !== '0');
    await redis.quit();
    expect(dump).toContain('intake.triageReport');
    expectClean('Redis', dump);
  });

  it('keeps it out of the outbox', async () => {
    const rows = await server.database.db.select().from(outbox);
    expect(rows.length).toBeGreaterThan(0);
    expectClean('the outbox', JSON.stringify(rows));
  });

  it('keeps it out of case broadcasts to the operators room', () => {
    expect(socket.received.length).toBeGreaterThan(0);
    expectClean('case broadcasts', JSON.stringify(socket.received));
  });

  it('stores the reporter identity only encrypted, with a keyed phone hash', async () => {
    const rows = await server.database.db.select().from(reports);
    const reporterColumns = JSON.stringify(rows.map((r) => r.reporter));
    for (const value of [SECRETS.reporterName, SECRETS.reporterPhone, SECRETS.orgName]) {
      expect(reporterColumns).not.toContain(value);
    }
    const hashes = new Set(rows.map((r) => r.reporterPhoneHash));
    expect(hashes.size).toBe(1); // "+86 139…" and "139…" are one number
    expect([...hashes][0]).not.toContain(SECRETS.reporterPhone);
  });
});
