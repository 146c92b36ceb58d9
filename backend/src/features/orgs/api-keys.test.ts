import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  ZOrgApiKey,
  ZOrgApiKeyWithSecret,
  ZOrgList,
  ZOrgReportList,
  type TOrg,
} from '@hutong/shared';
import { auditLog, orgApiKeys, reports, users } from '../../db/schema.js';
import { sha256 } from '../../lib/crypto.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`partner API keys (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;
  let teacher: string;
  let school: TOrg;
  let hospital: TOrg;

  const orgs = async () =>
    ZOrgList.parse((await request(server.url, '/api/admin/orgs', { cookie: admin })).body).orgs;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
    teacher = await server.login('reporter');
    const [teacherRow] = await server.database.db
      .select({ orgId: users.orgId })
      .from(users)
      .where(eq(users.username, 'reporter'));
    const all = await orgs();
    school = all.find((o) => o.id === teacherRow!.orgId)!;
    hospital = all.find((o) => o.id !== teacherRow!.orgId)!;
  });
  afterAll(() => server.stop());

  const createKey = async (orgId: string, label: string) => {
    const res = await request(server.url, `/api/admin/orgs/${orgId}/api-keys`, {
      cookie: admin,
      body: { label },
    });
    expect(res.status).toBe(201);
    return ZOrgApiKeyWithSecret.parse(res.body);
  };
  const fileWith = (authorization: string, headers: Record<string, string> = {}) =>
    request(server.url, '/api/reports', {
      body: buildReport(),
      headers: { authorization, ...headers },
    });

  it('shows a new key once; only its digest and prefix are stored; the list never has it', async () => {
    const { apiKey, key } = await createKey(school.id, 'School MIS');
    expect(key).toMatch(/^hk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).toMatchObject({ label: 'School MIS', lastUsedAt: null, revokedAt: null });

    const [stored] = await server.database.db
      .select()
      .from(orgApiKeys)
      .where(eq(orgApiKeys.id, apiKey.id));
    expect(stored!.keyHash).toBe(sha256(key));
    expect(JSON.stringify(stored)).not.toContain(key);

    const listed = await request(server.url, '/api/admin/orgs', { cookie: admin });
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(JSON.stringify(listed.body)).not.toContain(stored!.keyHash);
    const { orgs: all } = ZOrgList.parse(listed.body);
    expect(all.find((o) => o.id === school.id)!.apiKeys.map((k) => k.id)).toContain(apiKey.id);
    // The other organisation's list never shows it.
    expect(all.find((o) => o.id === hospital.id)!.apiKeys.map((k) => k.id)).not.toContain(
      apiKey.id,
    );

    const audit = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'org.api_key_created'), eq(auditLog.entityId, school.id)));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.data)).not.toContain(key);
  });

  it('files a report on the api channel for the key’s organisation, which follows it', async () => {
    const { apiKey, key } = await createKey(school.id, 'Partner');
    const res = await fileWith(`Bearer ${key}`);
    expect(res.status).toBe(201);
    const [row] = await server.database.db
      .select({ channel: reports.channel, orgId: reports.orgId, submittedBy: reports.submittedBy })
      .from(reports)
      .where(eq(reports.id, res.body.id));
    expect(row).toEqual({ channel: 'api', orgId: school.id, submittedBy: null });

    const followed = ZOrgReportList.parse(
      (await request(server.url, '/api/org/reports', { cookie: teacher })).body,
    );
    expect(followed.reports.find((r) => r.id === res.body.id)).toMatchObject({
      reference: res.body.reference,
      submittedBy: null,
    });

    const listed = (await orgs()).find((o) => o.id === school.id)!;
    expect(listed.apiKeys.find((k) => k.id === apiKey.id)!.lastUsedAt).not.toBeNull();
  });

  it('keeps Idempotency-Keys apart between partner organisations', async () => {
    const school1 = await createKey(school.id, 'Idem A');
    const hospital1 = await createKey(hospital.id, 'Idem B');
    const idem = { 'idempotency-key': 'partner-key-0001' };
    const first = await fileWith(`Bearer ${school1.key}`, idem);
    const again = await fileWith(`Bearer ${school1.key}`, idem);
    const other = await fileWith(`Bearer ${hospital1.key}`, idem);
    expect(again.body.reference).toBe(first.body.reference);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(other.status).toBe(201);
    expect(other.body.reference).not.toBe(first.body.reference);
  });

  it('refuses an unknown key, a malformed header and a revoked key with 401, never as anonymous', async () => {
    const before = (await server.database.db.select({ id: reports.id }).from(reports)).length;
    const unknown = await fileWith('Bearer hk_notakey');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'The API key is unknown or revoked, or its organisation is disabled',
    });
    const basic = await fileWith('Basic dXNlcjpwYXNz');
    expect(basic.status).toBe(401);
    expect(basic.body.error.code).toBe('UNAUTHENTICATED');

    const { apiKey, key } = await createKey(school.id, 'To revoke');
    expect((await fileWith(`Bearer ${key}`)).status).toBe(201);
    const revoked = await request(
      server.url,
      `/api/admin/orgs/${school.id}/api-keys/${apiKey.id}`,
      { method: 'DELETE', cookie: admin },
    );
    expect(revoked.status).toBe(200);
    expect(ZOrgApiKey.parse(revoked.body).revokedAt).not.toBeNull();
    const refused = await fileWith(`Bearer ${key}`);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    // Unknown, malformed and revoked stored nothing; only the one accepted report was added.
    expect((await server.database.db.select({ id: reports.id }).from(reports)).length).toBe(
      before + 1,
    );
  });

  it('stops the keys of a disabled organisation', async () => {
    const { key } = await createKey(hospital.id, 'Hospital HIS');
    expect((await fileWith(`Bearer ${key}`)).status).toBe(201);
    await request(server.url, `/api/admin/orgs/${hospital.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: { active: false },
    });
    expect((await fileWith(`Bearer ${key}`)).status).toBe(401);
  });

  it('revokes only a key of the organisation named in the path, and only for admins', async () => {
    const { apiKey } = await createKey(school.id, 'Scoped');
    const wrongOrg = await request(
      server.url,
      `/api/admin/orgs/${hospital.id}/api-keys/${apiKey.id}`,
      { method: 'DELETE', cookie: admin },
    );
    expect(wrongOrg.status).toBe(404);
    const notAdmin = await request(
      server.url,
      `/api/admin/orgs/${school.id}/api-keys/${apiKey.id}`,
      { method: 'DELETE', cookie: teacher },
    );
    expect(notAdmin.status).toBe(403);
    const create = await request(server.url, `/api/admin/orgs/${school.id}/api-keys`, {
      cookie: admin,
      body: { label: '' },
    });
    expect(create.status).toBe(400);
    expect(Object.keys(create.body.error.data)).toEqual(['label']);
  });
});
