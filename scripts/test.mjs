// `npm test`: lint and typecheck side by side, then every test (PGlite); when
// HUTONG_TEST_DATABASE_URL is set, the backend and browser tests run a second time against that
// PostgreSQL server, after the first pass (run beside it on a 2-core machine, the two passes
// took longer than one after the other). Within a pass, vitest runs two files at a time and the
// backend and browser files share one module graph (vitest.config.ts says why and what it saved).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveBrowser } from './browser.mjs';
import { ensureBuilt, ensureDependencies, root } from './lib.mjs';
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

/**
 * Runs a command to its end: its output to ours, or (with `log`) to that file. Resolves with the
 * exit status (1 when it could not start or was killed).
 */
function start(command, args, { env = process.env, log } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env,
      stdio: log ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    if (log) {
      const file = createWriteStream(log);
      child.stdout.pipe(file, { end: false });
      child.stderr.pipe(file, { end: false });
      child.on('close', () => file.end());
    }
    child.on('error', (error) => {
      console.error(`✖ ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (status) => resolve(status ?? 1));
  });
}

const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

console.log('› Lint and typecheck');
const checksStarted = Date.now();
const [lint, types] = await Promise.all([
  start('npx', ['eslint', '.', '--max-warnings', '0']),
  start('npm', ['run', 'typecheck']),
]);
if (lint !== 0 || types !== 0) {
  console.error(`\n✖ ${lint !== 0 ? 'lint' : 'typecheck'} failed`);
  process.exit(1);
}
console.log(`  (${seconds(checksStarted)})`);

const out = join(root, 'node_modules', '.cache', 'hutong-test');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const { HUTONG_TEST_DATABASE_URL, ...pgliteEnv } = process.env;
const serverEnv = { ...process.env };
const project = (...names) => names.flatMap((name) => ['--project', name]);
// Browser tests of the device alone, which the database cannot change, run once (on PGlite):
// the phone-width walk through every screen (layout), the service worker across builds, the
// offline reload, the outage banner and the API docs page.
const deviceOnly = ['phone-widths', 'sw-update', 'offline-reload', 'resilience', 'api-docs'];

/** One vitest run, its output ours and its JSON report in the cache. */
function pass(name, env, args) {
  const report = join(out, `${name}.json`);
  const args2 = [
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  const started = Date.now();
  return start('npx', args2, { env }).then((status) => ({
    name,
    status,
    report,
    took: seconds(started),
  }));
}

const results = [];
console.log('› Tests on PGlite');
results.push(await pass('pglite', pgliteEnv, []));
if (HUTONG_TEST_DATABASE_URL) {
  console.log('\n› Tests on the PostgreSQL server (backend and browser)');
  const excluded = deviceOnly.flatMap((name) => ['--exclude', `e2e/${name}.e2e.test.ts`]);
  results.push(
    await pass('postgres-server', serverEnv, [...project('backend', 'e2e'), ...excluded]),
  );
}

let passed = 0;
let failed = 0;
const failing = [];
for (const result of results) {
  const json = existsSync(result.report) ? JSON.parse(readFileSync(result.report, 'utf8')) : null;
  const counted = summarise(json, result.status);
  passed += counted.passed;
  failed += counted.failed;
  console.log(
    `  ${result.name}: ${counted.passed} passed, ${counted.failed} failed (${result.took})`,
  );
  counted.failedTests.forEach((test, i) => {
    console.error(`✖ ${result.name}: ${test}`);
    if (counted.reasons[i]) console.error(counted.reasons[i].replace(/^/gm, '    '));
  });
  for (const file of counted.failedFiles) console.error(`✖ ${result.name}: ${file} failed to run`);
  if (counted.outside)
    console.error(`✖ ${result.name}: errors outside any test (exit ${result.status})`);
  if (result.status !== 0 || counted.failed > 0) failing.push(result.name);
}
console.log(`\nTests: ${passed} passed, ${failed} failed`);
if (failing.length > 0) {
  console.error(`✖ failing: ${failing.join(', ')}`);
  process.exit(1);
}
