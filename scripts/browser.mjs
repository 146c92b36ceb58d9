// Finds the Chromium the browser tests drive. Plain Node, no dependencies of its own: `npm test`
// calls it before vitest starts, and e2e/support/browser.ts calls it when vitest runs alone.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where a system Chromium or Chrome usually lives; the first that exists wins. */
export const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Names looked up on PATH after the fixed candidates. */
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The npm package that ships a Chromium binary inside its tarball (no download at install). */
export const BUNDLED_PACKAGE = '@sparticuz/chromium';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A system browser: a fixed path, then PATH. Null when the machine has none. */
export function findSystemBrowser(
  candidates = SYSTEM_CANDIDATES,
  pathDirs = (process.env.PATH ?? '').split(delimiter),
) {
  const fixed = candidates.find(executable);
  if (fixed) return fixed;
  for (const dir of pathDirs.filter(Boolean))
    for (const name of PATH_NAMES) if (executable(join(dir, name))) return join(dir, name);
  return null;
}

/**
 * The Chromium that arrives with `npm ci` (a devDependency): its brotli-packed binary is unpacked
 * once per version under node_modules/.cache, into a staging folder renamed into place, so two
 * runs never launch a half-written binary. Null where the package is absent or has no build.
 */
export function bundledBrowser(
  cacheRoot = join(root, 'node_modules', '.cache', 'hutong-chromium'),
) {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) return null;
  // The package's exports hide package.json from require.resolve; npm ci installs it at the root.
  const manifest = join(root, 'node_modules', BUNDLED_PACKAGE, 'package.json');
  if (!existsSync(manifest)) return null;
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  const target = join(cacheRoot, version);
  const binary = join(target, 'chromium');
  if (executable(binary)) return binary;

  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // The package unpacks into os.tmpdir(); pointing TMPDIR at the staging folder keeps it ours.
  const unpack = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { default: c } = await import(${JSON.stringify(BUNDLED_PACKAGE)}); console.log(await c.executablePath());`,
    ],
    { cwd: root, env: { ...process.env, TMPDIR: staging }, encoding: 'utf8' },
  );
  if (unpack.status !== 0 || !existsSync(join(staging, 'chromium'))) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Could not unpack ${BUNDLED_PACKAGE}: ${unpack.stderr?.trim() || 'no binary'}`);
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another run got there first; use its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!executable(binary)) throw error;
  }
  return binary;
}

/** Debian's package, when this process may install it (root, apt-get on PATH). */
function installWithApt() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) return null;
  console.log('› No Chromium found: apt-get install chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const status = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env,
  }).status;
  return status === 0 ? findSystemBrowser() : null;
}

/**
 * The browser for the tests, in this order: `CHROMIUM_PATH` when set (it must exist); a system
 * Chromium or Chrome; the one shipped by the npm package; Debian's package installed with apt-get
 * when running as root. `HUTONG_TEST_BROWSER=bundled` skips the system's, as CI does to prove a
 * machine without Chromium passes. Throws with what to do when none can be had.
 */
export function resolveBrowser(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (!executable(env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`);
    return { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  const bundledOnly = env.HUTONG_TEST_BROWSER === 'bundled';
  const system = bundledOnly ? null : findSystemBrowser();
  if (system) return { path: system, source: 'system' };
  const bundled = bundledBrowser();
  if (bundled) return { path: bundled, source: BUNDLED_PACKAGE };
  const installed = bundledOnly ? null : installWithApt();
  if (installed) return { path: installed, source: 'apt-get' };
  throw new Error(
    `No Chromium: install one (Debian: apt-get install chromium), set CHROMIUM_PATH, or run ` +
      `npm ci so that ${BUNDLED_PACKAGE} provides it`,
  );
}
