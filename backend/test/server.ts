import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { startHutong, type Hutong } from '../src/hutong.js';
import { createLogger, type Logger } from '../src/lib/logger.js';
import { createTestDatabase } from './db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by backend/test/global-setup.ts. */
    redisUrl: string;
  }
}

export const DEMO_PASSWORD = 'demo-password-123';

export interface TestServer {
  hutong: Hutong;
  url: string;
  database: Database;
  redisUrl: string;
  prefix: string;
  /** Signs in a demo user and returns the Cookie header value. */
  login(username: string): Promise<string>;
  /** Stops the system; pass `keepDatabase` to start another on the same data (a restart). */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Reuse a database (a restart after a crash); otherwise a fresh one. */
  database?: Database;
  /** Reuse a Redis prefix (the same queues across a restart). */
  prefix?: string;
  /** A logger of the test's own (e.g. writing to a buffer the test reads). */
  log?: Logger;
  /** Another Redis than the shared test server (e.g. a relay a test can cut). */
  redisUrl?: string;
}

/** The data key each test database was written under, so a restart on it reads what it wrote. */
const dataKeys = new WeakMap<Database, string>();

/** A whole Hutong (API, Socket.IO, relay, workers) on a random port, a fresh database and Redis prefix. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const redisUrl = options.redisUrl ?? inject('redisUrl');
  const prefix = options.prefix ?? `t${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hutong-test-'));
  const database = options.database ?? (await createTestDatabase());
  const dataKey =
    options.env?.HUTONG_DATA_KEY ?? dataKeys.get(database) ?? randomBytes(32).toString('base64');
  dataKeys.set(database, dataKey);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    HUTONG_DATA_DIR: dataDir,
    HUTONG_REDIS_PREFIX: prefix,
    HUTONG_DATA_KEY: dataKey,
    HUTONG_INTAKE_RATE_LIMIT: '10000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const hutong = await startHutong(config, {
    redisUrl,
    database,
    demoPassword: DEMO_PASSWORD,
    log: options.log ?? createLogger(config.logLevel),
  });
  const url = hutong.url;
  return {
    hutong,
    url,
    database,
    redisUrl,
    prefix,
    async login(username) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status}`);
      const cookie = res.headers.get('set-cookie');
      if (!cookie) throw new Error('no session cookie');
      return cookie.split(';')[0]!;
    },
    async stop(stopOptions = {}) {
      await hutong.stop();
      if (!stopOptions.keepDatabase) {
        if (!options.database) await database.close();
        await deleteKeys(redisUrl, prefix);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Removes a test's Redis keys so the shared server does not fill up across runs. */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}
