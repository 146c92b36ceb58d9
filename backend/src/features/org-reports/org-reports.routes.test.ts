import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, ne } from 'drizzle-orm';
import { ZOrgReportList, ZOrgReporterProfile, type TOrgReportList } from '@hutong/shared';
import { openReporter } from '../privacy/reporter-identity.js';
import { reporterOrgs, reports, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { addUser } from '../../../test/fixtures.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`a reporting organisation follows its own reports (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let teacher: string;
  let nurse: string;

  beforeAll(async () => {
    server = await startTestServer();
    teacher = await server.login('reporter');
    // A reporter at the other demo organisation (the hospital).
    const [teacherRow] = await server.database.db
      .select({ orgId: users.orgId })
      .from(users)
      .where(eq(users.username, 'reporter'));
    const [hospital] = await server.database.db
      .select({ id: reporterOrgs.id })
      .from(reporterOrgs)
      .where(ne(reporterOrgs.id, teacherRow!.orgId!));
    nurse = await addUser(server, {
      username: 'nurse',
      displayName: '护士 周',
      role: 'reporter',
      orgId: hospital!.id,
    });
  });
  afterAll(() => server.stop());

  const list = async (cookie: string): Promise<TOrgReportList> => {
    const res = await request(server.url, '/api/org/reports', { cookie });
    expect(res.status).toBe(200);
    return ZOrgReportList.parse(res.body);
  };

  async function file(cookie?: string) {
    const child = `学生${randomUUID().slice(0, 6)}`;
    const res = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ name: child, age: 9 }] }),
      ...(cookie ? { cookie } : {}),
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, reference: res.body.reference as string, child };
  }

  it('lists what its reporters filed, newest first, with stage and outcome only', async () => {
    const first = await file(teacher);
    const second = await file(teacher);
    const mine = await list(teacher);
    expect(mine.org.name).toMatch(/小学|学校/);
    const references = mine.reports.map((r) => r.reference);
    expect(references.indexOf(second.reference)).toBeLessThan(references.indexOf(first.reference));
    expect(mine.reports.find((r) => r.id === first.id)).toMatchObject({
      reference: first.reference,
      submittedBy: '学校报告人 刘老师',
      outcome: null,
    });
    // Nothing about the child, the narrative or the case.
    const text = JSON.stringify(mine);
    expect(text).not.toContain(first.child);
    expect(text).not.toContain('淤青');
    expect(text).not.toMatch(/caseId|categories|narrative/);
  });

  it('follows the case: in progress once an operator takes it up', async () => {
    const filed = await file(teacher);
    const caseId = await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, filed.id));
      return row?.caseId ?? undefined;
    });
    expect((await list(teacher)).reports.find((r) => r.id === filed.id)?.stage).toBe('received');
    const claim = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: await server.login('operator'),
    });
    expect(claim.status).toBe(200);
    expect((await list(teacher)).reports.find((r) => r.id === filed.id)?.stage).toBe('in_progress');
  });

  it('never shows another organisation’s reports, nor the public’s', async () => {
    const theirs = await file(nurse);
    const anonymous = await file();
    const mine = (await list(teacher)).reports.map((r) => r.id);
    expect(mine).not.toContain(theirs.id);
    expect(mine).not.toContain(anonymous.id);
    const hospital = (await list(nurse)).reports.map((r) => r.id);
    expect(hospital).toEqual([theirs.id]);
  });

  it('is for reporters: 401 signed out, 403 for staff', async () => {
    expect((await request(server.url, '/api/org/reports')).status).toBe(401);
    for (const who of ['operator', 'supervisor', 'centre', 'admin']) {
      const res = await request(server.url, '/api/org/reports', {
        cookie: await server.login(who),
      });
      expect(res.status).toBe(403);
    }
  });

  it('tells a signed-in reporter whom they file for: the organisation and their own name', async () => {
    const res = await request(server.url, '/api/org/profile', { cookie: teacher });
    expect(res.status).toBe(200);
    const profile = ZOrgReporterProfile.parse(res.body);
    expect(profile.org.name).toMatch(/小学|学校/);
    expect(profile.reporter).toEqual({ displayName: '学校报告人 刘老师' });
    expect((await request(server.url, '/api/org/profile')).status).toBe(401);
    const staff = await request(server.url, '/api/org/profile', {
      cookie: await server.login('operator'),
    });
    expect(staff.status).toBe(403);
  });

  it('files a signed-in reporter’s report in the organisation’s name, even when sent as anonymous', async () => {
    const profile = ZOrgReporterProfile.parse(
      (await request(server.url, '/api/org/profile', { cookie: teacher })).body,
    );
    for (const reporter of [
      { type: 'anonymous' as const },
      { type: 'person' as const, name: '刘老师', phone: '0751-5321110' },
      { type: 'organisation' as const, orgName: '别的学校', name: '刘老师' },
    ]) {
      const res = await request(server.url, '/api/reports', {
        body: buildReport({
          children: [{ name: `学生${randomUUID().slice(0, 6)}`, age: 9 }],
          reporter,
        }),
        cookie: teacher,
      });
      expect(res.status).toBe(201);
      const [row] = await server.database.db
        .select({ reporter: reports.reporter, orgId: reports.orgId })
        .from(reports)
        .where(eq(reports.id, res.body.id as string));
      expect(row!.orgId).toBe(profile.org.id);
      const stored = openReporter(row!.reporter);
      expect(stored).toMatchObject({ type: 'organisation', orgName: profile.org.name });
      if (reporter.type !== 'anonymous') expect(stored).toMatchObject({ name: '刘老师' });
      if (reporter.type === 'person') expect(stored).toMatchObject({ phone: '0751-5321110' });
    }
  });

  it('files as the public when the one signed in is not a reporter', async () => {
    const filed = await file(await server.login('operator'));
    const [row] = await server.database.db
      .select({ orgId: reports.orgId, submittedBy: reports.submittedBy })
      .from(reports)
      .where(eq(reports.id, filed.id));
    expect(row).toEqual({ orgId: null, submittedBy: null });
  });

  it('stops a deactivated organisation’s signed-in reporters listing, and files their report as a public one', async () => {
    const [org] = await server.database.db
      .insert(reporterOrgs)
      .values({ name: '停用测试幼儿园', kind: 'kindergarten', regionCode: '440106' })
      .returning({ id: reporterOrgs.id });
    const keeper = await addUser(server, {
      username: 'kindergarten-teacher',
      displayName: '幼儿园 陈老师',
      role: 'reporter',
      orgId: org!.id,
    });
    const before = await file(keeper);
    expect((await list(keeper)).reports.map((r) => r.id)).toEqual([before.id]);

    // The admin disables the organisation while its reporter is still signed in.
    const disabled = await request(server.url, `/api/admin/orgs/${org!.id}`, {
      method: 'PATCH',
      cookie: await server.login('admin'),
      body: { active: false },
    });
    expect(disabled.status).toBe(200);

    const listed = await request(server.url, '/api/org/reports', { cookie: keeper });
    expect(listed.status).toBe(403);
    expect(listed.body.error.code).toBe('ORG_INACTIVE');
    expect(JSON.stringify(listed.body)).not.toContain(before.reference);

    // The report is kept — a child must never be lost — but not in the organisation's name.
    const child = `学生${randomUUID().slice(0, 6)}`;
    const res = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ name: child, age: 4 }] }),
      cookie: keeper,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ notice: 'org_inactive' });
    expect(res.body.lookupCode).toEqual(expect.any(String));
    const after = await eventually(async () => {
      const [row] = await server.database.db
        .select({ orgId: reports.orgId, submittedBy: reports.submittedBy, caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, res.body.id as string));
      return row?.caseId ? row : undefined;
    });
    expect(after).toMatchObject({ orgId: null, submittedBy: null });

    // An active organisation's reporter is told nothing of the kind.
    const active = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ name: `学生${randomUUID().slice(0, 6)}`, age: 9 }] }),
      cookie: teacher,
    });
    expect(active.status).toBe(201);
    expect(active.body).not.toHaveProperty('notice');
  });
});
