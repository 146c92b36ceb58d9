import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, ne } from 'drizzle-orm';
import { ZCaseChanged, ZOrgReport, ZOrgReportList, type TOrgReport } from '@hutong/shared';
import { reporterOrgs, reports, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { addUser } from '../../../test/fixtures.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

type OrgSocket = TestSocket & { orgUpdates: TOrgReport[] };

describe(`"Our reports" pushed live to the reporting organisation (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let teacher: string;
  let nurse: string;
  const sockets: OrgSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    operator = await server.login('operator');
    teacher = await server.login('reporter');
    const [teacherRow] = await server.database.db
      .select({ orgId: users.orgId })
      .from(users)
      .where(eq(users.username, 'reporter'));
    const [hospital] = await server.database.db
      .select({ id: reporterOrgs.id })
      .from(reporterOrgs)
      .where(ne(reporterOrgs.id, teacherRow!.orgId!));
    nurse = await addUser(server, {
      username: 'nurse-live',
      displayName: '护士 周',
      role: 'reporter',
      orgId: hospital!.id,
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  });

  async function listen(cookie: string): Promise<OrgSocket> {
    const socket = connectSocket(server.url, cookie) as OrgSocket;
    socket.orgUpdates = [];
    socket.on('org.report.updated', (payload) => socket.orgUpdates.push(payload));
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  /** Files a report as the signed-in reporter; resolves once triage has put it on a case. */
  async function file(cookie: string) {
    const child = `学生${randomUUID().slice(0, 6)}`;
    const res = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ name: child, age: 9 }] }),
      cookie,
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const caseId = await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, id));
      return row?.caseId ?? undefined;
    });
    return { id, reference: res.body.reference as string, child, caseId };
  }

  async function claim(caseId: string) {
    const res = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(res.status).toBe(200);
  }

  const updateFor = (socket: OrgSocket, id: string, stage: TOrgReport['stage']) =>
    eventually(() => socket.orgUpdates.find((u) => u.id === id && u.stage === stage));

  it('tells the filing organisation’s reporters the new stage, as one row of their list, and no one else', async () => {
    const mine = await listen(teacher);
    const theirs = await listen(nurse);
    const op = await listen(operator);

    const filed = await file(teacher);
    await claim(filed.caseId);
    const update = await updateFor(mine, filed.id, 'in_progress');

    // Exactly a row of GET /api/org/reports: stage and generic outcome, nothing of the case.
    expect(ZOrgReport.strict().parse(update)).toEqual(update);
    const listed = ZOrgReportList.parse(
      (await request(server.url, '/api/org/reports', { cookie: teacher })).body,
    );
    expect(listed.reports.find((r) => r.id === filed.id)).toEqual(update);
    const text = JSON.stringify(mine.orgUpdates);
    expect(text).not.toContain(filed.child);
    expect(text).not.toMatch(/caseId|narrative|categories|淤青/);

    // The hospital's reporter hears of its own report, and never of the school's.
    const hospitals = await file(nurse);
    await claim(hospitals.caseId);
    await updateFor(theirs, hospitals.id, 'in_progress');
    expect(theirs.orgUpdates.map((u) => u.id)).not.toContain(filed.id);
    expect(mine.orgUpdates.map((u) => u.id)).not.toContain(hospitals.id);

    // Operators get their case events as before, and none of the organisations' rows.
    const claimed = await eventually(() =>
      op.received.find((e) => e.case.id === filed.caseId && e.event.type === 'claimed'),
    );
    expect(Object.keys(claimed).sort()).toEqual(['case', 'event', 'seq']);
    expect(ZCaseChanged.parse(claimed).case.reference).toBe(claimed.case.reference);
    expect(op.orgUpdates).toEqual([]);
    expect(mine.received).toEqual([]);
    expect(theirs.received).toEqual([]);
  });

  it('pushes a new report a colleague filed to the rest of the organisation, ids and stage only', async () => {
    const [teacherRow] = await server.database.db
      .select({ orgId: users.orgId })
      .from(users)
      .where(eq(users.username, 'reporter'));
    const colleague = await addUser(server, {
      username: 'teacher-colleague',
      displayName: '班主任 吴',
      role: 'reporter',
      orgId: teacherRow!.orgId!,
    });
    const mine = await listen(teacher);
    const theirs = await listen(nurse);
    const filed = await file(colleague);
    // Before anyone claims it: the new row itself, at its first stage.
    const row = await eventually(() => mine.orgUpdates.find((u) => u.id === filed.id));
    expect(ZOrgReport.strict().parse(row)).toEqual(row);
    expect(row.reference).toBe(filed.reference);
    expect(row.stage).not.toBe('in_progress');
    const listed = ZOrgReportList.parse(
      (await request(server.url, '/api/org/reports', { cookie: teacher })).body,
    );
    expect(listed.reports.find((r) => r.id === filed.id)?.stage).toBe(row.stage);
    expect(JSON.stringify(mine.orgUpdates)).not.toContain(filed.child);
    expect(theirs.orgUpdates.map((u) => u.id)).not.toContain(filed.id);
  });

  it('tells a deactivated organisation’s reporters nothing, even on a socket opened before', async () => {
    const [org] = await server.database.db
      .insert(reporterOrgs)
      .values({ name: '停用直播幼儿园', kind: 'kindergarten', regionCode: '440106' })
      .returning({ id: reporterOrgs.id });
    const keeper = await addUser(server, {
      username: 'kindergarten-live',
      displayName: '幼儿园 陈老师',
      role: 'reporter',
      orgId: org!.id,
    });
    const before = await listen(keeper);
    const filed = await file(keeper);
    // While active, the organisation follows its report.
    await claim(filed.caseId);
    await updateFor(before, filed.id, 'in_progress');

    const disabled = await request(server.url, `/api/admin/orgs/${org!.id}`, {
      method: 'PATCH',
      cookie: await server.login('admin'),
      body: { active: false },
    });
    expect(disabled.status).toBe(200);
    const after = await listen(keeper);
    const seen = before.orgUpdates.length;

    // The operator lets the case go: back to "received", which the organisation no longer hears.
    const released = await request(server.url, `/api/cases/${filed.caseId}/release`, {
      method: 'POST',
      cookie: operator,
    });
    expect(released.status).toBe(200);
    // A later update to an active organisation has arrived, so the keeper's would have too.
    const mine = await listen(teacher);
    const sentinel = await file(teacher);
    await claim(sentinel.caseId);
    await updateFor(mine, sentinel.id, 'in_progress');
    expect(before.orgUpdates.length).toBe(seen);
    expect(after.orgUpdates).toEqual([]);
  });
});
