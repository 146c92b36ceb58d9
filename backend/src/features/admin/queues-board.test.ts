import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@hutong/shared';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`the queue dashboard at /admin/queues (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    // Triage through BullMQ (not in the accepting process), so that its jobs are on the board.
    server = await startTestServer({ env: { HUTONG_TRIAGE_IN_PROCESS: 'false' } });
    admin = await server.login('admin');
    operator = await server.login('operator');
  });
  afterAll(async () => {
    await server.stop();
  });

  const get = (path: string, cookie?: string) =>
    fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });

  it('is for administrators: anonymous 401, an operator 403, an admin 200', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const anonymous = await get(path);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as any).error.code).toBe('UNAUTHENTICATED');
      const asOperator = await get(path, operator);
      expect(asOperator.status).toBe(403);
      expect(((await asOperator.json()) as any).error.code).toBe('FORBIDDEN');
    }
    const page = await get('/admin/queues', admin);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/<base href="\/admin\/queues\/?"/);
    // Its script is served from under the same path, behind the same check.
    const script = /src="(static\/js\/main[^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await get(`/admin/queues/${script}`, admin)).status).toBe(200);
    expect((await get(`/admin/queues/${script}`)).status).toBe(401);
  });

  it('lists every BullMQ queue of the registry, read-only', async () => {
    const res = await get('/admin/queues/api/queues?page=1&jobsPerPage=10', admin);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('refuses every write, even an admin’s', async () => {
    for (const path of [
      '/admin/queues/api/queues/pause',
      `/admin/queues/api/queues/${QueueName.intake}/clean/completed`,
      `/admin/queues/api/queues/${QueueName.intake}/retry/failed`,
    ]) {
      const res = await fetch(`${server.url}${path}`, {
        method: 'PUT',
        headers: { cookie: admin, origin: server.url },
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error.message).toMatch(/read-only/);
    }
    expect(await server.hutong.queues.byName.intake.isPaused()).toBe(false);
  });

  it('shows a job with its ids only: nothing personal from the report', async () => {
    const report = buildReport();
    const filed = await fetch(`${server.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    const job = await eventually(async () => {
      const res = await get(`/admin/queues/api/queues/${QueueName.intake}/triage-${id}`, admin);
      return res.status === 200 ? ((await res.json()) as any).job : undefined;
    }, 30_000);
    expect(job.data).toEqual({ reportId: id });
    const shown = JSON.stringify(job);
    for (const value of ['孩子身上多处淤青', '小明', '张老师', '+8613800000001', '五山路']) {
      expect(JSON.stringify(report)).toContain(value);
      expect(shown).not.toContain(value);
    }
  });
});
