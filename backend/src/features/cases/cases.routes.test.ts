import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { ZCaseDetail, ZCaseList, ZCaseSummary } from '@hutong/shared';
import { auditLog, reports } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`cases API (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let operator2: string;
  let supervisor: string;

  beforeAll(async () => {
    server = await startTestServer();
    operator = await server.login('operator');
    operator2 = await server.login('operator2');
    supervisor = await server.login('supervisor');
  });
  afterAll(() => server.stop());

  async function newCase(overrides: Parameters<typeof buildReport>[0] = {}): Promise<string> {
    const res = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ name: crypto.randomUUID(), age: 7 }], ...overrides }),
    });
    return eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(reports)
        .where(eq(reports.id, res.body.id));
      return row?.caseId ?? undefined;
    });
  }

  it('requires a session (401) and an operator role (403)', async () => {
    expect((await request(server.url, '/api/cases')).body.error.code).toBe('UNAUTHENTICATED');
    const centre = await server.login('centre');
    const res = await request(server.url, '/api/cases', { cookie: centre });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('lists open cases most urgent first, then oldest first', async () => {
    const p3 = await newCase({ categories: ['bullying'] });
    const p1 = await newCase({ immediateDanger: true });
    const p3later = await newCase({ categories: ['bullying'] });
    const res = await request(server.url, '/api/cases', { cookie: operator });
    expect(res.status).toBe(200);
    const list = ZCaseList.parse(res.body);
    const ids = list.cases.map((c) => c.id);
    expect(ids.indexOf(p1)).toBeLessThan(ids.indexOf(p3));
    expect(ids.indexOf(p3)).toBeLessThan(ids.indexOf(p3later));
    expect(list.seq).toBeGreaterThan(0);
    // The queue carries no personal data.
    expect(JSON.stringify(list)).not.toMatch(/张老师|13800000001|淤青/);
  });

  it('gives exactly one of two simultaneous claims, and both consoles see the winner', async () => {
    const sockets = [connectSocket(server.url, operator), connectSocket(server.url, operator2)];
    await Promise.all(sockets.map(connected));
    const caseId = await newCase();
    const [a, b] = await Promise.all([
      request(server.url, `/api/cases/${caseId}/claim`, { method: 'POST', cookie: operator }),
      request(server.url, `/api/cases/${caseId}/claim`, { method: 'POST', cookie: operator2 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error.code).toBe('CASE_ALREADY_CLAIMED');
    const summary = ZCaseSummary.parse(winner.body);
    expect(summary.status).toBe('triaging');
    expect(loser.body.error.data.assignee.id).toBe(summary.assignee!.id);
    for (const socket of sockets) {
      const seen = await eventually(() =>
        socket.received.find((e) => e.case.id === caseId && e.event.type === 'claimed'),
      );
      expect(seen.case.assignee?.id).toBe(summary.assignee!.id);
    }
    sockets.forEach((s) => s.disconnect());
  });

  it('lets the holder claim again (no-op) and release; refuses a release by another operator', async () => {
    const caseId = await newCase();
    const claimed = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claimed.status).toBe(200);
    const again = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(claimed.body.version);
    const stolen = await request(server.url, `/api/cases/${caseId}/release`, {
      method: 'POST',
      cookie: operator2,
    });
    expect(stolen.status).toBe(403);
    const released = await request(server.url, `/api/cases/${caseId}/release`, {
      method: 'POST',
      cookie: operator,
    });
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('new');
    expect(released.body.assignee).toBeNull();
    const twice = await request(server.url, `/api/cases/${caseId}/release`, {
      method: 'POST',
      cookie: operator,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('answers 404 for an unknown or malformed case id', async () => {
    for (const id of [crypto.randomUUID(), 'not-a-uuid', "1' or '1'='1"]) {
      const res = await request(server.url, `/api/cases/${encodeURIComponent(id)}`, {
        cookie: operator,
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('shows reporter identity to supervisors and the assignee only, and audits every read', async () => {
    const caseId = await newCase();
    const asOperator = ZCaseDetail.parse(
      (await request(server.url, `/api/cases/${caseId}`, { cookie: operator })).body,
    );
    expect(asOperator.reports[0]!.reporter).toEqual({ type: 'person', redacted: true });
    expect(asOperator.reports[0]!.narrative).toContain('淤青');
    expect(asOperator.events[0]!.type).toBe('case_opened');

    const asSupervisor = (await request(server.url, `/api/cases/${caseId}`, { cookie: supervisor }))
      .body;
    expect(asSupervisor.reports[0].reporter.name).toBe('张老师');

    await request(server.url, `/api/cases/${caseId}/claim`, { method: 'POST', cookie: operator });
    const asAssignee = (await request(server.url, `/api/cases/${caseId}`, { cookie: operator }))
      .body;
    expect(asAssignee.reports[0].reporter.phone).toBe('+8613800000001');

    const reads = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.caseId} = ${caseId} and ${auditLog.action} = 'case.read'`)
      .orderBy(asc(auditLog.id));
    expect(reads).toHaveLength(3);
    expect(reads.map((r) => r.data.reporterIdentityShown)).toEqual([false, true, true]);
  });

  it('keeps the audit log append-only in the database itself', async () => {
    // Drizzle wraps the database's error; the refusal itself is the cause.
    const refused = { cause: { message: expect.stringMatching(/audit_log is append-only/) } };
    await expect(
      server.database.db.update(auditLog).set({ action: 'tampered' }),
    ).rejects.toMatchObject(refused);
    await expect(server.database.db.delete(auditLog)).rejects.toMatchObject(refused);
    await expect(server.database.db.execute(sql`truncate audit_log`)).rejects.toMatchObject(
      refused,
    );
  });
});
