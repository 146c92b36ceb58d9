// `npm run day [-- options]`: installs what is missing, builds what is stale, then runs the
// simulated day (run.mjs). docs/SERVICE-LEVELS.md explains what it measures and its figures.
import { ensureBuilt, ensureDependencies } from '../lib.mjs';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
ensureDependencies();
if (!noBuild) ensureBuilt();

// Imported only now: the day needs the installed dependencies and the built packages.
const { main } = await import('./run.mjs');
try {
  const ok = await main(args.filter((a) => a !== '--no-build'));
  process.exit(ok ? 0 : 1);
} catch (err) {
  console.error(`\n✖ ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(2);
}
