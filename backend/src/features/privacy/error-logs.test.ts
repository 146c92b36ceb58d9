import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { captureLogs } from '../../../test/logs.js';

/** Planted in the report; the database quotes them back in its errors (message, detail, params). */
const MARKERS = {
  childName: '日志标记孩子令狐',
  school: '日志标记学校',
  address: '日志标记路八十八号',
  narrative: '日志标记叙述：不可外泄',
  reporterPhone: '13912345678',
};

const markedReport = () =>
  buildReport({
    reporter: { type: 'person', name: '报告人', phone: MARKERS.reporterPhone },
    children: [{ name: MARKERS.childName, age: 8, school: MARKERS.school }],
    location: { regionCode: '440106001001', address: MARKERS.address },
    narrative: MARKERS.narrative,
  });

/**
 * A trigger that refuses a write to `reports` the way a real constraint does, quoting the whole
 * row in its message and DETAIL (as PostgreSQL's own unique and check violations quote values).
 */
const refuseReports = (timing: 'INSERT' | 'UPDATE') => [
  sql.raw(`CREATE OR REPLACE FUNCTION test_refuse_report() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'refused row %', row_to_json(NEW)::text
        USING ERRCODE = 'check_violation', DETAIL = 'row: ' || row_to_json(NEW)::text,
              CONSTRAINT = 'test_refuse_report', TABLE = 'reports';
    END $$ LANGUAGE plpgsql`),
  sql.raw('DROP TRIGGER IF EXISTS test_refuse_report ON reports'),
  sql.raw(
    `CREATE TRIGGER test_refuse_report BEFORE ${timing} ON reports FOR EACH ROW EXECUTE FUNCTION test_refuse_report()`,
  ),
];

describe(`no personal data in logged database errors (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  const logs = captureLogs();

  beforeAll(async () => {
    // No redaction of our own: the logger the system wraps must be made safe by the system.
    server = await startTestServer({ log: logs.log });
  });
  afterAll(async () => {
    await server.stop();
  });

  const expectClean = (what: string, text: string) => {
    for (const [field, value] of Object.entries(MARKERS)) {
      expect(text.includes(value), `${field} found in ${what}`).toBe(false);
    }
  };

  const logLines = logs.lines;

  it('logs a failed intake insert with its class, SQLSTATE, constraint and errorId only', async () => {
    for (const statement of refuseReports('INSERT')) await server.database.db.execute(statement);
    try {
      const res = await request(server.url, '/api/reports', { body: markedReport() });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
      const errorId = res.body.error.data.errorId as string;
      expectClean('the response', JSON.stringify(res.body));

      const line = logLines().find((l) => l.errorId === errorId);
      expect(line, 'the unhandled error is logged under its errorId').toBeDefined();
      const text = JSON.stringify(line);
      // The driver's error is kept as the cause chain, reduced to what names the failure.
      expect(text).toContain('23514');
      expect(text).toContain('test_refuse_report');
      expect(text).not.toContain('Failed query');
      expect(text).not.toMatch(/insert into/i);
      expectClean('the log', logs.text());
    } finally {
      await server.database.db.execute(sql.raw('DROP TRIGGER test_refuse_report ON reports'));
    }
  });

  it('logs a failing triage job without the row, and leaves no values in its Redis record', async () => {
    for (const statement of refuseReports('UPDATE')) await server.database.db.execute(statement);
    try {
      const res = await request(server.url, '/api/reports', { body: markedReport() });
      expect(res.status).toBe(201);
      const failed = await eventually(() =>
        logLines().find((l) => l.msg === 'job failed' && l.jobName === 'intake.triageReport'),
      );
      expect(JSON.stringify(failed)).toContain('23514');
      expectClean('the log', logs.text());

      // BullMQ keeps a failed attempt's message and stack (failedReason) in the job's hash.
      const redis = new Redis(server.redisUrl);
      try {
        const keys = await redis.keys(`${server.prefix}-bull:intake:*`);
        let dump = '';
        for (const key of keys) {
          if ((await redis.type(key)) === 'hash') dump += JSON.stringify(await redis.hgetall(key));
        }
        expect(dump).toContain('failedReason');
        expectClean('Redis', dump);
      } finally {
        await redis.quit();
      }
    } finally {
      await server.database.db.execute(sql.raw('DROP TRIGGER test_refuse_report ON reports'));
    }
  });
});
