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

  it('sizes the database pool, triage concurrency and fetchers, 20, 64 and 4 unless told otherwise', () => {
    expect(loadConfig({ HUTONG_DATA_DIR: dataDir() })).toMatchObject({
      databasePoolSize: 20,
      triageConcurrency: 64,
      triageFetchers: 4,
      triageInProcess: true,
      databaseQueryTimeoutMs: 60_000,
    });
    expect(
      loadConfig({
        HUTONG_DATA_DIR: dataDir(),
        DATABASE_POOL_SIZE: '40',
        HUTONG_TRIAGE_CONCURRENCY: '32',
        HUTONG_TRIAGE_FETCHERS: '2',
        HUTONG_TRIAGE_IN_PROCESS: 'false',
        DATABASE_QUERY_TIMEOUT_MS: '0',
      }),
    ).toMatchObject({
      databasePoolSize: 40,
      triageConcurrency: 32,
      triageFetchers: 2,
      triageInProcess: false,
      databaseQueryTimeoutMs: 0,
    });
    expect(() => loadConfig({ DATABASE_QUERY_TIMEOUT_MS: '-1' })).toThrow(
      /DATABASE_QUERY_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ HUTONG_TRIAGE_FETCHERS: '0' })).toThrow(/HUTONG_TRIAGE_FETCHERS/);
    expect(() => loadConfig({ HUTONG_TRIAGE_IN_PROCESS: 'yes' })).toThrow(
      /HUTONG_TRIAGE_IN_PROCESS/,
    );
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

  it('migrates over DATABASE_MIGRATION_URL when given, else over DATABASE_URL', () => {
    const base = { HUTONG_DATA_DIR: dataDir(), DATABASE_URL: 'postgres://hutong_app:pw@db/hutong' };
    expect(loadConfig(base).databaseMigrationUrl).toBeUndefined();
    expect(
      loadConfig({ ...base, DATABASE_MIGRATION_URL: 'postgres://hutong:pw@db/hutong' }),
    ).toMatchObject({
      databaseUrl: 'postgres://hutong_app:pw@db/hutong',
      databaseMigrationUrl: 'postgres://hutong:pw@db/hutong',
    });
    expect(() => loadConfig({ ...base, DATABASE_MIGRATION_URL: 'mysql://x' })).toThrow(
      /DATABASE_MIGRATION_URL/,
    );
    // PGlite has one user; and the app's role must be named to be granted its privileges.
    expect(() =>
      loadConfig({ HUTONG_DATA_DIR: dataDir(), DATABASE_MIGRATION_URL: 'postgres://o@db/h' }),
    ).toThrow(/DATABASE_MIGRATION_URL: needs DATABASE_URL/);
    expect(() =>
      loadConfig({
        HUTONG_DATA_DIR: dataDir(),
        DATABASE_URL: 'postgres://db/hutong',
        DATABASE_MIGRATION_URL: 'postgres://o@db/h',
      }),
    ).toThrow(/DATABASE_URL: must name its role/);
  });

  it('listens on loopback in demo mode and on every address in production, unless HOST says', () => {
    expect(loadConfig({ HUTONG_DATA_DIR: dataDir() }).host).toBe('127.0.0.1');
    expect(loadConfig({ HUTONG_DATA_DIR: dataDir(), HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    const production = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/hutong',
      REDIS_URL: 'redis://redis:6379',
      HUTONG_DATA_KEY: randomBytes(32).toString('base64'),
      HUTONG_PUBLIC_URL: 'https://hotline.example.org/',
    });
    expect(production.host).toBe('0.0.0.0');
  });

  it('trusts no proxy unless HUTONG_TRUSTED_PROXIES names them or a hop count', () => {
    const trust = (value?: string) =>
      loadConfig({
        HUTONG_DATA_DIR: dataDir(),
        ...(value === undefined ? {} : { HUTONG_TRUSTED_PROXIES: value }),
      }).trustProxy;
    expect(trust()).toBe(false);
    expect(trust('')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.5, 10.1.0.0/16,loopback, fd00::/8')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'loopback',
      'fd00::/8',
    ]);
  });

  it('lists every bad entry of HUTONG_TRUSTED_PROXIES with the other problems', () => {
    try {
      loadConfig({
        HUTONG_TRUSTED_PROXIES: '10.0.0.5, proxy.internal, 10.0.0.0/33, 1.2.3.4/8/9',
        PORT: 'eighty',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toContainEqual(expect.stringMatching(/^PORT/));
      const proxies = problems.filter((p) => p.startsWith('HUTONG_TRUSTED_PROXIES'));
      expect(proxies).toHaveLength(3);
      expect(proxies.join('\n')).toMatch(
        /proxy\.internal[\s\S]*10\.0\.0\.0\/33[\s\S]*1\.2\.3\.4\/8\/9/,
      );
    }
  });

  it('limits failed sign-ins per address, 30 in 15 minutes unless told otherwise', () => {
    expect(loadConfig({ HUTONG_DATA_DIR: dataDir() }).loginRateLimit).toBe(30);
    expect(
      loadConfig({ HUTONG_DATA_DIR: dataDir(), HUTONG_LOGIN_RATE_LIMIT: '5' }).loginRateLimit,
    ).toBe(5);
    expect(() => loadConfig({ HUTONG_LOGIN_RATE_LIMIT: '0' })).toThrow(/HUTONG_LOGIN_RATE_LIMIT/);
  });
});
