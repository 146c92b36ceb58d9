import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import { createTestDatabase, TEST_DB_KIND, TEST_SERVER_URL } from '../../../test/db.js';
import { fileReport } from '../../../test/cases.js';
import { request } from '../../../test/http.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { canLiftAuditTriggers, verifyAuditChain } from './audit-chain.js';

/** Runs statements as the server's superuser (the test's own connection, not the app's). */
async function asSuperuser(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** TEST_SERVER_URL signed in as `role` on `database`. */
function urlFor(role: string, password: string, database: string): string {
  const url = new URL(TEST_SERVER_URL!);
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * On a server: a database owned by a role of its own, migrated by it, and the application run
 * as a second role that owns nothing (as docker-compose.yml deploys it). On PGlite, which has
 * one user, the same traffic on the embedded database.
 */
describe(`the audit log under real traffic (${TEST_DB_KIND})`, () => {
  const tag = randomBytes(5).toString('hex');
  const password = randomBytes(12).toString('hex');
  const owner = `hutong_owner_${tag}`;
  const app = `hutong_app_${tag}`;
  const name = `hutong_roles_${tag}`;
  const empty = `hutong_roles_empty_${tag}`;
  let database: Database;
  let server: TestServer;

  beforeAll(async () => {
    if (TEST_SERVER_URL) {
      await asSuperuser(
        `create role ${owner} login password '${password}' nosuperuser nocreatedb nocreaterole`,
        `create role ${app} login password '${password}' nosuperuser nocreatedb nocreaterole`,
        `create database ${name} owner ${owner}`,
        `create database ${empty} owner ${owner}`,
      );
      database = await openDatabase({
        url: urlFor(app, password, name),
        migrationUrl: urlFor(owner, password, name),
      });
      await database.migrate();
    } else {
      database = await createTestDatabase();
    }
    server = await startTestServer({ database });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.close();
    if (TEST_SERVER_URL) {
      await asSuperuser(
        `drop database if exists ${name} with (force)`,
        `drop database if exists ${empty} with (force)`,
        `drop role if exists ${app}`,
        `drop role if exists ${owner}`,
      );
    }
  });

  it('files a report and reads its case, and every audit row written is chained', async () => {
    const { caseId } = await fileReport(server);
    const cookie = await server.login('operator');
    const read = await request(server.url, `/api/cases/${caseId}`, { cookie });
    expect(read.status).toBe(200);
    const audited = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, 'case.read')));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const report = await verifyAuditChain(database.db);
    expect(report).toMatchObject({ ok: true, head: { id: audited[0]!.id } });
  });

  if (TEST_SERVER_URL) {
    it('runs as a role that owns nothing and can only add to and read the audit log', async () => {
      const db = database.db;
      const result: unknown = await db.execute(
        sql`select current_user as "user", rolsuper as super from pg_roles where rolname = current_user`,
      );
      const [me] = (result as { rows: { user: string; super: boolean }[] }).rows;
      expect(me).toEqual({ user: app, super: false });
      const refused = (pattern: RegExp) => ({
        cause: { code: '42501', message: expect.stringMatching(pattern) },
      });
      const denied = /permission denied for table audit_log/;
      await expect(db.execute(sql`update audit_log set action = 'x'`)).rejects.toMatchObject(
        refused(denied),
      );
      await expect(db.execute(sql`delete from audit_log`)).rejects.toMatchObject(refused(denied));
      await expect(db.execute(sql`truncate audit_log`)).rejects.toMatchObject(refused(denied));
      const notOwner = /must be owner of (table|relation) audit_log/;
      await expect(
        db.execute(sql`alter table audit_log disable trigger all`),
      ).rejects.toMatchObject(refused(notOwner));
      await expect(
        db.execute(sql`drop trigger audit_log_no_update_delete on audit_log`),
      ).rejects.toMatchObject(refused(notOwner));
      // Nor can it turn triggers off for its session, or renumber the log.
      await expect(db.execute(sql`set session_replication_role = replica`)).rejects.toMatchObject({
        cause: { code: '42501' },
      });
      await expect(db.execute(sql`select setval('audit_log_id_seq', 1)`)).rejects.toMatchObject({
        cause: { code: '42501' },
      });
      // What the application does need still works.
      await db.execute(sql`delete from sessions where false`);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      // The start-up check that warns about a deployment running as the owner tells them apart.
      expect(await canLiftAuditTriggers(db)).toBe(false);
      const asOwner = await openDatabase({ url: urlFor(owner, password, name), poolSize: 1 });
      try {
        expect(await canLiftAuditTriggers(asOwner.db)).toBe(true);
      } finally {
        await asOwner.close();
      }
    });

    it('need not migrate a current schema, and says what to do when one is pending', async () => {
      const current = await openDatabase({ url: urlFor(app, password, name), poolSize: 1 });
      try {
        await expect(current.migrate()).resolves.toBeUndefined();
      } finally {
        await current.close();
      }
      const pending = await openDatabase({ url: urlFor(app, password, empty), poolSize: 1 });
      try {
        await expect(pending.migrate()).rejects.toThrow(/DATABASE_MIGRATION_URL/);
      } finally {
        await pending.close();
      }
    });
  }
});
