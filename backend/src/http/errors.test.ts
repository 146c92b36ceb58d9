import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { withSafeErrors } from '../lib/logger.js';
import { createTestDatabase, TEST_DB_KIND } from '../../test/db.js';
import { request } from '../../test/http.js';
import { duplicateKey, errorHandler } from './errors.js';
import { captureLogs } from '../../test/logs.js';

const MARKER = '保密孩子上官';

describe(`the error handler and text the database refuses (${TEST_DB_KIND})`, () => {
  let database: Database;
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let url = '';
  const logs = captureLogs();

  beforeAll(async () => {
    database = await createTestDatabase();
    const log = withSafeErrors(logs.log);
    const app = express();
    app.use(express.json());
    // Routes that hand a value to PostgreSQL without the input check (as a future one might).
    app.post('/text', async (req, res) => {
      await database.db.execute(sql`select ${(req.body as { v: string }).v}::text`);
      res.json({ ok: true });
    });
    app.post('/jsonb', async (req, res) => {
      await database.db.execute(sql`select ${JSON.stringify(req.body)}::jsonb`);
      res.json({ ok: true });
    });
    app.use(errorHandler(log));
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  });

  it('answers 400 for a NUL PostgreSQL refuses in text or jsonb, and logs no value', async () => {
    for (const path of ['/text', '/jsonb']) {
      const res = await request(url, path, { body: { v: `${MARKER}\u0000` } });
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.data.errorId).toEqual(expect.any(String));
    }
    expect(logs.text()).toContain('unstorable text');
    expect(logs.text()).not.toContain(MARKER);
  });
});

describe('duplicateKey', () => {
  it('finds a key an object names twice, at any depth, however it is escaped', () => {
    expect(duplicateKey('{"a":1,"a":2}')).toBe('a');
    expect(duplicateKey('{"a":[1,{"b":1,"b":2}]}')).toBe('b');
    expect(duplicateKey('{"\\u0061":1,"a":2}')).toBe('a');
    expect(duplicateKey('{"x":{"y":1},"x":2}')).toBe('x');
  });

  it('passes the same key in different objects, and quotes inside strings', () => {
    expect(duplicateKey('{"a":{"a":1},"b":2}')).toBeUndefined();
    expect(duplicateKey('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(duplicateKey('{"a":"x\\",\\"a\\":1","b":"a"}')).toBeUndefined();
    expect(duplicateKey(`{"n":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)).toBeUndefined();
  });
});
