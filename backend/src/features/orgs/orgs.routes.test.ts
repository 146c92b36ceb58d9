import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ZOrg, ZOrgList } from '@hutong/shared';
import { auditLog } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`reporting organisations admin (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
  });
  afterAll(() => server.stop());

  const auditOf = async (action: string, entityId: string) =>
    server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
  const create = (body: unknown, cookie = admin) =>
    request(server.url, '/api/admin/orgs', { cookie, body });

  it('lists the organisations with kind, region and letter', async () => {
    const res = await request(server.url, '/api/admin/orgs', { cookie: admin });
    expect(res.status).toBe(200);
    const { orgs } = ZOrgList.parse(res.body);
    const school = orgs.find((o) => o.kind === 'school')!;
    expect(school).toMatchObject({
      letterSignedAt: '2025-09-01',
      active: true,
      region: { code: '440106001' },
    });
  });

  it('creates an organisation, audited, to which a reporter account can then be bound', async () => {
    const res = await create({
      name: '越秀区东风幼儿园',
      kind: 'kindergarten',
      regionCode: '440117',
      letterSignedAt: '2026-03-01',
    });
    expect(res.status).toBe(201);
    const org = ZOrg.parse(res.body);
    expect(org).toMatchObject({
      kind: 'kindergarten',
      letterSignedAt: '2026-03-01',
      active: true,
      apiKeys: [],
    });
    expect(org.region.name).toBeTruthy();
    const [entry] = await auditOf('org.created', org.id);
    expect(entry!.data).toMatchObject({ before: null, after: { kind: 'kindergarten' } });

    const user = await request(server.url, '/api/users', {
      cookie: admin,
      body: { username: 'kg.teacher', displayName: '教师', role: 'reporter', orgId: org.id },
    });
    expect(user.status).toBe(201);
  });

  it('edits an organisation with before and after in the audit log', async () => {
    const org = ZOrg.parse(
      (await create({ name: '某酒店', kind: 'hotel', regionCode: '440106' })).body,
    );
    expect(org.letterSignedAt).toBeNull();
    const res = await request(server.url, `/api/admin/orgs/${org.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: { letterSignedAt: '2026-01-15', active: false },
    });
    expect(res.status).toBe(200);
    expect(ZOrg.parse(res.body)).toMatchObject({ letterSignedAt: '2026-01-15', active: false });
    const [entry] = await auditOf('org.updated', org.id);
    expect(entry!.data).toEqual({
      before: expect.objectContaining({ letterSignedAt: null, active: true }),
      after: expect.objectContaining({ letterSignedAt: '2026-01-15', active: false }),
    });
    const cleared = await request(server.url, `/api/admin/orgs/${org.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: { letterSignedAt: null },
    });
    expect(cleared.body.letterSignedAt).toBeNull();
  });

  it('names the invalid fields, and refuses an unknown region with 400', async () => {
    const bad = await create({ name: ' ', kind: 'bank', regionCode: '440106', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.error.data)).toEqual(expect.arrayContaining(['name', 'kind']));

    const date = await create({
      name: 'x',
      kind: 'school',
      regionCode: '440106',
      letterSignedAt: '1 March',
    });
    expect(date.status).toBe(400);
    expect(Object.keys(date.body.error.data)).toEqual(['letterSignedAt']);

    const unknown = await create({ name: 'x', kind: 'school', regionCode: '999999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.data).toEqual({ regionCode: 'Unknown region' });

    const orgs = ZOrgList.parse(
      (await request(server.url, '/api/admin/orgs', { cookie: admin })).body,
    );
    const patch = await request(server.url, `/api/admin/orgs/${orgs.orgs[0]!.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: { regionCode: '999999' },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.data).toEqual({ regionCode: 'Unknown region' });
  });

  it('answers 404 for an unknown organisation', async () => {
    const res = await request(server.url, '/api/admin/orgs/00000000-0000-4000-8000-000000000000', {
      method: 'PATCH',
      cookie: admin,
      body: { name: 'x' },
    });
    expect(res.status).toBe(404);
  });

  it('is for admins only: 403 for every other role', async () => {
    for (const username of ['operator', 'supervisor', 'centre', 'reporter']) {
      const cookie = await server.login(username);
      const list = await request(server.url, '/api/admin/orgs', { cookie });
      expect(list.status, username).toBe(403);
      const made = await create({ name: 'x', kind: 'school', regionCode: '440106' }, cookie);
      expect(made.status, username).toBe(403);
    }
  });
});
