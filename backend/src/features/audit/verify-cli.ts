/**
 * Checks the audit log's hash chain:
 *   npm run verify-audit [-- --anchor <id>:<hash>]
 * against the database the configuration names (DATABASE_URL, else the PGlite data directory).
 * Prints the head to keep elsewhere, or the first broken link; exits 1 when the chain is broken,
 * 2 when it could not run. Ids and hashes only, never the rows' content.
 */
import { ConfigError, loadConfig } from '../../config.js';
import { runVerifyAudit, VerifyUsageError } from './verify-audit.js';

async function main(): Promise<void> {
  const code = await runVerifyAudit(loadConfig(), process.argv.slice(2), (line) =>
    process.stdout.write(`${line}\n`),
  );
  process.exitCode = code;
}

main().catch((err: unknown) => {
  process.stderr.write(
    err instanceof ConfigError || err instanceof VerifyUsageError
      ? `${err.message}\n`
      : `Audit verification failed: ${String(err)}\n`,
  );
  process.exitCode = 2;
});
