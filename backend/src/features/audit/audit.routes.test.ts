import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ZAuditPage, type TAuditPage } from '@hutong/shared';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { claimedCase } from '../../../test/cases.js';

describe(`audit view (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let supervisor: string;
  let caseId: string;

  beforeAll(async () => {
    server = await startTestServer();
    supervisor = await server.login('supervisor');
    const operator = await server.login('operator');
    await request(server.url, '/api/reports', { body: buildReport() });
    caseId = await eventually(async () => {
      const res = await request(server.url, '/api/cases', { cookie: operator });
      return (res.body.cases as { id: string }[])[0]?.id;
    });
    await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
    await request(server.url, `/api/cases/${caseId}`, { cookie: supervisor });
  });
  afterAll(() => server.stop());

  const audit = async (query: string, cookie = supervisor) =>
    request(server.url, `/api/audit${query}`, { cookie });

  it('lists reads of a case with who read it, newest first', async () => {
    const res = await audit(`?caseId=${caseId}&action=case.read`);
    expect(res.status).toBe(200);
    const page = ZAuditPage.parse(res.body);
    expect(page.entries.map((e) => e.actor?.displayName)).toEqual(['值班主任 陈静', '接线员 王芳']);
    expect(page.entries.map((e) => e.actor?.username)).toEqual(['supervisor', 'operator']);
    expect(page.entries[0]!.caseReference).toMatch(/^HT-/);
  });

  it('filters by user and by time', async () => {
    const all = ZAuditPage.parse((await audit('?action=case.read')).body);
    const supervisorId = all.entries.find((e) => e.actor?.displayName === '值班主任 陈静')!.actor!
      .id;
    const mine = ZAuditPage.parse((await audit(`?userId=${supervisorId}`)).body);
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(mine.entries.every((e) => e.actor?.id === supervisorId)).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(ZAuditPage.parse((await audit(`?from=${future}`)).body).entries).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(ZAuditPage.parse((await audit(`?to=${past}`)).body).entries).toEqual([]);
  });

  it('pages with before, without gaps or repeats', async () => {
    const seen: number[] = [];
    let page: TAuditPage = ZAuditPage.parse((await audit('?limit=2')).body);
    seen.push(...page.entries.map((e) => e.id));
    while (page.nextBefore !== null) {
      page = ZAuditPage.parse((await audit(`?limit=2&before=${page.nextBefore}`)).body);
      seen.push(...page.entries.map((e) => e.id));
    }
    const everything = ZAuditPage.parse((await audit('?limit=500')).body).entries.map((e) => e.id);
    // The paging itself reads nothing new into the log, so the two lists must agree.
    expect(seen).toEqual(everything.filter((id) => id <= seen[0]!));
  });

  it('downloads CSV in Chinese words and Beijing time, one row per entry, and records the export', async () => {
    const res = await fetch(`${server.url}/api/audit?format=csv&caseId=${caseId}`, {
      headers: { cookie: supervisor },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="hutong-audit-/);
    const text = (await res.text()).replace(/^\ufeff/, '');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('序号,时间（北京时间）,操作人,用户名,操作,工单,详情');
    const reads = lines.filter((l) => l.includes(',查看工单,'));
    expect(reads).toHaveLength(2);
    // Newest first: the supervisor's read, at a Beijing wall-clock time written out.
    expect(reads[0]).toMatch(
      /^\d+,\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2},值班主任 陈静,supervisor,查看工单,HT-[^,]+,显示报告人身份: (是|否)$/,
    );
    expect(text).not.toMatch(/case\.read|\{"|\d{4}-\d{2}-\d{2}T/);
    const exported = ZAuditPage.parse((await audit('?action=audit.exported')).body);
    expect(exported.entries[0]!.data).toMatchObject({ filter: { caseId }, rows: 2 });
  });

  it('downloads CSV in English when asked, by lang or by Accept-Language', async () => {
    const byLang = await fetch(`${server.url}/api/audit?format=csv&caseId=${caseId}&lang=en`, {
      headers: { cookie: supervisor },
    });
    const byHeader = await fetch(`${server.url}/api/audit?format=csv&caseId=${caseId}`, {
      headers: { cookie: supervisor, 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' },
    });
    for (const res of [byLang, byHeader]) {
      const lines = (await res.text())
        .replace(/^\ufeff/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('No.,Time (Beijing),Person,Username,Action,Case,Details');
      expect(lines[1]).toMatch(
        /^\d+,"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}",值班主任 陈静,supervisor,Case viewed,HT-[^,]+,reporter identity shown: (yes|no)$/,
      );
    }
    const bad = await audit('?format=csv&lang=fr');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data)).toEqual(['lang']);
  });

  it('names the people and centres the details refer to by id, on the page and in the CSV', async () => {
    const operator = await server.login('operator');
    const held = await claimedCase(server, operator);
    const suggestions = await request(server.url, `/api/cases/${held.caseId}/centre-suggestions`, {
      cookie: operator,
    });
    const centre = (suggestions.body.suggestions as { centre: { id: string; name: string } }[])[0]!
      .centre;
    const referred = await request(server.url, `/api/cases/${held.caseId}/referrals`, {
      method: 'POST',
      cookie: operator,
      body: { centreId: centre.id, note: '' },
    });
    expect(referred.status).toBe(201);
    const me = await request(server.url, '/api/auth/me', { cookie: operator });
    const page = ZAuditPage.parse((await audit(`?caseId=${held.caseId}`)).body);
    expect(page.names[me.body.id as string]).toBe(me.body.displayName);
    expect(page.names[centre.id]).toBe(centre.name);
    const res = await fetch(`${server.url}/api/audit?format=csv&caseId=${held.caseId}`, {
      headers: { cookie: supervisor },
    });
    const text = await res.text();
    expect(text).toContain(`承办人: — → ${me.body.displayName as string}`);
    expect(text).toContain(`机构: ${centre.name}`);
    expect(text).not.toContain(centre.id);
    expect(text).not.toContain(me.body.id as string);
  });

  it('is for supervisors and admins only, and validates its filters', async () => {
    expect((await audit('', await server.login('operator'))).status).toBe(403);
    expect((await audit('', await server.login('admin'))).status).toBe(200);
    const bad = await audit('?caseId=nope&from=yesterday&limit=0&extra=1');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data).sort()).toEqual(['(body)', 'caseId', 'from', 'limit']);
  });

  it('cannot be altered: the database refuses UPDATE and DELETE', async () => {
    await expect(
      server.database.db.execute(sql`update audit_log set action = 'x'`),
    ).rejects.toThrow();
    await expect(server.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });
});
