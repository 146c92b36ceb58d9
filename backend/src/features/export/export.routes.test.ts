import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ZCaseExport } from '@hutong/shared';
import { auditLog } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';

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
    expect(html).toMatch(/<h1>案件记录 <span lang="en">Case record<\/span> HT-/);
    expect(html).toContain('@media print');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('13700000009');
  });

  it('audits every export with its format and whether identity was included', async () => {
    const entries = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'case.exported'), eq(auditLog.caseId, caseId)));
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
