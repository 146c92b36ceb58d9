import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { REFERENCE_PATTERN } from '@hutong/shared';
import { contacts, outbox, reports } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { openChildren } from '../privacy/case-content.js';

describe(`POST /api/reports (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  const stored = async () => {
    const [r] = await server.database.db.select({ n: count() }).from(reports);
    const [c] = await server.database.db.select({ n: count() }).from(contacts);
    return { reports: r!.n, contacts: c!.n };
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('stores the report with its outbox row and answers 201 with a reference', async () => {
    const res = await request(server.url, '/api/reports', { body: buildReport() });
    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(REFERENCE_PATTERN);
    expect(new Date(res.body.receivedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const [row] = await server.database.db
      .select()
      .from(reports)
      .where(eq(reports.id, res.body.id));
    expect(row?.categories).toEqual(['violence_injury']);
    // The child's name is stored encrypted (issue 9); sex and age stay in clear for triage.
    expect(row?.children).toEqual([
      { name: expect.stringMatching(/^enc:v2:/), sex: 'male', age: 9 },
    ]);
    expect(openChildren(row!.children)).toEqual([{ name: '小明', sex: 'male', age: 9 }]);
    const jobs = await server.database.db.select().from(outbox).where(eq(outbox.topic, 'job'));
    expect(jobs.some((j) => j.payload.jobId === `triage-${res.body.id}`)).toBe(true);
  });

  it('accepts the minimal report: categories, immediateDanger and one empty child', async () => {
    const res = await request(server.url, '/api/reports', {
      body: { categories: ['bullying'], immediateDanger: false, children: [{}] },
    });
    expect(res.status).toBe(201);
    const [row] = await server.database.db
      .select()
      .from(reports)
      .where(eq(reports.id, res.body.id));
    expect(row?.reporter).toEqual({ type: 'anonymous' });
    expect(row?.language).toBe('zh-CN');
  });

  it('returns the first answer to a replayed Idempotency-Key and stores one report', async () => {
    const before = await stored();
    const headers = { 'Idempotency-Key': crypto.randomUUID() };
    const body = buildReport({ narrative: 'replayed' });
    const first = await request(server.url, '/api/reports', { body, headers });
    const [second, third] = await Promise.all([
      request(server.url, '/api/reports', { body, headers }),
      request(server.url, '/api/reports', { body, headers }),
    ]);
    expect(first.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await stored()).toEqual({ reports: before.reports + 1, contacts: before.contacts + 1 });
  });

  it('refuses an Idempotency-Key reused with a different body', async () => {
    const headers = { 'Idempotency-Key': crypto.randomUUID() };
    await request(server.url, '/api/reports', { body: buildReport(), headers });
    const res = await request(server.url, '/api/reports', {
      body: buildReport({ immediateDanger: true }),
      headers,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('rejects invalid fields with their paths and stores nothing', async () => {
    const before = await stored();
    const res = await request(server.url, '/api/reports', {
      body: {
        categories: [],
        immediateDanger: 'yes',
        children: [{ age: 40, sex: 'x' }],
        narrative: 'x'.repeat(20_001),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.data).sort()).toEqual(
      ['categories', 'children.0.age', 'children.0.sex', 'immediateDanger', 'narrative'].sort(),
    );
    expect(await stored()).toEqual(before);
  });

  it('rejects unknown fields, an unknown region code and a bad Idempotency-Key', async () => {
    const unknownField = await request(server.url, '/api/reports', {
      body: { ...buildReport(), extra: 1 },
    });
    expect(unknownField.status).toBe(400);
    const region = await request(server.url, '/api/reports', {
      body: buildReport({ location: { regionCode: '999999' } }),
    });
    expect(region.status).toBe(400);
    expect(region.body.error.data).toEqual({ 'location.regionCode': 'Unknown region code' });
    const key = await request(server.url, '/api/reports', {
      body: buildReport(),
      headers: { 'Idempotency-Key': 'short' },
    });
    expect(key.status).toBe(400);
    expect(key.body.error.data).toHaveProperty('Idempotency-Key');
  });

  it('answers 413 to an oversize body, 400 to broken JSON and 415 to other content types', async () => {
    const before = await stored();
    const big = await request(server.url, '/api/reports', {
      raw: JSON.stringify(buildReport({ narrative: 'x'.repeat(300_000) })),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const broken = await request(server.url, '/api/reports', {
      raw: '{"categories": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('INVALID_JSON');
    const form = await request(server.url, '/api/reports', {
      raw: 'categories=bullying',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(await stored()).toEqual(before);
  });

  it('never leaks a stack trace in an error body', async () => {
    const res = await request(server.url, '/api/reports', {
      raw: '{"categories": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });
});
