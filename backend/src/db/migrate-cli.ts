/**
 * Migrates the database the configuration names and, with DATABASE_MIGRATION_URL (the tables'
 * owner), grants DATABASE_URL's role what the application needs:
 *   DATABASE_MIGRATION_URL=postgres://hutong:…@db/hutong DATABASE_URL=postgres://hutong_app:…@db/hutong npm run migrate
 * The servers migrate at start as well; this is for a deployment whose app role may not.
 */
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from './client.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl, poolSize: 1 }
      : { dataDir: `${config.dataDir}/pg` },
  );
  try {
    await database.migrate();
    process.stdout.write(
      config.databaseMigrationUrl
        ? 'Database migrated by its owner; the application role has its privileges.\n'
        : 'Database migrated.\n',
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    err instanceof ConfigError ? `${err.message}\n` : `Migration failed: ${String(err)}\n`,
  );
  process.exitCode = 1;
});
