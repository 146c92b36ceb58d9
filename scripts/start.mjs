// `npm start`: install what is missing, build what is stale, then run Hutong (API + workers +
// console on one port). Extra arguments pass through, e.g. `npm start -- --role api`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, ensureDependencies, root } from './lib.mjs';

ensureDependencies();
ensureBuilt();

const child = spawn(
  process.execPath,
  [join(root, 'backend/dist/main.js'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the child from the terminal itself; a SIGTERM sent to us is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
