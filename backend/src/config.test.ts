import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'hutong-config-'));

describe('loadConfig', () => {
  it('runs on embedded defaults in demo mode', () => {
    const config = loadConfig({ HUTONG_DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      mode: 'demo',
      role: 'all',
      port: 8080,
      databaseUrl: undefined,
      redisUrl: undefined,
    });
    expect(config.dataKey).toHaveLength(32);
  });

  it('keeps the generated demo data key across restarts', () => {
    const dir = dataDir();
    expect(
      loadConfig({ HUTONG_DATA_DIR: dir }).dataKey.equals(
        loadConfig({ HUTONG_DATA_DIR: dir }).dataKey,
      ),
    ).toBe(true);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        HUTONG_DEMO_PASSWORD: 'short',
        HUTONG_TIME_SCALE: '-1',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'HUTONG_DEMO_PASSWORD', 'HUTONG_TIME_SCALE']) {
        expect(problems).toContain(name);
      }
    }
  });

  it('requires external services and a data key in production mode', () => {
    expect(() => loadConfig({ HUTONG_MODE: 'production' })).toThrow(
      /DATABASE_URL[\s\S]*REDIS_URL[\s\S]*HUTONG_DATA_KEY/,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/hutong',
      REDIS_URL: 'redis://redis:6379',
      HUTONG_DATA_KEY: randomBytes(32).toString('base64'),
      HUTONG_PUBLIC_URL: 'https://hotline.example.org/',
    });
    expect(config.production).toBe(true);
    expect(config.publicUrl).toBe('https://hotline.example.org');
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({
      HUTONG_DATA_DIR: dataDir(),
      DATABASE_URL: '',
      REDIS_URL: '',
      PORT: '',
    });
    expect(config).toMatchObject({ databaseUrl: undefined, redisUrl: undefined, port: 8080 });
  });

  it('sizes the database pool and triage concurrency, 20 and 16 unless told otherwise', () => {
    expect(loadConfig({ HUTONG_DATA_DIR: dataDir() })).toMatchObject({
      databasePoolSize: 20,
      triageConcurrency: 16,
    });
    expect(
      loadConfig({
        HUTONG_DATA_DIR: dataDir(),
        DATABASE_POOL_SIZE: '40',
        HUTONG_TRIAGE_CONCURRENCY: '32',
      }),
    ).toMatchObject({ databasePoolSize: 40, triageConcurrency: 32 });
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ HUTONG_TRIAGE_CONCURRENCY: 'many' })).toThrow(
      /HUTONG_TRIAGE_CONCURRENCY/,
    );
  });

  it('takes the role from --role', () => {
    expect(loadConfig({ HUTONG_DATA_DIR: dataDir() }, ['--role', 'worker']).role).toBe('worker');
    expect(loadConfig({ HUTONG_DATA_DIR: dataDir() }, ['--role=api']).role).toBe('api');
    expect(() => loadConfig({}, ['--role', 'both'])).toThrow(ConfigError);
  });
});
