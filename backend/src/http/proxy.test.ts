import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/server.js';
import { request } from '../../test/http.js';
import { TEST_DB_KIND } from '../../test/db.js';
import { captureLogs } from '../../test/logs.js';

/** A junk report (400, but counted by the public form's limit) from a client `from` claims. */
const junk = (server: TestServer, from: string) =>
  request(server.url, '/api/reports', { body: {}, headers: { 'x-forwarded-for': from } });

describe(`client addresses behind proxies (${TEST_DB_KIND})`, () => {
  describe('with no trusted proxies (the default)', () => {
    let server: TestServer;
    const logs = captureLogs();
    beforeAll(async () => {
      server = await startTestServer({
        env: { HUTONG_INTAKE_RATE_LIMIT: '3' },
        log: logs.log,
      });
    });
    afterAll(() => server.stop());

    it('does not let a rotating X-Forwarded-For escape the public form limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await junk(server, `198.51.100.${i}`)).status);
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    });

    it('warns once, not per request, that forwarded headers from an untrusted peer are ignored', () => {
      const warnings = logs.lines().filter((l) => l.level === 40 && /trusted proxy/.test(l.msg));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toMatch(/HUTONG_TRUSTED_PROXIES/);
      expect(warnings[0]!.peer).toMatch(/127\.0\.0\.1/);
    });
  });

  describe('with the proxy trusted', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({
        env: { HUTONG_INTAKE_RATE_LIMIT: '3', HUTONG_TRUSTED_PROXIES: '127.0.0.1' },
      });
    });
    afterAll(() => server.stop());

    it('gives two clients behind it separate buckets', async () => {
      const first: number[] = [];
      for (let i = 0; i < 4; i++) first.push((await junk(server, '198.51.100.1')).status);
      expect(first).toEqual([400, 400, 400, 429]);
      expect((await junk(server, '198.51.100.2')).status).toBe(400);
    });
  });
});
