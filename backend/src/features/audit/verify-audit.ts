import type { Config } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { verifyAuditChain, type AuditChainAnchor } from './audit-chain.js';

/** Bad arguments to `npm run verify-audit`. */
export class VerifyUsageError extends Error {}

/** `--anchor <id>:<hash>` (or `--anchor=<id>:<hash>`) from the command line, if given. */
export function parseAnchor(args: readonly string[]): AuditChainAnchor | undefined {
  const inline = args.find((a) => a.startsWith('--anchor='))?.slice('--anchor='.length);
  const index = args.indexOf('--anchor');
  const value = inline ?? (index >= 0 ? args[index + 1] : undefined);
  if (value === undefined) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) {
    throw new VerifyUsageError(
      'Usage: npm run verify-audit [-- --anchor <id>:<hash>]  (the id and 64-hex hash printed by an earlier run)',
    );
  }
  return { id: Number(match[1]), hash: match[2]! };
}

/**
 * Walks the audit log's hash chain in the configured database and writes what it found with
 * `print`; answers the exit code: 0 when every link holds, 1 at the first broken one.
 */
export async function runVerifyAudit(
  config: Config,
  args: readonly string[],
  print: (line: string) => void,
): Promise<number> {
  const anchor = parseAnchor(args);
  const database = await openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl, poolSize: 2 }
      : { dataDir: `${config.dataDir}/pg` },
  );
  try {
    await database.migrate();
    const report = await verifyAuditChain(database.db, { anchor });
    if (!report.ok) {
      print(`Audit log chain BROKEN at row #${report.broken.id}: ${report.broken.message}.`);
      print(`${report.rows} row(s) before it check out.`);
      return 1;
    }
    if (!report.head) {
      print('Audit log is empty: nothing to verify.');
      return 0;
    }
    const { id, hash } = report.head;
    print(
      `Audit log intact: ${report.rows} row(s) chained${anchor ? `, anchor #${anchor.id} matches` : ''}; head #${id} ${hash}.`,
    );
    print(
      `Keep the head outside this database; \`npm run verify-audit -- --anchor ${id}:${hash}\` later proves no row up to it was rewritten.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
