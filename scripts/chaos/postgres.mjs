// A private PostgreSQL server for the chaos run, so it can be restarted and unplugged without
// touching the machine's shared one: `initdb` into a temporary directory, started with `pg_ctl`
// on a random port (socket directory inside the temporary directory), removed at the end. As root
// the binaries run as the `postgres` user (PostgreSQL refuses to run as root).
import { execFile } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, onCleanup } from '../../bench/lib/processes.mjs';
import { ensureDir } from './cluster.mjs';

const run = promisify(execFile);

/** The newest /usr/lib/postgresql/<version>/bin holding pg_ctl, or null. */
export function postgresBinDir(base = '/usr/lib/postgresql') {
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.length > 0 ? join(base, versions[0], 'bin') : null;
}

/** `[command, args]` to run a PostgreSQL binary: as `postgres` via runuser when we are root. */
export function asPostgresUser(binary, args, uid = userInfo().uid) {
  return uid === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

/** The postgres user's uid/gid (from /etc/passwd), to hand it the data directory. */
async function postgresIds() {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: g } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
}

/**
 * Creates and starts the server. Returns its superuser URL (trust authentication, on
 * 127.0.0.1 only), `restart()` (`pg_ctl restart -m fast`: every connection is ended, as a
 * failover or a maintenance restart does) and `stop()`.
 */
export async function privatePostgres({ dir, logsDir }) {
  const bin = postgresBinDir();
  if (!bin) {
    throw new Error(
      'no PostgreSQL binaries in /usr/lib/postgresql/*/bin for the private server; install ' +
        'postgresql, or pass --database-url=postgres://… (PostgreSQL faults are then skipped)',
    );
  }
  const root = userInfo().uid === 0;
  const data = join(ensureDir(dir), 'data');
  const sockets = ensureDir(join(dir, 'sockets'));
  // The server writes its log as `postgres`, inside the temporary directory; copied out at the end.
  const logFile = join(dir, 'postgres.log');
  writeFileSync(logFile, '');
  if (root) {
    const { uid, gid } = await postgresIds();
    for (const p of [dir, sockets, logFile]) chownSync(p, uid, gid);
  }
  const pg = async (binary, args) => {
    const [command, argv] = asPostgresUser(join(bin, binary), args);
    return run(command, argv, { maxBuffer: 8 * 1024 * 1024 });
  };
  await pg('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  // fsync off: the harness restarts it cleanly (`-m fast`) and unplugs its network; it never
  // pulls the machine's power, so durability against an OS crash is not what is tested.
  const options = [
    `-p ${port}`,
    `-k ${sockets}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    '-c fsync=off',
    '-c full_page_writes=off',
  ].join(' ');
  const ctl = (action, extra = []) =>
    pg('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', ...extra, action]);
  await ctl('start', ['-o', options]);
  let running = true;
  onCleanup('stop the private PostgreSQL', async () => {
    if (running) await ctl('stop', ['-m', 'immediate']).catch(() => undefined);
    running = false;
    copyFileSync(logFile, join(logsDir, 'postgres.log'));
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    /** A fast restart: open transactions are rolled back, every connection is ended. */
    async restart() {
      await ctl('restart', ['-m', 'fast']);
    },
    async stop() {
      if (!running) return;
      running = false;
      await ctl('stop', ['-m', 'fast']);
    },
  };
}
