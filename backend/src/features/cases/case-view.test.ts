import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ZCaseDetail, ZOrgApiKeyWithSecret, ZOrgList, type TCaseDetail } from '@hutong/shared';
import { reports, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { fileReport } from '../../../test/cases.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`the case view: who filed each report, whom a case moved between (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;
  let operator: string;
  let operator2: string;
  let supervisor: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
    operator = await server.login('operator');
    operator2 = await server.login('operator2');
    supervisor = await server.login('supervisor');
  });
  afterAll(() => server.stop());

  const read = async (caseId: string, cookie: string): Promise<TCaseDetail> =>
    ZCaseDetail.parse((await request(server.url, `/api/cases/${caseId}`, { cookie })).body);
  const userId = async (username: string) => {
    const [row] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, username));
    return row!.id;
  };

  /** Files a report with a fresh partner API key of the first organisation; its case id. */
  async function fileByApi(): Promise<{ caseId: string; orgId: string; orgName: string }> {
    const orgs = ZOrgList.parse(
      (await request(server.url, '/api/admin/orgs', { cookie: admin })).body,
    );
    const org = orgs.orgs[0]!;
    const created = await request(server.url, `/api/admin/orgs/${org.id}/api-keys`, {
      cookie: admin,
      body: { label: 'School MIS' },
    });
    expect(created.status).toBe(201);
    const { key } = ZOrgApiKeyWithSecret.parse(created.body);
    const res = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ name: `儿童${crypto.randomUUID().slice(0, 8)}`, age: 6 }] }),
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(201);
    const caseId = await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, res.body.id as string));
      return row?.caseId ?? undefined;
    });
    return { caseId, orgId: org.id, orgName: org.name };
  }

  it('names the organisation that filed an API report to those who may see the reporter', async () => {
    const { caseId, orgId, orgName } = await fileByApi();
    const bySupervisor = await read(caseId, supervisor);
    expect(bySupervisor.reports[0]!.channel).toBe('api');
    expect(bySupervisor.reports[0]!.filedBy).toEqual({ orgId, name: orgName });

    // An operator who does not hold the case learns only that an organisation filed it.
    const unclaimed = await read(caseId, operator);
    expect(unclaimed.reports[0]!.filedBy).toEqual({ redacted: true });
    expect(JSON.stringify(unclaimed)).not.toContain(orgName);

    const claim = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);
    expect((await read(caseId, operator)).reports[0]!.filedBy).toEqual({ orgId, name: orgName });
  });

  it('says no organisation filed a public web report', async () => {
    const { caseId } = await fileReport(server);
    expect((await read(caseId, supervisor)).reports[0]!.filedBy).toBeNull();
  });

  it('names both operators of a reassignment and of a release in the timeline', async () => {
    const { caseId } = await fileReport(server);
    const claim = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);
    const reassign = await request(server.url, `/api/cases/${caseId}/reassign`, {
      method: 'POST',
      cookie: supervisor,
      body: { assigneeId: await userId('operator2') },
    });
    expect(reassign.status).toBe(200);
    const release = await request(server.url, `/api/cases/${caseId}/release`, {
      method: 'POST',
      cookie: operator2,
    });
    expect(release.status).toBe(200);

    const detail = await read(caseId, supervisor);
    const names = await server.database.db
      .select({ username: users.username, name: users.displayName })
      .from(users);
    const nameOf = (username: string) => names.find((n) => n.username === username)!.name;
    expect(detail.events.find((e) => e.type === 'reassigned')?.data).toMatchObject({
      previousAssigneeName: nameOf('operator'),
      assigneeName: nameOf('operator2'),
    });
    expect(detail.events.find((e) => e.type === 'released')?.data).toMatchObject({
      previousAssigneeName: nameOf('operator2'),
    });
  });
});
