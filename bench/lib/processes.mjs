// Everything the benchmark starts (redis-server, the Hutong server, helper processes, temporary
// directories, databases) is registered here and torn down at the end, on error or on Ctrl-C.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @type {Array<{ name: string, run: () => Promise<void> | void }>} */
const cleanups = [];
let cleaning = null;

/** Registers a teardown step; steps run in reverse order of registration. */
export function onCleanup(name, run) {
  cleanups.push({ name, run });
}

/** Runs every teardown step once (later calls wait for the first). */
export function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop();
      try {
        await withTimeout(Promise.resolve().then(step.run), 15_000, `cleanup ${step.name}`);
      } catch (err) {
        console.error(
          `  ! cleanup ${step.name} failed: ${err instanceof Error ? err.message : err}`,
        );
      }
    }
  })();
  return cleaning;
}

/** Ctrl-C / SIGTERM: tear down, then exit. A second signal exits at once. */
export function installSignalHandlers() {
  let signalled = false;
  const onSignal = (signal) => {
    if (signalled) process.exit(130);
    signalled = true;
    console.error(`\n  ${signal}: stopping everything the benchmark started…`);
    cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      timer.unref?.();
    }),
  ]);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A temporary directory removed at the end. */
export function tempDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `hutong-bench-${label}-`));
  onCleanup(`rm ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a child process, keeps the tail of its output for error messages, and registers its
 * stop (SIGTERM, then SIGKILL after `killAfterMs`).
 */
export function startProcess(name, command, args, options = {}) {
  const { env, cwd, killAfterMs = 15_000, echo = false, logFile } = options;
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = [];
  // Everything the process prints, kept whole when asked (the tail below keeps 80 lines).
  const file = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  const keep = (chunk) => {
    const text = chunk.toString();
    if (echo) process.stderr.write(text);
    file?.write(text);
    for (const line of text.split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 80) tail.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.once('close', () => file?.end());
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.once('error', (err) => {
      exited = { code: null, signal: null, error: err };
      resolve(exited);
    });
  });
  const stop = async () => {
    if (exited) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const result = await exit;
    clearTimeout(timer);
    return result;
  };
  onCleanup(`stop ${name}`, stop);
  return {
    name,
    child,
    pid: child.pid,
    exit,
    stop,
    tail: () => tail.join('\n'),
    get exited() {
      return exited;
    },
  };
}

/** Resident memory of a process in MB (VmRSS from /proc), or null where /proc is missing. */
export function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms; null when it is gone. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, at 100 ticks/s
  } catch {
    return null;
  }
}

/**
 * The whole machine's CPU time so far, from /proc/stat's first line: `busyMs` (every state but
 * idle and iowait) and `totalMs`, summed over all CPUs, or null where there is no /proc.
 */
export function machineCpuMs() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = ticks.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0); // guest time is inside user already
    const idle = n[3] + n[4];
    return { busyMs: (total - idle) * 10, totalMs: total * 10 };
  } catch {
    return null;
  }
}

/** Sends PING to a redis-server until it answers PONG (bounded). */
export async function waitForRedis(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

/** A private, non-persistent redis-server on a free port. */
export async function startRedis() {
  const port = await freePort();
  const proc = startProcess(
    'redis-server',
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    { killAfterMs: 5000 },
  );
  const failed = proc.exit.then((r) => {
    throw new Error(
      r.error?.code === 'ENOENT'
        ? 'redis-server was not found on PATH; install Redis or set REDIS_URL'
        : `redis-server exited early:\n${proc.tail()}`,
    );
  });
  await Promise.race([waitForRedis(port), failed]);
  failed.catch(() => undefined);
  return { url: `redis://127.0.0.1:${port}`, proc };
}
