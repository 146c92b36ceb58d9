import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { cuttableRelay } from './relay.js';

/** Which engine the database tests run on: HUTONG_TEST_DATABASE_URL selects a server. */
export const TEST_SERVER_URL = process.env.HUTONG_TEST_DATABASE_URL;
export const TEST_DB_KIND = TEST_SERVER_URL ? 'server' : 'pglite';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by backend/test/global-setup.ts: the migrated template (db-template.ts). */
    databaseTemplate: string;
  }
}

/** The migrated data directory every PGlite test database starts from, read once per file. */
let pgliteTemplate: Blob | undefined;

/** Creates a migrated database on the server: a copy of the run's template. */
async function createServerDatabase(serverUrl: string): Promise<string> {
  const name = `hutong_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject('databaseTemplate')}`);
  } finally {
    await admin.end();
  }
  return name;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database created on
 * the server (and dropped again on close), so runs never share state. Both start as a copy of the
 * run's migrated template; `migrate()` then finds nothing to do.
 */
export async function createTestDatabase(): Promise<Database> {
  if (!TEST_SERVER_URL) {
    pgliteTemplate ??= new Blob([readFileSync(inject('databaseTemplate'))]);
    const database = await openDatabase({ loadDataDir: pgliteTemplate });
    await database.migrate();
    return database;
  }
  const name = await createServerDatabase(TEST_SERVER_URL);
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: TEST_SERVER_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * A fresh, migrated database the test can take away while Hutong runs on it. On the server the
 * application connects through a TCP relay (test/relay.ts) that `cut()` unplugs: open
 * connections are reset and new ones refused, as when PostgreSQL restarts or its network goes;
 * `restore()` plugs it back. PGlite runs in-process, with no network to cut: `cut()` closes it
 * (every later query fails, as on a shutting-down server) and it cannot be restored.
 */
export async function createCuttableTestDatabase(
  /** Server only: the pool's timeouts (see openDatabase). */
  timeouts: { queryTimeoutMs?: number; connectTimeoutMs?: number } = {},
): Promise<{
  database: Database;
  cut(): Promise<void>;
  restore?: () => Promise<void>;
  /** Server only: the next statement sent kills its connection (see cuttableRelay). */
  dropNextWrite?: () => void;
  /** Server only: a silent outage, nothing answered until `restore()` (see cuttableRelay). */
  stall?: () => void;
}> {
  if (!TEST_SERVER_URL) {
    const database = await createTestDatabase();
    let closed = false;
    return {
      database: {
        ...database,
        close: async () => {
          if (!closed) await database.close();
          closed = true;
        },
      },
      async cut() {
        closed = true;
        await (database.db as unknown as { $client: { close(): Promise<void> } }).$client.close();
      },
    };
  }
  const name = await createServerDatabase(TEST_SERVER_URL);
  const direct = new URL(TEST_SERVER_URL);
  direct.pathname = `/${name}`;
  const relay = await cuttableRelay(direct.toString());
  const database = await openDatabase({ url: relay.url, ...timeouts });
  return {
    database: {
      ...database,
      async close() {
        await relay.restore();
        await database.close();
        await relay.cut();
        const cleanup = new pg.Client({ connectionString: TEST_SERVER_URL });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    },
    cut: relay.cut,
    restore: relay.restore,
    dropNextWrite: relay.dropNextWrite,
    stall: relay.stall,
  };
}
