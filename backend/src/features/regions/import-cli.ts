/**
 * Loads the region tree (province › city › county › township › village) from a file:
 *   npm run import-regions -- regions.csv        (header: code,name,level,parent_code)
 *   npm run import-regions -- regions.json       (rows, or one nested { code, name, children } tree)
 * into the database the configuration names (DATABASE_URL, else the PGlite data directory).
 * All or nothing: every problem is listed with its line and nothing is written. Regions are
 * added or renamed, never deleted. Running servers pick the change up when they restart.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ConfigError, loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { importRegions, parseRegionFile, RegionImportError } from './import-regions.js';

async function main(file: string | undefined): Promise<void> {
  if (!file) {
    throw new UsageError('Usage: npm run import-regions -- <regions.csv | regions.json>');
  }
  const format = extname(file).toLowerCase() === '.json' ? 'json' : 'csv';
  const { rows, problems } = parseRegionFile(await readFile(file, 'utf8'), format);
  if (problems.length > 0) throw new RegionImportError(problems);
  const config = loadConfig();
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir}/pg` },
  );
  try {
    await database.migrate();
    const result = await database.db.transaction((tx) => importRegions(tx, rows));
    process.stdout.write(
      `Regions: ${result.added} added, ${result.updated} renamed, ${result.unchanged} unchanged. ` +
        'Restart running servers to use them.\n',
    );
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

main(process.argv[2]).catch((err: unknown) => {
  if (err instanceof RegionImportError) {
    process.stderr.write(`${err.message}:\n`);
    for (const p of err.problems)
      process.stderr.write(`  line ${p.line}, ${p.field}: ${p.message}\n`);
  } else if (err instanceof ConfigError || err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Region import failed: ${String(err)}\n`);
  }
  process.exitCode = 1;
});
