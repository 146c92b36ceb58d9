import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export class RedisNotFoundError extends Error {
  constructor() {
    super(
      [
        'No REDIS_URL is set and no redis-server was found on PATH.',
        'Either install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`;',
        'macOS: `brew install redis`) or point REDIS_URL at a running server,',
        'e.g. REDIS_URL=redis://127.0.0.1:6379 npm start',
      ].join('\n'),
    );
    this.name = 'RedisNotFoundError';
  }
}

/** A private redis-server for `npm start` with no REDIS_URL: durable (AOF) and never evicting. */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

function redisServerAvailable(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivateRedis(dir: string): Promise<PrivateRedis> {
  if (!redisServerAvailable()) throw new RedisNotFoundError();
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      // BullMQ must never lose keys to eviction.
      '--maxmemory-policy',
      'noeviction',
      '--logfile',
      'redis.log',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined); // Refused connections are expected until it is up.
  for (let i = 0; ; i++) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch {
      if (i > 100 || child.exitCode !== null) {
        child.kill();
        throw new Error(`redis-server did not start (see ${dir}/redis.log)`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
