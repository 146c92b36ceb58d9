// `npm test`: lint, typecheck, then every test (PGlite); when HUTONG_TEST_DATABASE_URL is set,
// the backend and browser tests run a second time against that PostgreSQL server.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveBrowser } from './browser.mjs';
import { ensureBuilt, ensureDependencies, mustRun, root, run } from './lib.mjs';
import { summarise } from './test-summary.mjs';

ensureDependencies();
ensureBuilt();

// The browser tests need Chromium: chosen once here so every test file drives the same one.
try {
  const browser = resolveBrowser();
  process.env.CHROMIUM_PATH = browser.path;
  console.log(`› Browser: ${browser.path} (${browser.source})`);
} catch (error) {
  // The run goes on: the browser tests fail with this reason, and the count says so.
  console.error(`✖ ${error.message}`);
}

console.log('› Lint');
mustRun('npx', ['eslint', '.', '--max-warnings', '0']);
console.log('› Typecheck');
mustRun('npm', ['run', 'typecheck']);

const out = join(root, 'node_modules', '.cache', 'hutong-test');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const { HUTONG_TEST_DATABASE_URL, ...pgliteEnv } = process.env;
const passes = [{ name: 'pglite', env: pgliteEnv, args: [] }];
if (HUTONG_TEST_DATABASE_URL) {
  passes.push({
    name: 'postgres-server',
    env: { ...process.env },
    // Browser tests of the device alone, which the database cannot change, run once (on PGlite):
    // the phone-width walk through every screen (layout), the service worker across builds, the
    // offline reload, the outage banner and the API docs page.
    args: [
      '--project',
      'backend',
      '--project',
      'e2e',
      ...['phone-widths', 'sw-update', 'offline-reload', 'resilience', 'api-docs'].flatMap(
        (name) => ['--exclude', `e2e/${name}.e2e.test.ts`],
      ),
    ],
  });
}

let passed = 0;
let failed = 0;
const failedPasses = [];
for (const pass of passes) {
  console.log(`› Tests on ${pass.name}`);
  const report = join(out, `${pass.name}.json`);
  const status = run(
    'npx',
    [
      'vitest',
      'run',
      ...pass.args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { env: pass.env },
  );
  const json = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null;
  const counted = summarise(json, status);
  passed += counted.passed;
  failed += counted.failed;
  for (const file of counted.failedFiles) console.error(`✖ ${pass.name}: ${file} failed to run`);
  if (counted.outside) console.error(`✖ ${pass.name}: errors outside any test (exit ${status})`);
  if (status !== 0 || counted.failed > 0) failedPasses.push(pass.name);
}
console.log(`\nTests: ${passed} passed, ${failed} failed`);
if (failedPasses.length > 0) {
  console.error(`✖ failing: ${failedPasses.join(', ')}`);
  process.exit(1);
}
