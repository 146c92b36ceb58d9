import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { loadConfig } from '../../config.js';
import { openDatabase, type Database, type Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { writeAudit } from './audit.repository.js';
import { AUDIT_CHAIN_GENESIS, verifyAuditChain } from './audit-chain.js';
import { parseAnchor, runVerifyAudit, VerifyUsageError } from './verify-audit.js';

/** Writes `n` audit rows through the one writer, with awkward content (non-ASCII, nesting). */
async function writeRows(db: Db, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await writeAudit(db, {
      actorId: null,
      action: i % 2 ? 'case.read' : 'auth.login_failed',
      entityType: 'case',
      entityId: i % 3 ? randomUUID() : null,
      data: { i, note: '护童 ✓ 🙂', nested: { b: [1, 2.5, null], a: 'x' } },
    });
  }
}

async function ids(db: Db): Promise<number[]> {
  const rows = await db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id));
  return rows.map((r) => r.id);
}

/** What an attacker with the owner's rights does first: lift the append-only trigger. */
async function dropAppendOnly(db: Db): Promise<void> {
  await db.execute(sql`drop trigger audit_log_no_update_delete on audit_log`);
}

async function restoreAppendOnly(db: Db): Promise<void> {
  await db.execute(sql`create trigger audit_log_no_update_delete
    before update or delete on audit_log
    for each row execute function audit_log_refuse_change()`);
}

describe(`the audit log's hash chain (${TEST_DB_KIND})`, () => {
  let database: Database;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    // A fresh log per test: the owner empties it (the tests below tamper with it anyway).
    await db.execute(sql`alter table audit_log disable trigger user`);
    await db.execute(sql`delete from audit_log`);
    await db.execute(sql`alter table audit_log enable trigger user`);
  });

  it('chains every row written to the one before, from the genesis, and verifies it', async () => {
    await writeRows(db, 7);
    const rows = await db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(rows).toHaveLength(7);
    expect(rows[0]!.prevHash).toBe(AUDIT_CHAIN_GENESIS);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.id).toBe(rows[i - 1]!.id + 1);
      expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      expect(rows[i]!.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(await verifyAuditChain(db)).toEqual({
      ok: true,
      rows: 7,
      head: { id: rows[6]!.id, hash: rows[6]!.hash },
    });
  });

  it('keeps one chain under concurrent writers, in id order', async () => {
    // On a server the pool's connections are as good as separate API nodes: the lock is the
    // database's. Each transaction does other work after its audit row, as commands do.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.transaction(async (tx) => {
          await writeAudit(tx, {
            actorId: null,
            action: 'case.read',
            entityType: 'case',
            data: { i },
          });
          await tx.execute(sql`select pg_sleep(0.002)`);
        }),
      ),
    );
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, rows: 40 });
  });

  it('refuses to chain inside a transaction whose snapshot could be stale', async () => {
    await expect(
      db.transaction(
        (tx) => writeAudit(tx, { actorId: null, action: 'case.read', entityType: 'case' }),
        { isolationLevel: 'repeatable read' },
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/READ COMMITTED/) } });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 0, head: null });
  });

  it('chains the rows of one multi-row insert too', async () => {
    await db.insert(auditLog).values([
      { action: 'case.read', entityType: 'case' },
      { action: 'case.read', entityType: 'case' },
      { action: 'case.read', entityType: 'case' },
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3 });
  });

  it('ignores hashes a writer supplies: the trigger sets them', async () => {
    await writeRows(db, 2);
    await db
      .insert(auditLog)
      .values({ action: 'case.read', entityType: 'case', prevHash: 'f'.repeat(64), hash: 'x' });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3 });
  });

  describe('after the owner lifts the append-only trigger', () => {
    it('names the row after a deleted one', async () => {
      await writeRows(db, 6);
      const [, , third, fourth, fifth] = await ids(db);
      await dropAppendOnly(db);
      await db.execute(sql`delete from audit_log where id = ${fourth}`);
      await restoreAppendOnly(db);
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        rows: 3,
        broken: { id: fifth, previousId: third, problem: 'broken_link' },
      });
    });

    it('names a row whose content was changed', async () => {
      await writeRows(db, 5);
      const [, second, third] = await ids(db);
      await dropAppendOnly(db);
      await db.execute(sql`update audit_log set data = '{"i": 99}' where id = ${third}`);
      await restoreAppendOnly(db);
      const report = await verifyAuditChain(db);
      expect(report).toMatchObject({
        ok: false,
        rows: 2,
        broken: { id: third, previousId: second, problem: 'altered' },
      });
      if (!report.ok) expect(report.broken.message).toContain(`row #${third}`);
    });

    it('names the row after one that was changed and given a recomputed hash', async () => {
      await writeRows(db, 5);
      const [, second, third, fourth] = await ids(db);
      await dropAppendOnly(db);
      await db.execute(sql`update audit_log set action = 'case.updated' where id = ${second}`);
      await db.execute(sql`update audit_log set hash = audit_log_chain_hash(prev_hash, audit_log)
        where id = ${second}`);
      // The rewrite itself now checks out: it is the next link that gives it away.
      await restoreAppendOnly(db);
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        broken: { id: third, previousId: second, problem: 'broken_link' },
      });
      expect(fourth).toBeGreaterThan(third!);
    });

    it('names a row slipped in with the chain trigger off', async () => {
      await writeRows(db, 3);
      const [first, second] = await ids(db);
      await db.execute(sql`alter table audit_log disable trigger audit_log_chain`);
      await db.execute(
        sql`insert into audit_log (id, action, entity_type) values (${first! + 1_000_000}, 'case.read', 'case')`,
      );
      await db.execute(sql`alter table audit_log enable trigger audit_log_chain`);
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        rows: 3,
        broken: { id: first! + 1_000_000, problem: 'unchained' },
      });
      expect(second).toBeGreaterThan(first!);
    });

    it('notices when the first rows are gone', async () => {
      await writeRows(db, 3);
      const [first, second] = await ids(db);
      await dropAppendOnly(db);
      await db.execute(sql`delete from audit_log where id = ${first}`);
      await restoreAppendOnly(db);
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        rows: 0,
        broken: { id: second, previousId: null, problem: 'broken_link' },
      });
    });

    it('catches the newest rows deleted against an anchor kept elsewhere', async () => {
      await writeRows(db, 4);
      const before = await verifyAuditChain(db);
      if (!before.ok || !before.head) throw new Error('expected an intact chain');
      const anchor = before.head;
      await dropAppendOnly(db);
      await db.execute(sql`delete from audit_log where id = ${anchor.id}`);
      await restoreAppendOnly(db);
      // Without the anchor a cut tail looks like a shorter log; with it, it does not.
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3 });
      expect(await verifyAuditChain(db, { anchor })).toMatchObject({
        ok: false,
        broken: { id: anchor.id, problem: 'anchor' },
      });
    });
  });
});

describe('npm run verify-audit (PGlite data directory)', () => {
  // Four opens of a PGlite data directory: slow on a busy machine.
  it(
    'prints the head and exits 0 on a clean log, names the broken row and exits 1',
    { timeout: 120_000 },
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hutong-verify-'));
      try {
        const config = loadConfig({ HUTONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
        const database = await openDatabase({ dataDir: `${dataDir}/pg` });
        await database.migrate();
        await writeRows(database.db, 4);
        const [first, second, third] = await ids(database.db);
        await database.close();

        const clean: string[] = [];
        expect(await runVerifyAudit(config, [], (l) => clean.push(l))).toBe(0);
        expect(clean.join('\n')).toMatch(/intact: 4 row\(s\) chained; head #\d+ [0-9a-f]{64}/);
        const anchor = /--anchor (\d+:[0-9a-f]{64})/.exec(clean.join('\n'))![1]!;

        const owner = await openDatabase({ dataDir: `${dataDir}/pg` });
        await dropAppendOnly(owner.db);
        await owner.db.execute(sql`delete from audit_log where id = ${second}`);
        await owner.close();

        const broken: string[] = [];
        expect(await runVerifyAudit(config, ['--anchor', anchor], (l) => broken.push(l))).toBe(1);
        expect(broken[0]).toBe(
          `Audit log chain BROKEN at row #${third}: row #${third} does not follow row #${first}: a row between them was deleted or inserted, or row #${first} was rewritten.`,
        );
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});

describe('parseAnchor', () => {
  it('reads --anchor <id>:<hash> in either form and refuses anything else', () => {
    const hash = 'ab'.repeat(32);
    expect(parseAnchor([])).toBeUndefined();
    expect(parseAnchor(['--anchor', `42:${hash}`])).toEqual({ id: 42, hash });
    expect(parseAnchor([`--anchor=42:${hash}`])).toEqual({ id: 42, hash });
    expect(() => parseAnchor(['--anchor', '42'])).toThrow(VerifyUsageError);
  });
});

describe('rows written before the chain existed (PGlite)', () => {
  it('are chained by the migration, in id order', async () => {
    // The migrations before the chain, then some audit rows, then the rest: as an upgraded install.
    const all = fileURLToPath(new URL('../../../drizzle', import.meta.url));
    const older = mkdtempSync(join(tmpdir(), 'hutong-migrations-'));
    cpSync(all, older, { recursive: true });
    const journalFile = join(older, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
      entries: { tag: string }[];
    };
    const chainAt = journal.entries.findIndex((e) => e.tag === '0009_audit_hash_chain');
    journal.entries = journal.entries.slice(0, chainAt);
    writeFileSync(journalFile, JSON.stringify(journal));
    const database = await openDatabase({});
    try {
      await migratePglite(database.db as PgliteDatabase<never>, { migrationsFolder: older });
      for (let i = 0; i < 5; i++) {
        await database.db.execute(
          sql`insert into audit_log (action, entity_type, data) values ('case.read', 'case', ${JSON.stringify({ i, n: '旧' })}::jsonb)`,
        );
      }
      await database.migrate();
      await writeRows(database.db, 2);
      const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.id));
      expect(rows.every((r) => r.hash !== null)).toBe(true);
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, rows: 7 });
      // …and they stay append-only after the backfill lifted the trigger for a moment.
      await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    } finally {
      await database.close();
      rmSync(older, { recursive: true, force: true });
    }
  });
});
