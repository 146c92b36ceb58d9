/**
 * Registers the children of a province's register file (CSV; columns in README):
 *   npm run import-children -- children.csv [--as <admin username>]
 * into the database the configuration names (DATABASE_URL, else the PGlite data directory).
 * All or nothing: every problem is listed with its line and nothing is written; children
 * already on the register are skipped, so the same file may be run again. Prints counts only.
 */
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { decodeCsvBytes } from '@hutong/shared';
import { ConfigError, loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { RegionDirectory } from '../regions/region-directory.js';
import { ChildImportError } from './child-import.js';
import { importChildren, readChildFile } from './commands/import-children.js';

class UsageError extends Error {}

function options(args: string[]): { file: string; as: string | null } {
  let file: string | undefined;
  let as: string | null = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--as') as = args[++i] ?? '';
    else if (!file) file = args[i];
    else file = '';
  }
  if (!file || as === '') {
    throw new UsageError(
      'Usage: npm run import-children -- <children.csv> [--as <admin username>]',
    );
  }
  return { file, as };
}

async function main(args: string[]): Promise<void> {
  const { file, as } = options(args);
  const text = decodeCsvBytes(await readFile(file));
  const config = loadConfig();
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir}/pg` },
  );
  try {
    await database.migrate();
    let actorId: string | null = null;
    if (as !== null) {
      const [user] = await database.db.select().from(users).where(eq(users.username, as));
      if (!user || user.role !== 'admin' || user.disabledAt) {
        throw new UsageError(`--as ${as}: no active administrator by that username`);
      }
      actorId = user.id;
    }
    const regions = new RegionDirectory(database.db);
    await regions.reload();
    // Every problem of every line at once, the villages' included.
    const rows = readChildFile({ config, regions }, text);
    const result = await importChildren(
      { db: database.db, config, regions },
      { via: 'cli', actorId },
      rows,
    );
    process.stdout.write(
      `Children: ${result.created} registered, ${result.skipped} already on the register (skipped).\n`,
    );
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ChildImportError) {
    process.stderr.write(`${err.message}:\n`);
    for (const p of err.problems)
      process.stderr.write(`  line ${p.line}, ${p.field}: ${p.message}\n`);
  } else if (err instanceof ConfigError || err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    // The class only: a driver's message may quote the row it failed on.
    process.stderr.write(`Children import failed: ${(err as Error).name ?? 'error'}\n`);
  }
  process.exitCode = 1;
});
