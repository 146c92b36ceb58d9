import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ZContactHistory, ZDirectory, ZDirectoryEntry } from '@hutong/shared';
import { auditLog } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { fileReport } from '../../../test/cases.js';
import { request } from '../../../test/http.js';
import { captureLogs } from '../../../test/logs.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`the directory and contact history (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let admin: string;
  const logs = captureLogs();

  beforeAll(async () => {
    server = await startTestServer({ log: logs.log });
    operator = await server.login('operator');
    admin = await server.login('admin');
  });
  afterAll(() => server?.stop());

  const directory = async (query: string) => {
    const res = await request(server.url, `/api/directory${query}`, { cookie: operator });
    expect(res.status).toBe(200);
    return ZDirectory.parse(res.body);
  };

  it('lists an area’s police, hospitals and centres, townships below it included', async () => {
    const ruyuan = await directory('?regionCode=440232');
    const names = ruyuan.entries.map((e) => e.name);
    expect(names).toContain('乳源瑶族自治县公安局必背派出所');
    expect(names).toContain('乳源瑶族自治县人民医院');
    expect(names.some((n) => n.startsWith('天河区'))).toBe(false);
    expect(ruyuan.entries.find((e) => e.kind === 'police')).toMatchObject({
      phone: '0751-5321110',
      region: { code: '440232104', path: ['广东省', '韶关市', '乳源瑶族自治县', '必背镇'] },
    });
    expect(ruyuan.centres.map((c) => c.name)).toEqual(['乳源瑶族自治县未成年人救助保护中心']);

    // A village finds the township's police station and the centres covering it from above.
    const village = await directory('?regionCode=440106001001');
    expect(village.entries).toEqual([]);
    const township = await directory('?regionCode=440106001');
    expect(township.entries.map((e) => e.name)).toEqual(['天河区公安分局五山派出所']);
    expect(township.centres.map((c) => c.name)).toContain('广州市未成年人救助保护中心');

    const searched = await directory(`?q=${encodeURIComponent('医院')}`);
    expect(searched.entries.every((e) => e.name.includes('医院'))).toBe(true);
    expect(searched.entries.length).toBeGreaterThan(0);
  });

  it('is for operators, supervisors and admins; only admins change it', async () => {
    expect((await request(server.url, '/api/directory')).status).toBe(401);
    for (const who of ['centre', 'reporter']) {
      const res = await request(server.url, '/api/directory', { cookie: await server.login(who) });
      expect(res.status).toBe(403);
    }
    const entry = {
      name: '必背镇中心学校安全办',
      kind: 'school_safety',
      phone: '0751 532 1234',
      regionCode: '440232104',
    };
    const refused = await request(server.url, '/api/directory', { body: entry, cookie: operator });
    expect(refused.status).toBe(403);

    const created = await request(server.url, '/api/directory', { body: entry, cookie: admin });
    expect(created.status).toBe(201);
    const saved = ZDirectoryEntry.parse(created.body);
    expect(saved).toMatchObject({ phone: '0751 532 1234', active: true });
    const police = await request(server.url, `/api/directory/${saved.id}`, {
      method: 'PATCH',
      body: { kind: 'police', phone: '110' },
      cookie: admin,
    });
    expect(police.status).toBe(200);
    expect(police.body).toMatchObject({ kind: 'police', phone: '110' });
    const [audited] = await server.database.db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'directory.updated'), eq(auditLog.entityId, saved.id)));
    expect(audited?.data).toEqual({ fields: ['kind', 'phone'] });
  });

  it('refuses a bad entry with 400 naming the field', async () => {
    const bad = await request(server.url, '/api/directory', {
      body: { name: '某派出所', kind: 'police', phone: '5321110', regionCode: '440232' },
      cookie: admin,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.error.data)).toEqual(['phone']);
    const region = await request(server.url, '/api/directory', {
      body: { name: '某派出所', kind: 'police', phone: '110', regionCode: '999999' },
      cookie: admin,
    });
    expect(region.status).toBe(400);
    expect(region.body.error.data).toEqual({ regionCode: 'Unknown region' });
    const missing = await request(server.url, `/api/directory/${randomUUID()}`, {
      method: 'PATCH',
      body: { active: false },
      cookie: admin,
    });
    expect(missing.status).toBe(404);
  });

  it('finds earlier contacts from a landline however it is written, audited, never logged', async () => {
    const landline = `0751-53${String(Date.now()).slice(-5)}`;
    const digits = landline.replace('-', '');
    const first = await fileReport(server, {
      reporter: { type: 'person', name: '来电人', phone: landline },
    });
    const second = await fileReport(server, { reporter: { type: 'person', phone: digits } });
    await fileReport(server, { reporter: { type: 'person', phone: '0751-5300000' } });

    const res = await request(server.url, '/api/contacts/history', {
      body: { phone: `+86 751 ${digits.slice(4)}` },
      cookie: operator,
    });
    expect(res.status).toBe(200);
    const history = ZContactHistory.parse(res.body);
    expect(history.contacts.map((c) => c.reference).sort()).toEqual(
      [first.reference, second.reference].sort(),
    );
    expect(history.contacts[0]).toMatchObject({
      kind: 'report',
      channel: 'web',
      caseStatus: expect.any(String),
    });
    // Newest first.
    expect(history.contacts[0]!.reference).toBe(second.reference);

    const audits = await server.database.db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(eq(auditLog.action, 'contacts.history_searched'));
    expect(audits.map((a) => a.data)).toContainEqual({ by: 'phone', found: 2 });
    expect(JSON.stringify(audits)).not.toContain(digits.slice(4));
    expect(logs.text()).not.toContain(digits.slice(4));

    // From the case: no number needed, the reports' hashes say who it was.
    const fromCase = await request(server.url, `/api/cases/${first.caseId}/contact-history`, {
      cookie: await server.login('supervisor'),
    });
    expect(fromCase.status).toBe(200);
    expect(ZContactHistory.parse(fromCase.body).contacts.map((c) => c.reference)).toContain(
      second.reference,
    );
  });

  it('is for operators and supervisors only, and refuses what is not a phone number', async () => {
    for (const who of ['centre', 'reporter', 'admin']) {
      const res = await request(server.url, '/api/contacts/history', {
        body: { phone: '13800000001' },
        cookie: await server.login(who),
      });
      expect(res.status).toBe(403);
    }
    const bad = await request(server.url, '/api/contacts/history', {
      body: { phone: '12' },
      cookie: operator,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data)).toEqual(['phone']);
    const none = await request(server.url, '/api/contacts/history', {
      body: { phone: '13900000009' },
      cookie: operator,
    });
    expect(ZContactHistory.parse(none.body).contacts).toEqual([]);
  });
});
