import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createCuttableTestDatabase, TEST_DB_KIND } from '../../test/db.js';
import { isDatabaseUnavailable } from './errors.js';

/**
 * drizzle's node-postgres `transaction()` sent BEGIN outside its try/finally: a connection that
 * died under BEGIN was never given back, so every outage shrank the pool for good and `close()`
 * then waited forever (found by `sms-spool.test.ts` under a PostgreSQL restart; fixed in
 * client.ts). Here the connection is killed under exactly that statement.
 */
describe(`a transaction whose connection dies under BEGIN (${TEST_DB_KIND})`, () => {
  it('fails as "database unavailable" and leaves the pool whole and closable', async () => {
    const { database, cut, dropNextWrite } = await createCuttableTestDatabase();
    try {
      if (dropNextWrite) {
        const pool = (database.db as unknown as { $client: pg.Pool }).$client;
        await database.db.execute(sql`select 1`);
        expect(pool.idleCount).toBe(1); // the connection the transaction will be given

        dropNextWrite();
        const failure = await database.db
          .transaction(async (tx) => tx.execute(sql`select 1`))
          .then(
            () => null,
            (err: unknown) => err,
          );
        expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
        // Nothing is left checked out: the dead connection was destroyed, not kept.
        expect(pool.totalCount - pool.idleCount).toBe(0);

        const second = await database.db.transaction(async (tx) => {
          const result: unknown = await tx.execute(sql`select 2 as n`);
          return (result as { rows: { n: number }[] }).rows[0]?.n;
        });
        expect(second).toBe(2);
      } else {
        // PGlite is one in-process connection with no pool: the database going away is the fault.
        await cut();
        const failure = await database.db
          .transaction(async (tx) => tx.execute(sql`select 1`))
          .then(
            () => null,
            (err: unknown) => err,
          );
        expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
      }
    } finally {
      await database.close();
    }
  });
});
