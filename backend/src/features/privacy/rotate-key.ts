/**
 * Re-encrypts reporter identity, callers' numbers and SMS bodies under a new data key:
 *   HUTONG_DATA_KEY=<new> HUTONG_DATA_KEY_PREVIOUS=<old> node backend/dist/features/privacy/rotate-key.js
 * Run it with the API stopped or already started on the new key with the old one as previous
 * (both keys can read during the rotation). Prints counts only, never data.
 */
import { ConfigError, loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { RegionDirectory } from '../regions/region-directory.js';
import { rotateDataKey } from './commands/rotate-data-key.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir}/pg` },
  );
  try {
    await database.migrate();
    const regions = new RegionDirectory(database.db);
    await regions.reload();
    const result = await rotateDataKey(database.db, regions, {
      current: config.dataKey,
      previous: config.previousDataKeys,
    });
    process.stdout.write(
      `Re-encrypted ${result.reports} report(s), ${result.calls} call(s), ` +
        `${result.smsConversations} SMS conversation(s), ${result.smsMessages} SMS message(s) and ` +
        `${result.lookupCodes} lookup code(s); ` +
        `recomputed link keys of ${result.cases} case(s).\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    err instanceof ConfigError ? `${err.message}\n` : `Key rotation failed: ${String(err)}\n`,
  );
  process.exitCode = 1;
});
