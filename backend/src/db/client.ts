import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { NodePgSession, drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import * as schema from './schema.js';
import { isDatabaseUnavailable } from './errors.js';

type Schema = typeof schema;
/** The database, the same type whether PGlite or a PostgreSQL server is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'server';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
/** Any constant works; it only has to be the same in every process that migrates. */
const MIGRATION_LOCK = 727_101;

/** Connections per process to a PostgreSQL server unless told otherwise (as DATABASE_POOL_SIZE). */
const DEFAULT_POOL_SIZE = 20;

/**
 * Opens PostgreSQL: a server when `url` is given (a pool of `poolSize` connections), else PGlite
 * stored under `dataDir` (in memory when `dataDir` is omitted, as tests do). With `migrationUrl`
 * (the tables' owner) migrations run over that URL instead, and the role of `url` is then granted
 * what the application needs and no more (see grantAppPrivileges).
 */
/**
 * drizzle's node-postgres `transaction()` checks a client out of the pool and sends BEGIN outside
 * its try/finally: when BEGIN fails (the connection went with PostgreSQL restarting or cut off),
 * the client is never released, and every outage shrinks the pool for good (and `close()` then
 * waits for it forever). Found by `sms-spool.test.ts`. Here the pool's client is checked out and
 * always released — destroyed when its connection was lost — and drizzle's own code runs the
 * transaction on that one client (its single-client path, which releases nothing).
 */
type SessionTransaction = (
  this: NodePgSession<Record<string, unknown>, never>,
  ...args: unknown[]
) => Promise<unknown>;
const drizzleTransaction = (
  NodePgSession.prototype as unknown as { transaction: SessionTransaction }
).transaction;
(NodePgSession.prototype as unknown as { transaction: SessionTransaction }).transaction =
  async function transaction(this, ...args) {
    const self = this as unknown as {
      client: unknown;
      dialect: unknown;
      schema: unknown;
      options: unknown;
    };
    if (!(self.client instanceof pg.Pool)) return drizzleTransaction.apply(this, args);
    const client = await self.client.connect();
    let failure: unknown;
    try {
      const Session = NodePgSession as unknown as new (
        ...a: unknown[]
      ) => NodePgSession<Record<string, unknown>, never>;
      const single = new Session(client, self.dialect, self.schema, self.options);
      return await drizzleTransaction.apply(single, args);
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      client.release(isDatabaseUnavailable(failure) ? (failure as Error) : undefined);
    }
  };

/** How long a new connection to the PostgreSQL server may take before it counts as failed. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a statement may go unanswered by default (DATABASE_QUERY_TIMEOUT_MS). */
export const DEFAULT_QUERY_TIMEOUT_MS = 60_000;

export async function openDatabase(options: {
  url?: string;
  migrationUrl?: string;
  dataDir?: string;
  /** PGlite only: start from this dump of a data directory (`dumpDataDir`) instead of an empty one. */
  loadDataDir?: Blob;
  poolSize?: number;
  /**
   * Server only: a statement unanswered for this long fails as "database unavailable" and its
   * connection is discarded (0: wait for ever). A silent outage — packets dropped, so nothing
   * is refused or reset — otherwise holds every request, and the pool, until TCP gives up
   * (about 15 minutes on Linux). Migrations are not timed: they run on a client of their own.
   */
  queryTimeoutMs?: number;
  /** Server only: how long a new connection may take (the default 10 s; tests shorten it). */
  connectTimeoutMs?: number;
}): Promise<Database> {
  if (options.url) {
    const url = options.url;
    const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      // A connection attempt that gets no answer (a partition that drops packets, a relay or
      // proxy half gone) fails after this instead of holding its caller, and the pool, forever.
      connectionTimeoutMillis: connectTimeoutMs,
      // And so does a statement on a connection that went silent. pg then leaves that client
      // waiting on the lost answer: it must never serve again. `pool.query` releases it with the
      // error (destroyed); transactions do the same (isDatabaseUnavailable, above).
      ...(queryTimeoutMs > 0 ? { query_timeout: queryTimeoutMs } : {}),
      keepAlive: true,
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    // Nor may a client checked out of the pool (inside a transaction, between two queries): the
    // pool listens to idle clients only, and a pg Client that loses its connection with nobody
    // listening throws an unhandled 'error' event, which ends the process. The next query on it
    // fails (and the request with it, as 503); released, it is discarded. Found by
    // `npm run chaos`: a PostgreSQL restart ended every API process.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    const db = drizzlePg(pool, { schema });
    return {
      db,
      kind: 'server',
      async migrate() {
        if (options.migrationUrl) {
          await migrateAsOwner(options.migrationUrl, roleOf(url));
          return;
        }
        // The application's own role may not be allowed to migrate; when nothing is pending it
        // need not try (the compose file migrates once, as the owner, before the app starts).
        if (await isCurrent(pool)) return;
        // Not a pool client: a migration (or the wait for another process's) may take longer
        // than a statement is allowed.
        const client = new pg.Client({
          connectionString: url,
          connectionTimeoutMillis: connectTimeoutMs,
        });
        client.on('error', () => undefined);
        await client.connect();
        try {
          await migrateLocked(client);
        } catch (err) {
          throw explainMigrationError(err);
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      close: () => pool.end(),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir
    ? new PGlite(options.dataDir, { loadDataDir: options.loadDataDir })
    : new PGlite({ loadDataDir: options.loadDataDir });
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS }),
    close: () => client.close(),
  };
}

/** Checks the database answers; used by the health endpoint. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** The role a postgres:// URL signs in as. */
function roleOf(url: string): string {
  const role = decodeURIComponent(new URL(url).username);
  if (!role) throw new Error('DATABASE_URL must name its role (postgres://role:password@…)');
  return role;
}

/** Whether every migration in the folder has been applied (false when none has, or unreadable). */
async function isCurrent(pool: pg.Pool): Promise<boolean> {
  const newest = Math.max(
    ...readMigrationFiles({ migrationsFolder: MIGRATIONS }).map((m) => m.folderMillis),
  );
  try {
    const { rows } = await pool.query<{ created_at: string }>(
      'select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1',
    );
    // drizzle's own rule: a migration runs when it is newer than the newest applied one.
    return rows.length > 0 && Number(rows[0]!.created_at) >= newest;
  } catch {
    return false;
  }
}

/** Runs the pending migrations on `client`, then `after`, one process at a time. */
async function migrateLocked(
  client: pg.PoolClient | pg.Client,
  after?: () => Promise<void>,
): Promise<void> {
  // Several processes may start at once; one migrates, the others wait for it.
  await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
    await after?.();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
  }
}

/** Migrates over the owner's URL, then grants `appRole` its privileges (when it is another role). */
async function migrateAsOwner(migrationUrl: string, appRole: string): Promise<void> {
  const client = new pg.Client({ connectionString: migrationUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await migrateLocked(client, async () => {
      if (appRole !== roleOf(migrationUrl)) await grantAppPrivileges(client, appRole);
    });
  } finally {
    await client.end();
  }
}

/**
 * Gives the application's role exactly what it needs, re-run after every migration so new
 * tables are covered: the DML on every table, but on `audit_log` only INSERT and SELECT; reading
 * and drawing the sequences (not setting them); and reading which migrations ran. It owns
 * nothing, so it can neither alter nor disable the audit log's triggers.
 */
async function grantAppPrivileges(client: pg.ClientBase, appRole: string): Promise<void> {
  const role = pg.escapeIdentifier(appRole);
  await client.query('begin');
  try {
    for (const statement of [
      `grant usage on schema public to ${role}`,
      `grant usage on schema drizzle to ${role}`,
      `grant select on drizzle.__drizzle_migrations to ${role}`,
      // Revoked first: whatever was granted by hand before, these are the privileges it has.
      `revoke all on all tables in schema public from ${role}`,
      `grant select, insert, update, delete on all tables in schema public to ${role}`,
      `revoke update, delete on audit_log from ${role}`,
      `revoke all on all sequences in schema public from ${role}`,
      `grant usage, select on all sequences in schema public to ${role}`,
      // Tables a migration applied by hand creates are usable before the next grant.
      `alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`,
      `alter default privileges in schema public grant usage, select on sequences to ${role}`,
    ]) {
      await client.query(statement);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

/** A migration refused for want of privileges says what to do instead of only "permission denied". */
function explainMigrationError(err: unknown): unknown {
  const code = (err as { code?: string; cause?: { code?: string } }).code;
  const causeCode = (err as { cause?: { code?: string } }).cause?.code;
  if (code !== '42501' && causeCode !== '42501') return err;
  return new Error(
    "The database needs migrating and DATABASE_URL's role may not: run `npm run migrate` with " +
      'DATABASE_MIGRATION_URL set to the owner of the tables (or set it for this process)',
    { cause: err },
  );
}
