import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { ZCaseExport } from '@hutong/shared';
import { auditLog } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { claimedCase } from '../../../test/cases.js';
import { requesterLanguage } from './export.routes.js';

describe(`case export (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let supervisor: string;
  let caseId: string;

  beforeAll(async () => {
    server = await startTestServer();
    supervisor = await server.login('supervisor');
    await request(server.url, '/api/reports', {
      body: buildReport({
        reporter: { type: 'person', name: '举报人<b>王</b>', phone: '+8613700000009' },
        narrative: '<script>alert(1)</script> 孩子被打',
      }),
    });
    caseId = await eventually(async () => {
      const res = await request(server.url, '/api/cases', { cookie: supervisor });
      return (res.body.cases as { id: string }[])[0]?.id;
    });
  });
  afterAll(() => server.stop());

  const exportOf = (query: string, cookie = supervisor) =>
    request(server.url, `/api/cases/${caseId}/export${query}`, { cookie });

  it('exports the whole record as JSON, withholding the reporter unless asked', async () => {
    const res = await exportOf('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="case-HT-/);
    const record = ZCaseExport.parse(res.body);
    expect(record.reporterIdentity).toBe('withheld');
    expect(record.reports[0]!.reporter).toEqual({ type: 'person', redacted: true });
    expect(record.reports[0]!.narrative).toContain('孩子被打');
    expect(record.timeline.map((e) => e.type)).toContain('case_opened');
    expect(JSON.stringify(record)).not.toContain('13700000009');

    const full = ZCaseExport.parse((await exportOf('?reporterIdentity=include')).body);
    expect(full.reports[0]!.reporter).toMatchObject({ phone: '+8613700000009' });
  });

  it('renders a printable HTML page with everything escaped', async () => {
    const res = await fetch(`${server.url}/api/cases/${caseId}/export?format=html`, {
      headers: { cookie: supervisor },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect(html).toMatch(/<h1>案件记录 HT-/);
    expect(html).toContain('@media print');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('13700000009');
  });

  it('audits every export with its format and whether identity was included', async () => {
    const entries = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'case.exported'), eq(auditLog.caseId, caseId)))
      .orderBy(asc(auditLog.id));
    expect(entries.map((e) => e.data)).toEqual([
      { format: 'json', reporterIdentity: false },
      { format: 'json', reporterIdentity: true },
      { format: 'html', reporterIdentity: false },
    ]);
  });

  it('is for supervisors: 403 for operators and centres, 404 for an unknown case', async () => {
    expect((await exportOf('', await server.login('operator'))).status).toBe(403);
    expect((await exportOf('', await server.login('centre'))).status).toBe(403);
    const missing = await request(
      server.url,
      '/api/cases/00000000-0000-4000-8000-000000000000/export',
      { cookie: supervisor },
    );
    expect(missing.status).toBe(404);
    expect((await exportOf('?format=pdf')).status).toBe(400);
  });
});

/** The page's visible text: tags, the style sheet and entities gone. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

describe(`the printable case record in the reader's language (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let supervisor: string;
  let caseId: string;
  // 2026-12-02 08:55 in Shanghai.
  const policeAt = '2026-12-02T00:55:00.000Z';

  beforeAll(async () => {
    server = await startTestServer();
    supervisor = await server.login('supervisor');
    const operator = await server.login('operator');
    const filed = await claimedCase(server, operator, {
      categories: ['violence_injury'],
      children: [{ name: '小明', age: 8, sex: 'male' }],
    });
    caseId = filed.caseId;
    const saved = await request(server.url, `/api/cases/${caseId}`, {
      method: 'PATCH',
      cookie: operator,
      body: {
        version: filed.version,
        assessment: {
          children: [{ name: '小明', sex: 'male', age: 8 }],
          categories: ['violence_injury'],
          suspects: [{ relationship: 'step_parent', livesWithChild: true }],
          circumstances: ['left_behind'],
          guardianship: 'grandparents_or_relatives',
          risks: ['suspect_has_access'],
          police: { notified: true, at: policeAt },
        },
      },
    });
    expect(saved.status).toBe(200);
  });
  afterAll(() => server.stop());

  const page = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/cases/${caseId}/export?format=html${query}`, {
      headers: { cookie: supervisor, ...headers },
    });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('is in Chinese by default: labels for every code, local times, the assessment in sections', async () => {
    const html = await page('');
    const text = visibleText(html);
    for (const words of [
      '祖辈或其他亲属', // guardianship
      '继父母', // suspect
      '留守儿童',
      '疑似侵害人现在能接触到儿童',
      '评估中', // the case's status (claimed)
      '网页表单', // channel
      '男', // sex
      '建立工单', // a timeline event
      '已报警 · 2026年12月2日 08:55',
      '多处损伤、严重营养不良或意识不清',
    ]) {
      expect(text).toContain(words);
    }
    for (const code of [
      'grandparents_or_relatives',
      'step_parent',
      'triaging',
      'case_opened',
      'violence_injury',
      'suspect_has_access',
    ]) {
      expect(text).not.toContain(code);
    }
    expect(text).not.toMatch(/[{}]|"\w+":/);
    // No time as UTC ISO: every time is local and written out.
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('is in English when asked with lang, or when the requester reads English', async () => {
    for (const html of [
      await page('&lang=en'),
      await page('', { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' }),
    ]) {
      const text = visibleText(html);
      expect(html).toMatch(/<html lang="en">/);
      expect(text).toContain('Grandparents or relatives');
      expect(text).toContain('Being assessed');
      expect(text).toContain('Notified · 2 Dec 2026, 08:55');
      expect(text).not.toContain('grandparents_or_relatives');
      expect(text).not.toMatch(/[{}]/);
    }
    expect(await page('&lang=zh-CN', { 'accept-language': 'en' })).toMatch(/<html lang="zh-CN">/);
  });

  it('refuses a language it does not speak, naming the field', async () => {
    const res = await request(server.url, `/api/cases/${caseId}/export?format=html&lang=fr`, {
      cookie: supervisor,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.data).toHaveProperty('lang');
  });
});

describe('requesterLanguage', () => {
  it('picks English only when the requester prefers it to Chinese', () => {
    expect(requesterLanguage(undefined)).toBe('zh-CN');
    expect(requesterLanguage('en-US,en;q=0.9')).toBe('en');
    expect(requesterLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(requesterLanguage('fr, en;q=0.4, zh;q=0.8')).toBe('zh-CN');
    expect(requesterLanguage('de')).toBe('zh-CN');
  });
});
