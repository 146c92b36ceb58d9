import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, sql } from 'drizzle-orm';
import { ZAuditChainReport } from '@hutong/shared';
import { auditLog, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import type { Actor } from '../auth/sessions.js';
import { verifyAuditLog } from './commands/verify-audit-log.js';

describe(`GET /api/admin/audit/verify (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
    // Some history: sign-ins and a failed one.
    await server.login('supervisor');
    await request(server.url, '/api/auth/login', {
      body: { username: 'operator', password: 'not-the-password' },
    });
  });
  afterAll(() => server.stop());

  const verify = (query = '', cookie = admin) =>
    request(server.url, `/api/admin/audit/verify${query}`, { cookie });

  it('answers the head of an intact chain, and records that it was checked', async () => {
    const res = await verify();
    expect(res.status).toBe(200);
    const report = ZAuditChainReport.parse(res.body);
    expect(report).toMatchObject({ ok: true, broken: null });
    expect(report.rows).toBeGreaterThanOrEqual(3);
    const [checked] = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'audit.verified'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(checked!.data).toMatchObject({ ok: true, rows: report.rows, headId: report.head!.id });

    const anchored = await verify(`?anchor=${report.head!.id}:${report.head!.hash}`);
    expect(anchored.body).toMatchObject({ ok: true });
  });

  it('refuses a malformed anchor with 400 naming the field', async () => {
    const res = await verify('?anchor=12:nothex');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.data).toHaveProperty('anchor');
  });

  it('is for admins only, in the route and in the command', async () => {
    const supervisor = await server.login('supervisor');
    const res = await verify('', supervisor);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const [row] = await server.database.db
      .select()
      .from(users)
      .where(eq(users.username, 'supervisor'));
    const actor: Actor = {
      id: row!.id,
      username: row!.username,
      displayName: row!.displayName,
      role: 'supervisor',
      centreId: null,
      orgId: null,
      regionCode: null,
      sessionId: 'none',
      expiresAt: new Date(Date.now() + 60_000),
      mustChangePassword: false,
    };
    await expect(verifyAuditLog(server.hutong.ctx, actor, {})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('names the row after one the owner deleted', async () => {
    const rows = await server.database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login')))
      .orderBy(auditLog.id);
    const victim = rows[0]!.id;
    const db = server.database.db;
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    await db.execute(sql`delete from audit_log where id = ${victim}`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    const [next] = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(sql`${auditLog.id} > ${victim}`)
      .orderBy(auditLog.id)
      .limit(1);
    const res = await verify();
    expect(res.status).toBe(200);
    expect(ZAuditChainReport.parse(res.body)).toMatchObject({
      ok: false,
      head: null,
      broken: { id: next!.id, problem: 'broken_link' },
    });
  });
});
