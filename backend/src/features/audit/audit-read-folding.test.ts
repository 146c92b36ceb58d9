import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { claimedCase, fileReport } from '../../../test/cases.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { verifyAuditChain } from './audit-chain.js';
import { READ_FOLD_WINDOW_SECONDS } from './audit.repository.js';

describe(`repeated reads folded in the audit log (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let supervisor: string;

  beforeAll(async () => {
    server = await startTestServer();
    operator = await server.login('operator');
    supervisor = await server.login('supervisor');
  });
  afterAll(() => server.stop());

  const readsOf = (caseId: string, action = 'case.read') =>
    server.database.db
      .select({ actorId: auditLog.actorId, at: auditLog.at, data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, action)))
      .orderBy(asc(auditLog.id));

  const idOf = async (username: string) => {
    const [row] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, username));
    return row!.id;
  };

  it('writes one row for sixteen reads of a case in a row, and the chain stays intact', async () => {
    const { caseId } = await claimedCase(server, operator);
    for (let i = 0; i < 16; i++) {
      const res = await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
      expect(res.status).toBe(200);
    }
    const rows = await readsOf(caseId);
    expect(rows.map((r) => r.actorId)).toEqual([await idOf('operator')]);
    expect(await verifyAuditChain(server.database.db)).toMatchObject({ ok: true });
  });

  it('writes one row for sixteen reads at once (a page and its live updates)', async () => {
    const { caseId } = await claimedCase(server, operator);
    // At once: on a server each request has its own connection, as separate API nodes would.
    const answers = await Promise.all(
      Array.from({ length: 16 }, () =>
        request(server.url, `/api/cases/${caseId}`, { cookie: operator }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(16).fill(200));
    expect(await readsOf(caseId)).toHaveLength(1);
    expect(await verifyAuditChain(server.database.db)).toMatchObject({ ok: true });
  });

  it('gives another user their own row', async () => {
    const { caseId } = await claimedCase(server, operator);
    await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
    await request(server.url, `/api/cases/${caseId}`, { cookie: supervisor });
    await request(server.url, `/api/cases/${caseId}`, { cookie: supervisor });
    expect((await readsOf(caseId)).map((r) => r.actorId)).toEqual([
      await idOf('operator'),
      await idOf('supervisor'),
    ]);
  });

  it('writes a read again once the previous read is older than the window', async () => {
    const { caseId } = await fileReport(server);
    const supervisorId = await idOf('supervisor');
    // The previous read, as written six minutes ago (the chain trigger chains it like any row).
    const old = new Date(Date.now() - (READ_FOLD_WINDOW_SECONDS + 60) * 1000);
    await server.database.db.insert(auditLog).values({
      at: old,
      actorId: supervisorId,
      action: 'case.read',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { reporterIdentityShown: true },
    });
    await request(server.url, `/api/cases/${caseId}`, { cookie: supervisor });
    await request(server.url, `/api/cases/${caseId}`, { cookie: supervisor });
    const rows = await readsOf(caseId);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.at.getTime()).toBeGreaterThan(old.getTime());
    expect(await verifyAuditChain(server.database.db)).toMatchObject({ ok: true });
  });

  it('writes a read that showed more than the one before (the reporter, once claimed)', async () => {
    const { caseId } = await fileReport(server);
    await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
    const claim = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);
    await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
    await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
    expect((await readsOf(caseId)).map((r) => r.data)).toEqual([
      { reporterIdentityShown: false },
      { reporterIdentityShown: true },
    ]);
  });
});
