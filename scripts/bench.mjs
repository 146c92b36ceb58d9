// `npm run bench`: install what is missing, build what is stale, then measure (bench/run.mjs).
// `npm run bench -- --help` lists the options; docs/PERFORMANCE.md explains the figures.
import { ensureBuilt, ensureDependencies } from './lib.mjs';

// `--no-build` benchmarks the build already in dist (e.g. while a colleague's edit breaks tsc).
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
ensureDependencies();
if (!noBuild) ensureBuilt();

// Imported only now: the benchmark needs the installed dependencies and the built packages.
const { main } = await import('../bench/run.mjs');
try {
  await main(args.filter((a) => a !== '--no-build'));
  process.exit(0);
} catch (err) {
  console.error(`\n✖ ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
