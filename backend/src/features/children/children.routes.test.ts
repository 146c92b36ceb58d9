import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import {
  ZChildFile,
  ZChildList,
  ZVisitRecorded,
  type Role,
  type TCreateChild,
} from '@hutong/shared';
import {
  auditLog,
  centres,
  childGuardians,
  childReportLinks,
  children,
  childVisits,
  users,
} from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { phoneHash } from '../privacy/reporter-identity.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { fileReport } from '../../../test/cases.js';
import { captureLogs } from '../../../test/logs.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const SHINAN = '440117101201'; // 石南村, the demo director's village
const LONGGANG = '440117101202'; // 龙岗村, the same township's other village
const DAY = 86_400_000;

function child(overrides: Partial<TCreateChild> = {}): TCreateChild {
  return {
    name: '李小红',
    sex: 'female',
    dateOfBirth: '2016-03-01',
    regionCode: SHINAN,
    categories: ['left_behind'],
    guardians: [
      {
        relation: 'grandparent',
        name: '李奶奶',
        phone: '13800000001',
        livesWithChild: true,
      },
      { relation: 'mother', name: '王芳', livesWithChild: false, workPlace: '东莞' },
    ],
    school: '石南小学',
    notes: '父母在东莞务工',
    ...overrides,
  };
}

describe(`the children register (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let director: string;
  const logs = captureLogs();

  /** Adds an account with the demo password, bound as given, and signs it in. */
  async function account(
    username: string,
    role: Role,
    binding: { regionCode?: string; centreId?: string } = {},
  ): Promise<string> {
    await server.database.db.insert(users).values({
      username,
      displayName: username,
      role,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      ...binding,
    });
    return server.login(username);
  }

  const register = (body: unknown, cookie = director) =>
    request(server.url, '/api/children', { body, cookie });
  const file = async (id: string, cookie = director) => {
    const res = await request(server.url, `/api/children/${id}`, { cookie });
    expect(res.status).toBe(200);
    return ZChildFile.parse(res.body);
  };
  const list = async (query: string, cookie = director) => {
    const res = await request(server.url, `/api/children${query}`, { cookie });
    expect(res.status).toBe(200);
    return ZChildList.parse(res.body);
  };
  const visit = (
    id: string,
    body: unknown,
    headers: Record<string, string> = {},
    cookie = director,
  ) => request(server.url, `/api/children/${id}/visits`, { body, cookie, headers });

  beforeAll(async () => {
    server = await startTestServer({ log: logs.log });
    director = await server.login('director');
  });
  afterAll(() => server?.stop());

  it('registers a child: 201 {id}, the file decrypted for the director, encrypted at rest', async () => {
    const res = await register(child());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['id']);
    const id = res.body.id as string;

    const got = await file(id);
    expect(got).toMatchObject({
      name: '李小红',
      sex: 'female',
      dateOfBirth: '2016-03-01',
      region: { code: SHINAN, path: ['广东省', '广州市', '从化区', '温泉镇', '石南村'] },
      categories: ['left_behind'],
      school: '石南小学',
      notes: '父母在东莞务工',
      status: 'open',
      visits: [],
      closed: null,
      registeredBy: { displayName: expect.any(String) },
    });
    expect(got.guardians).toEqual([
      { relation: 'grandparent', name: '李奶奶', phone: '13800000001', livesWithChild: true },
      { relation: 'mother', name: '王芳', livesWithChild: false, workPlace: '东莞' },
    ]);
    // Nobody has visited yet: medium, with the reasons; due in 90 days.
    expect(got.risk).toMatchObject({ level: 'medium', ruleLevel: 'medium', raised: null });
    expect(got.risk.reasons).toEqual([
      { rule: 'not_visited', level: 'medium' },
      { rule: 'category', category: 'left_behind', level: 'low' },
    ]);
    const due = Date.parse(got.nextVisitDue!) - Date.parse(got.registeredAt);
    expect(Math.abs(due - 90 * DAY)).toBeLessThan(1000);
    expect(got.overdue).toBe(false);
    expect(got.timeline).toEqual([
      expect.objectContaining({
        action: 'registered',
        details: expect.objectContaining({ riskLevel: 'medium' }),
      }),
    ]);

    const [row] = await server.database.db.select().from(children).where(eq(children.id, id));
    const guardianRows = await server.database.db
      .select()
      .from(childGuardians)
      .where(eq(childGuardians.childId, id));
    const stored = JSON.stringify([row, guardianRows]);
    for (const secret of [
      '李小红',
      '2016-03-01',
      '石南小学',
      '东莞',
      '李奶奶',
      '王芳',
      '13800000001',
    ])
      expect(stored).not.toContain(secret);
    expect(row!.name).toMatch(/^enc:v2:/);
    expect(logs.text()).not.toContain('李小红');
  });

  it('refuses the same child twice, whatever the spacing or width of the name, naming the file', async () => {
    const first = await register(child({ name: '张 小明', dateOfBirth: '2015-05-05' }));
    expect(first.status).toBe(201);
    const again = await register(child({ name: '张小明', dateOfBirth: '2015-05-05' }));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'CHILD_ALREADY_REGISTERED',
      data: { childId: first.body.id },
    });
    // Another birth date, or another village, is another child.
    expect((await register(child({ name: '张小明', dateOfBirth: '2015-05-06' }))).status).toBe(201);
    const township = await server.login('township');
    expect(
      (
        await register(
          child({ name: '张小明', dateOfBirth: '2015-05-05', regionCode: LONGGANG }),
          township,
        )
      ).status,
    ).toBe(201);
  });

  it('answers 400 naming every field problem, and stores nothing', async () => {
    const before = await server.database.db.select().from(children);
    const res = await register({
      name: '',
      sex: 'girl',
      regionCode: 'x',
      categories: [],
      guardians: [{ relation: 'uncle', livesWithChild: 'yes' }],
      hobby: 'football',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.data)).toEqual(
      expect.arrayContaining([
        'name',
        'sex',
        'regionCode',
        'categories',
        'guardians.0.relation',
        'guardians.0.name',
        'guardians.0.livesWithChild',
      ]),
    );
    const unknown = await register(child({ regionCode: '440117101299' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.data).toEqual({ regionCode: 'Unknown region code' });
    const township = await register(
      child({ regionCode: '440117101' }),
      await server.login('township'),
    );
    expect(township.status).toBe(400);
    expect(township.body.error.data.regionCode).toMatch(/village/);
    expect((await server.database.db.select().from(children)).length).toBe(before.length);
  });

  it('keeps each role to its scope: villages, township, centres, hotline; 403 / 404 otherwise', async () => {
    const { body } = await register(child({ name: '陈晓', dateOfBirth: '2014-01-01' }));
    const id = body.id as string;
    const other = await account('director-longgang', 'child_director', { regionCode: LONGGANG });
    const [ruyuan] = await server.database.db
      .select({ id: centres.id })
      .from(centres)
      .where(eq(centres.regionCode, '440232'));
    const farCentre = await account('centre-ruyuan', 'centre_staff', { centreId: ruyuan!.id });

    // The other village's director: may not register here, does not see the file.
    const refused = await register(child({ name: '陈晓', dateOfBirth: '2014-01-02' }), other);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await request(server.url, `/api/children/${id}`, { cookie: other })).status).toBe(404);
    expect((await list('', other)).children.map((c) => c.id)).not.toContain(id);
    expect(
      (await visit(id, { kind: 'home', visitedAt: new Date().toISOString() }, {}, other)).status,
    ).toBe(404);
    const patch = await request(server.url, `/api/children/${id}`, {
      method: 'PATCH',
      body: { notes: 'x' },
      cookie: other,
    });
    expect(patch.status).toBe(404);

    // The township supervisor, the hotline's supervisors and the city centre read it.
    for (const who of ['township', 'supervisor', 'centre']) {
      const cookie = await server.login(who);
      expect((await file(id, cookie)).name).toBe('陈晓');
      expect((await list('', cookie)).children.map((c) => c.id)).toContain(id);
    }
    // A centre elsewhere does not; nor does a centre's staff or a supervisor change a file.
    expect((await request(server.url, `/api/children/${id}`, { cookie: farCentre })).status).toBe(
      404,
    );
    expect((await list('', farCentre)).total).toBe(0);
    for (const who of ['supervisor', 'centre']) {
      const cookie = await server.login(who);
      expect(
        (await register(child({ name: '新', dateOfBirth: '2014-01-03' }), cookie)).status,
      ).toBe(403);
      expect(
        (await visit(id, { kind: 'phone', visitedAt: new Date().toISOString() }, {}, cookie))
          .status,
      ).toBe(403);
    }
    // Operators (until a case links them to a file), reporters, analysts and admins: nothing.
    for (const who of ['operator', 'reporter', 'analyst', 'admin']) {
      const cookie = await server.login(who);
      expect((await request(server.url, `/api/children/${id}`, { cookie })).status).toBe(403);
      expect((await request(server.url, '/api/children', { cookie })).status).toBe(403);
      expect(
        (await register(child({ name: '新', dateOfBirth: '2014-01-03' }), cookie)).status,
      ).toBe(403);
    }
  });

  it('lets an operator read a file, and only read it, through a case linked to it; audited naming the case', async () => {
    const { body } = await register(child({ name: '吴小东', dateOfBirth: '2015-05-05' }));
    const id = body.id as string;
    const operator = await server.login('operator');
    const read = (query = '', cookie = operator) =>
      request(server.url, `/api/children/${id}${query}`, { cookie });

    // No case links the operator to the file: 403, as for a file that does not exist.
    const unlinked = await read();
    expect(unlinked.status).toBe(403);
    expect(unlinked.body.error.code).toBe('CHILD_NOT_LINKED');
    expect((await read(`?caseId=${randomUUID()}`)).status).toBe(403);
    expect(
      (await request(server.url, `/api/children/${randomUUID()}`, { cookie: operator })).status,
    ).toBe(403);

    // A report on a case about this child: the operator reads the file through that case.
    const filed = await fileReport(server);
    await server.database.db
      .insert(childReportLinks)
      .values({ childId: id, reportId: filed.reportId, source: 'match' });
    const other = await fileReport(server);
    expect((await read(`?caseId=${other.caseId}`)).status).toBe(403);
    const res = await read(`?caseId=${filed.caseId}`);
    expect(res.status).toBe(200);
    const opened = ZChildFile.parse(res.body);
    expect(opened.name).toBe('吴小东');
    expect(opened.linkedReports?.map((r) => r.reportId)).toContain(filed.reportId);
    // Without naming the case, through the linked one all the same.
    expect((await read()).status).toBe(200);
    const [operatorRow] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'operator'));
    const reads = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'child.read'),
          eq(auditLog.entityId, id),
          eq(auditLog.actorId, operatorRow!.id),
        ),
      );
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads.every((r) => r.caseId === filed.caseId)).toBe(true);
    expect(JSON.stringify(reads)).not.toContain('吴小东');
    // A supervisor opening it from the case: the audit row names the case too.
    const supervisor = await server.login('supervisor');
    expect((await read(`?caseId=${filed.caseId}`, supervisor)).status).toBe(200);
    const [supervisorRead] = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'child.read'),
          eq(auditLog.entityId, id),
          eq(auditLog.caseId, filed.caseId),
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(supervisorRead!.actorId).not.toBe(operatorRow!.id);

    // Only the read: no change, closing, risk, visit or register search.
    const refused = [
      await request(server.url, `/api/children/${id}`, {
        method: 'PATCH',
        body: { notes: 'x' },
        cookie: operator,
      }),
      await request(server.url, `/api/children/${id}/close`, {
        body: { reason: 'moved_away' },
        cookie: operator,
      }),
      await request(server.url, `/api/children/${id}/risk`, {
        body: { level: 'high', reason: 'x' },
        cookie: operator,
      }),
      await visit(id, { kind: 'home', visitedAt: new Date().toISOString() }, {}, operator),
      await request(server.url, '/api/children', { cookie: operator }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect((await file(id)).status).toBe('open');

    // A case id that is not one: 400 naming the field.
    const bad = await read('?caseId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.error.data)).toContain('caseId');
  });

  it('audits every read like a case read, folding repeats, and searches without the name', async () => {
    const { body } = await register(child({ name: '周一', dateOfBirth: '2013-02-02' }));
    const supervisor = await server.login('supervisor');
    await file(body.id, supervisor);
    await file(body.id, supervisor);
    const reads = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'child.read'), eq(auditLog.entityId, body.id)));
    expect(reads).toHaveLength(1);
    await list(`?name=${encodeURIComponent('周一')}`, supervisor);
    const searches = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'child.searched'))
      .orderBy(asc(auditLog.id));
    expect(searches.at(-1)!.data).toMatchObject({ filters: { byName: true }, results: 1 });
    expect(JSON.stringify(searches)).not.toContain('周一');
  });

  it('lists with filters (region, category, risk, overdue, whole name) and pages', async () => {
    const township = await server.login('township');
    const a = await register(
      child({ name: '吴甲', dateOfBirth: '2012-01-01', categories: ['street'] }),
    );
    const b = await register(
      child({
        name: '吴乙',
        dateOfBirth: '2012-01-01',
        categories: ['disabled'],
        regionCode: LONGGANG,
      }),
      township,
    );
    expect((await list('?category=street', township)).children.map((c) => c.id)).toEqual([
      a.body.id,
    ]);
    expect((await list('?risk=high', township)).children.map((c) => c.id)).toEqual([a.body.id]);
    expect((await list(`?regionCode=${LONGGANG}`, township)).children.map((c) => c.id)).toContain(
      b.body.id,
    );
    expect(
      (await list(`?regionCode=${LONGGANG}`, township)).children.map((c) => c.id),
    ).not.toContain(a.body.id);
    const byName = await list(`?name=${encodeURIComponent('吴 乙')}`, township);
    expect(byName.children.map((c) => c.name)).toEqual(['吴乙']);
    expect((await list(`?name=${encodeURIComponent('吴')}`, township)).total).toBe(0);

    const all = await list('?pageSize=2', township);
    expect(all.children).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
    const second = await list('?pageSize=2&page=2', township);
    expect(second.children.map((c) => c.id)).not.toContain(all.children[0]!.id);

    const bad = await request(server.url, '/api/children?risk=extreme&pageSize=0', {
      cookie: township,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data).sort()).toEqual(['pageSize', 'risk']);
  });

  it('records a visit with a partial checklist, recomputes risk and the next visit', async () => {
    const { body } = await register(child({ name: '赵丙', dateOfBirth: '2011-01-01' }));
    const visitedAt = new Date(Date.now() - 2 * DAY).toISOString();
    const res = await visit(body.id, {
      kind: 'home',
      visitedAt,
      seen: ['child', 'guardian'],
      checklist: { childSafe: true, noInjurySigns: false },
      notes: '手臂有淤青',
    });
    expect(res.status).toBe(201);
    const recorded = ZVisitRecorded.parse(res.body);
    expect(recorded.visit.checklist).toMatchObject({
      childSafe: true,
      noInjurySigns: false,
      guardianPresent: null,
      enoughFood: null,
    });
    expect(recorded.risk.level).toBe('high');
    expect(recorded.risk.reasons[0]).toEqual({
      rule: 'checklist',
      item: 'noInjurySigns',
      level: 'high',
    });
    expect(Date.parse(recorded.nextVisitDue!) - Date.parse(visitedAt)).toBe(30 * DAY);

    const got = await file(body.id);
    expect(got.visits).toHaveLength(1);
    expect(got.visits[0]).toMatchObject({
      kind: 'home',
      notes: '手臂有淤青',
      seen: ['child', 'guardian'],
    });
    expect(got.lastVisitAt).toBe(visitedAt);
    expect(got.timeline[0]).toMatchObject({
      action: 'visited',
      details: { concerns: ['noInjurySigns'], riskLevel: { before: 'medium', after: 'high' } },
    });
    const [stored] = await server.database.db
      .select()
      .from(childVisits)
      .where(eq(childVisits.childId, body.id));
    expect(stored!.notes).toMatch(/^enc:v2:/);

    // No checklist at all: every item unchecked, and the concern seen before is no longer the last.
    const plain = await visit(body.id, { kind: 'phone', visitedAt: new Date().toISOString() });
    expect(plain.status).toBe(201);
    expect(Object.values(plain.body.visit.checklist).every((v) => v === null)).toBe(true);
    expect(plain.body.risk.level).toBe('low');
  });

  it('makes a visit long ago overdue at once', async () => {
    const { body } = await register(child({ name: '钱丁', dateOfBirth: '2011-02-02' }));
    const res = await visit(body.id, {
      kind: 'school',
      visitedAt: new Date(Date.now() - 400 * DAY).toISOString(),
      checklist: { childSafe: true },
    });
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.nextVisitDue)).toBeLessThan(Date.now());
    expect((await file(body.id)).overdue).toBe(true);
    const overdue = await list('?overdue=true');
    expect(overdue.children.map((c) => c.id)).toContain(body.id);
    expect(overdue.children.every((c) => c.overdue)).toBe(true);
    expect((await list('?overdue=false')).children.map((c) => c.id)).not.toContain(body.id);
  });

  it('records a visit once per Idempotency-Key, and refuses the key with another body', async () => {
    const { body } = await register(child({ name: '孙戊', dateOfBirth: '2010-03-03' }));
    const key = randomUUID();
    const sent = {
      kind: 'home',
      visitedAt: new Date().toISOString(),
      checklist: { enoughFood: true },
    };
    const [a, b] = await Promise.all([
      visit(body.id, sent, { 'idempotency-key': key }),
      visit(body.id, sent, { 'idempotency-key': key }),
    ]);
    const c = await visit(body.id, sent, { 'idempotency-key': key });
    for (const res of [a, b, c]) expect(res.status).toBe(201);
    expect(new Set([a.body.visit.id, b.body.visit.id, c.body.visit.id]).size).toBe(1);
    expect(c.headers.get('idempotent-replayed')).toBe('true');
    const rows = await server.database.db
      .select()
      .from(childVisits)
      .where(eq(childVisits.childId, body.id));
    expect(rows).toHaveLength(1);

    const reused = await visit(body.id, { ...sent, kind: 'phone' }, { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const badKey = await visit(body.id, sent, { 'idempotency-key': 'short' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.data).toHaveProperty('Idempotency-Key');
    const badVisit = await visit(body.id, {
      kind: 'car',
      visitedAt: 'yesterday',
      checklist: { x: true },
    });
    expect(badVisit.status).toBe(400);
    expect(Object.keys(badVisit.body.error.data)).toEqual(
      expect.arrayContaining(['kind', 'visitedAt', 'checklist']),
    );
  });

  it('versions changes: who changed what, when; a change into a duplicate is 409', async () => {
    const { body } = await register(child({ name: '郑己', dateOfBirth: '2010-04-04' }));
    const res = await request(server.url, `/api/children/${body.id}`, {
      method: 'PATCH',
      body: {
        categories: ['left_behind', 'orphan'],
        notes: '祖母生病',
        guardians: [{ relation: 'grandparent', name: '郑奶奶', livesWithChild: false }],
      },
      cookie: director,
    });
    expect(res.status).toBe(200);
    const got = ZChildFile.parse(res.body);
    expect(got.notes).toBe('祖母生病');
    expect(got.guardians).toEqual([
      { relation: 'grandparent', name: '郑奶奶', livesWithChild: false },
    ]);
    // Left behind with nobody at home: high by the rules.
    expect(got.risk.level).toBe('high');
    expect(got.timeline[0]).toMatchObject({
      action: 'updated',
      by: { displayName: expect.any(String) },
      fields: expect.arrayContaining(['categories', 'guardians', 'notes']),
      details: {
        categories: { before: ['left_behind'], after: ['left_behind', 'orphan'] },
        riskLevel: { before: 'medium', after: 'high' },
      },
    });
    expect(JSON.stringify(got.timeline)).not.toContain('祖母生病');

    const twin = await register(child({ name: '郑庚', dateOfBirth: '2010-04-04' }));
    const clash = await request(server.url, `/api/children/${twin.body.id}`, {
      method: 'PATCH',
      body: { name: '郑己' },
      cookie: director,
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({
      code: 'CHILD_ALREADY_REGISTERED',
      data: { childId: body.id },
    });
    const nothing = await request(server.url, `/api/children/${twin.body.id}`, {
      method: 'PATCH',
      body: {},
      cookie: director,
    });
    expect(nothing.status).toBe(400);
  });

  it('keeps the child’s own phone: checked like a guardian’s, encrypted with its keyed hash, versioned without the number', async () => {
    const bad = await register(child({ name: '韩小雨', phone: '12345abc' }));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data)).toEqual(['phone']);

    const res = await register(
      child({ name: '韩小雨', dateOfBirth: '2009-06-06', phone: '139 0000 4321' }),
    );
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect((await file(id)).phone).toBe('139 0000 4321');
    const [row] = await server.database.db.select().from(children).where(eq(children.id, id));
    expect(row!.phone).toMatch(/^enc:v2:/);
    // The whole number, however written: four digits alone turn up by chance in ciphertext.
    expect(JSON.stringify(row)).not.toMatch(/0000 ?4321/);
    // The same keyed hash as a guardian's phone: one number, however it is written.
    expect(row!.phoneHash).toBe(phoneHash(server.hutong.ctx.config.dataKey, '+86 13900004321'));

    const patch = (body: unknown) =>
      request(server.url, `/api/children/${id}`, { method: 'PATCH', body, cookie: director });
    const refused = await patch({ phone: 'call me' });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.data)).toEqual(['phone']);
    const changed = await patch({ phone: '13900008765' });
    expect(changed.status).toBe(200);
    const got = ZChildFile.parse(changed.body);
    expect(got.phone).toBe('13900008765');
    expect(got.timeline[0]).toMatchObject({ action: 'updated', fields: ['phone'], details: {} });
    // The same number again is no change.
    const same = ZChildFile.parse((await patch({ phone: '13900008765' })).body);
    expect(same.timeline).toHaveLength(got.timeline.length);
    const cleared = ZChildFile.parse((await patch({ phone: null })).body);
    expect(cleared.phone).toBeNull();
    expect(cleared.timeline[0]).toMatchObject({ fields: ['phone'] });
    const [after] = await server.database.db.select().from(children).where(eq(children.id, id));
    expect(after).toMatchObject({ phone: null, phoneHash: null });

    const audits = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, id));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['child.registered', 'child.updated']),
    );
    const trail = JSON.stringify([audits, cleared.timeline]);
    expect(trail).not.toMatch(/0000 ?(4321|8765)/);
    expect(logs.text()).not.toContain('13900008765');
  });

  it('lets a director raise the risk with a reason, never below the rules', async () => {
    const { body } = await register(child({ name: '冯辛', dateOfBirth: '2010-05-05' }));
    const raise = (payload: unknown) =>
      request(server.url, `/api/children/${body.id}/risk`, { body: payload, cookie: director });
    const lower = await raise({ level: 'medium', reason: '试试' });
    expect(lower.status).toBe(400);
    expect(lower.body.error.data).toHaveProperty('level');
    const raised = await raise({ level: 'high', reason: '邻居反映夜间独自在家' });
    expect(raised.status).toBe(200);
    expect(raised.body.risk).toMatchObject({
      level: 'high',
      ruleLevel: 'medium',
      raised: { level: 'high', reason: '邻居反映夜间独自在家' },
    });
    expect(
      Date.parse(raised.body.nextVisitDue) - Date.parse(raised.body.registeredAt),
    ).toBeLessThan(31 * DAY);
    const cleared = await raise({ level: null, reason: '已核实' });
    expect(cleared.body.risk).toMatchObject({ level: 'medium', raised: null });
  });

  it('closes a file with a reason: kept, out of the open list, no more visits or changes', async () => {
    const { body } = await register(child({ name: '褚壬', dateOfBirth: '2009-01-01' }));
    const needsNote = await request(server.url, `/api/children/${body.id}/close`, {
      body: { reason: 'other' },
      cookie: director,
    });
    expect(needsNote.status).toBe(400);
    expect(needsNote.body.error.data).toHaveProperty('note');
    const closed = await request(server.url, `/api/children/${body.id}/close`, {
      body: { reason: 'moved_away' },
      cookie: director,
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closed: { reason: 'moved_away' },
      nextVisitDue: null,
      overdue: false,
    });
    expect((await list('')).children.map((c) => c.id)).not.toContain(body.id);
    expect((await list('?status=closed')).children.map((c) => c.id)).toContain(body.id);
    expect(
      (await visit(body.id, { kind: 'home', visitedAt: new Date().toISOString() })).status,
    ).toBe(409);
    const again = await request(server.url, `/api/children/${body.id}/close`, {
      body: { reason: 'moved_away' },
      cookie: director,
    });
    expect(again.status).toBe(409);
  });

  it('takes visit intervals from the administrators’ settings', async () => {
    const admin = await server.login('admin');
    const bad = await request(server.url, '/api/admin/settings/visits', {
      method: 'PUT',
      body: { visitDays: { high: 100, medium: 90, low: 180 } },
      cookie: admin,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.data).toHaveProperty('visitDays.medium');
    const saved = await request(server.url, '/api/admin/settings/visits', {
      method: 'PUT',
      body: { visitDays: { high: 7, medium: 60, low: 120 } },
      cookie: admin,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      visitDays: { high: 7 },
      defaults: { visitDays: { high: 30 } },
    });
    const { body } = await register(
      child({ name: '卫癸', dateOfBirth: '2009-02-02', categories: ['street'] }),
    );
    const got = await file(body.id);
    expect(Date.parse(got.nextVisitDue!) - Date.parse(got.registeredAt)).toBeLessThan(
      7 * DAY + 1000,
    );
    await request(server.url, '/api/admin/settings/visits', {
      method: 'PUT',
      body: { visitDays: { high: 30, medium: 90, low: 180 } },
      cookie: admin,
    });
  });
});

describe(`the children register's deadlines under HUTONG_TIME_SCALE (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HUTONG_TIME_SCALE: '0.001' } });
  });
  afterAll(() => server?.stop());

  it('scales the days to the next visit like every other deadline', async () => {
    const director = await server.login('director');
    const res = await request(server.url, '/api/children', { body: child(), cookie: director });
    expect(res.status).toBe(201);
    const visitedAt = new Date().toISOString();
    const visited = await request(server.url, `/api/children/${res.body.id}/visits`, {
      body: { kind: 'home', visitedAt, checklist: { childSafe: false } },
      cookie: director,
    });
    expect(visited.status).toBe(201);
    // High risk: 30 days × 0.001 = 43.2 minutes.
    expect(Date.parse(visited.body.nextVisitDue) - Date.parse(visitedAt)).toBe(30 * DAY * 0.001);
  });
});
