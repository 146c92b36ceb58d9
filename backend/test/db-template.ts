import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';

/**
 * Every test database starts as a copy of one migrated once per run (in global-setup), instead of
 * running all the migrations again for each of the ~140 databases a run opens: on the server a
 * template database (`create database … template …`), on PGlite a dump of a migrated data
 * directory that each in-memory PGlite is started from. Migrations themselves are still tested:
 * the template is made by `migrate()`, and the migration tests open databases of their own.
 */
export interface DatabaseTemplate {
  /** What the test files are given: the template database's name, or the dump file's path. */
  ref: string;
  drop(): Promise<void>;
}

export async function createDatabaseTemplate(
  serverUrl: string | undefined,
): Promise<DatabaseTemplate> {
  if (!serverUrl) {
    const database = await openDatabase({});
    await database.migrate();
    const client = (database.db as unknown as { $client: PGlite }).$client;
    // Checkpointed first, so a database started from the dump has no migrations' WAL to replay
    // (each of the ~130 a run opens started 10–15 % sooner).
    await client.query('checkpoint');
    const dump = await client.dumpDataDir('none');
    await database.close();
    const dir = mkdtempSync(join(tmpdir(), 'hutong-test-template-'));
    const path = join(dir, 'migrated.tar');
    writeFileSync(path, new Uint8Array(await dump.arrayBuffer()));
    return {
      ref: path,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const name = `hutong_template_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 1 });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  return {
    ref: name,
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
