// Helpers for the root scripts. Plain Node, no dependencies: they run before `npm ci` has.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function mustRun(command, args, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n✖ ${command} ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}

/** Newest modification time of any file under the given paths (0 if none). */
export function newest(paths) {
  let latest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p))
        if (name !== 'node_modules' && name !== 'dist') visit(join(p, name));
    } else latest = Math.max(latest, s.mtimeMs);
  };
  paths.forEach((p) => visit(join(root, p)));
  return latest;
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('› Installing dependencies (npm ci)…');
  mustRun('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Compiles the TypeScript packages (incremental) and builds the console when its sources changed. */
export function ensureBuilt() {
  console.log('› Building the server (tsc -b)…');
  mustRun('npx', ['tsc', '-b']);
  const builtAt = newest(['console/dist']);
  const sourcesAt = newest([
    'console/src',
    'console/index.html',
    'console/vite.config.ts',
    'console/service-worker.js',
    'shared/src',
  ]);
  if (builtAt === 0 || sourcesAt > builtAt) {
    console.log('› Building the console (vite build)…');
    mustRun('npm', ['run', 'build', '-w', '@hutong/console']);
  }
}
