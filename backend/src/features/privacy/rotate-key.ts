/**
 * Re-encrypts personal data (reporter identity, children, narratives, addresses, assessments,
 * callers' numbers, SMS bodies) under a new data key, and recomputes every keyed hash:
 *   HUTONG_DATA_KEY=<new> HUTONG_DATA_KEY_PREVIOUS=<old> node backend/dist/features/privacy/rotate-key.js
 * Run it with the API stopped or already started on the new key with the old one as previous
 * (both keys can read during the rotation). With the same key and no previous one it only
 * upgrades what an older version wrote. Prints counts only, never data.
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
        `recomputed link keys of ${result.cases} case(s) and re-encrypted ` +
        `${result.assessments} assessment(s), ${result.notes} note(s) and ` +
        `${result.referralOutcomes} referral outcome(s) and ` +
        `${result.referralMessages} referral message(s); ` +
        `re-encrypted ${result.register?.children ?? 0} child file(s), ` +
        `${result.register?.guardians ?? 0} guardian(s) and ${result.register?.visits ?? 0} visit(s).\n`,
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
