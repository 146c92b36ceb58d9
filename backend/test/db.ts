import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';

/** Which engine the database tests run on: HUTONG_TEST_DATABASE_URL selects a server. */
export const TEST_SERVER_URL = process.env.HUTONG_TEST_DATABASE_URL;
export const TEST_DB_KIND = TEST_SERVER_URL ? 'server' : 'pglite';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database created on
 * the server (and dropped again on close), so runs never share state.
 */
export async function createTestDatabase(): Promise<Database> {
  if (!TEST_SERVER_URL) {
    const database = await openDatabase({});
    await database.migrate();
    return database;
  }
  const name = `hutong_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
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
