import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startPrivateRedis, type PrivateRedis } from '../src/lib/redis-server.js';
import { createDatabaseTemplate } from './db-template.js';

/**
 * Tests use the machine's Redis (TEST_REDIS_URL, default 127.0.0.1:6379) with a unique key
 * prefix each; where none answers, one private redis-server is started for the whole run. The
 * database every test file starts from is migrated here once (see db-template.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const wanted = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const probe = new Redis(wanted, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  let own: PrivateRedis | undefined;
  let dir: string | undefined;
  try {
    await probe.connect();
    await probe.ping();
    project.provide('redisUrl', wanted);
  } catch {
    dir = mkdtempSync(join(tmpdir(), 'hutong-test-redis-'));
    own = await startPrivateRedis(dir);
    project.provide('redisUrl', own.url);
  } finally {
    probe.disconnect();
  }
  const template = await createDatabaseTemplate(process.env.HUTONG_TEST_DATABASE_URL);
  project.provide('databaseTemplate', template.ref);
  return async () => {
    await template.drop();
    await own?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
