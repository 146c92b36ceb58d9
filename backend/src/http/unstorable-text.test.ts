import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  API,
  allows,
  pathFor,
  ROLES,
  ROUTE_ACCESS,
  type ApiRoute,
  type Role,
} from '@hutong/shared';
import { contacts, reports } from '../db/schema.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { request } from '../../test/http.js';
import { buildReport } from '../../test/factories.js';
import { TEST_DB_KIND } from '../../test/db.js';
import { ensure12345Key } from '../features/hotline12345/simulator/demo.js';

/** Every route of the shared table that takes a body or a query. */
type RouteWithInput = {
  [K in ApiRoute]: (typeof API)[K] extends { body: z.ZodType } | { query: z.ZodType } ? K : never;
}[ApiRoute];

const UUID = '00000000-0000-4000-8000-000000000001';
const ASSESSMENT = {
  children: [
    { name: '小红', birthDate: '2015-06-01', school: '五山小学', idNumber: '44010620150601002X' },
  ],
  injuries: '手臂淤青',
  guardianshipNotes: '祖母照看',
  location: { regionCode: '440106001001', address: '五山路1号' },
  police: { notified: true, at: '2026-01-01T08:00:00+08:00' },
};

/**
 * A valid input for every route with one (several where a union has string fields in more than
 * one branch), filling every optional string field: the test checks both (valid, and complete).
 */
const VALID: Record<RouteWithInput, Record<string, unknown>[]> = {
  createReport: [
    buildReport({
      reporter: { type: 'person', name: '张老师', phone: '+8613800000001' },
      children: [{ name: '小明', sex: 'male', age: 9, school: '五山小学' }],
    }),
    buildReport({
      reporter: {
        type: 'organisation',
        orgName: '五山小学',
        name: '李老师',
        phone: '020-12345678',
      },
    }),
  ],
  login: [{ username: 'nobody-here', password: 'wrong-password' }],
  changePassword: [{ currentPassword: 'wrong-password', newPassword: 'a-new-password-1' }],
  listCases: [{ scope: 'open', limit: '10' }],
  searchCases: [
    {
      q: '小明',
      phone: '13800000001',
      regionCode: '440106',
      status: 'new',
      priority: 'P1',
      from: '2026-01-01',
      to: '2026-01-31',
      limit: '5',
    },
  ],
  reassignCase: [{ assigneeId: UUID }],
  updateCase: [{ version: 1, assessment: ASSESSMENT }],
  transitionCase: [{ to: 'closed_no_action', reason: '重复报告', version: 1 }],
  overridePriority: [{ priority: 'P1', reason: '紧急', version: 1 }],
  addNote: [{ text: '已联系学校' }],
  postReferralMessage: [{ body: '已到达现场' }],
  addAttachment: [{ filename: 'photo.jpg', contentType: 'image/jpeg', dataBase64: 'AAAA' }],
  mergeReport: [{ reportId: UUID }],
  splitReport: [{ reportId: UUID }],
  exportCase: [{ format: 'json', reporterIdentity: 'withhold' }],
  createUser: [
    { username: 'new.user', displayName: '新用户', role: 'operator', centreId: UUID, orgId: UUID },
    {
      username: 'new.director',
      displayName: '新主任',
      role: 'child_director',
      regionCode: '440117101201',
    },
  ],
  updateUser: [
    { displayName: '新名字', role: 'operator', centreId: UUID, orgId: UUID },
    { role: 'child_director', regionCode: '440117101201' },
  ],
  listAudit: [
    {
      caseId: UUID,
      userId: UUID,
      action: 'case.read',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-02T00:00:00Z',
      format: 'json',
    },
  ],
  answerCall: [{ caseId: UUID }],
  sendCaseSms: [{ body: '您好，我们已收到。' }],
  simPlaceCall: [{ from: '+8613800000001', digits: ['1', null] }],
  simSendSms: [{ from: '+8613800000001', body: '救救我' }],
  createCentre: [
    {
      name: '测试中心',
      kind: 'county_rescue_centre',
      regionCode: '440106',
      jurisdiction: ['440106'],
      dutyContacts: [{ label: '值班', phone: '+862000000001' }],
    },
  ],
  updateCentre: [
    {
      name: '测试中心',
      regionCode: '440106',
      jurisdiction: ['440106'],
      dutyContacts: [{ label: '值班', phone: '0751-5321110' }],
    },
  ],
  directory: [{ regionCode: '440232', q: '派出所' }],
  createDirectoryEntry: [
    {
      name: '必背派出所',
      kind: 'police',
      phone: '0751-5321110',
      regionCode: '440232',
      note: '24小时',
    },
  ],
  updateDirectoryEntry: [{ name: '必背派出所', phone: '110', regionCode: '440232', note: '值班' }],
  contactHistory: [{ phone: '0751-5321110' }],
  createReferral: [{ centreId: UUID, note: '请尽快处理', replaces: UUID }],
  updateReferral: [
    {
      status: 'completed',
      reason: '已处理',
      outcome: { actions: ['child_seen'], date: '2026-01-01', notes: '已家访' },
    },
  ],
  recordCallback: [{ outcome: 'waived', reason: '无法联系' }],
  reportStatus: [{ reference: 'HT-ABCD-EFGH', code: 'ABCD-1234' }],
  addOutcomeAttachment: [{ filename: 'photo.jpg', contentType: 'image/jpeg', dataBase64: 'AAAA' }],
  updateDispatchSettings: [{ ackMinutes: { P1: 10, P2: 60, P3: 1440 } }],
  createOrg: [
    { name: '五山小学', kind: 'school', regionCode: '440106', letterSignedAt: '2026-01-01' },
  ],
  updateOrg: [
    { name: '五山小学', kind: 'school', regionCode: '440106', letterSignedAt: '2026-01-01' },
  ],
  createOrgApiKey: [{ label: '学校系统' }],
  verifyAudit: [{ anchor: `1:${'0'.repeat(64)}` }],
  setMyPresence: [{ status: 'break' }],
  wrapUpCall: [{ outcome: 'advice_given', note: '来电者询问流程', caseId: UUID }],
  createHandover: [{ body: '夜班交接：两宗个案待转介。' }],
  bulkReassign: [
    { fromUserId: UUID, toUserId: null },
    { fromUserId: UUID, toUserId: '00000000-0000-4000-8000-000000000002' },
  ],
  createCannedReply: [
    { label: { 'zh-CN': '确认', en: 'Ack' }, text: { 'zh-CN': '已收到。', en: 'Received.' } },
  ],
  updateCannedReply: [
    { label: { 'zh-CN': '确认', en: 'Ack' }, text: { 'zh-CN': '已收到。', en: 'Received.' } },
  ],
  createWebhook: [
    {
      url: 'https://partner.example.org/hooks',
      events: ['report.received'],
      orgId: UUID,
      description: '学校系统',
    },
    { url: 'https://centre.example.org/hooks', events: ['referral.created'], centreId: UUID },
  ],
  hotline12345Order: [
    {
      orderNumber: 'GD20261201000001',
      orderTime: '2026-12-01T09:00:00+08:00',
      caller: { name: '王女士', phone: '13800138000' },
      content: '邻居家孩子经常被打骂',
      region: '天河区',
      timeLimit: '2026-12-04T09:00:00+08:00',
    },
  ],
  hotline12345Urge: [{ time: '2026-12-02T09:00:00+08:00', comment: '请尽快办理' }],
  hotline12345Rating: [
    { satisfaction: 'satisfied', time: '2026-12-05T09:00:00+08:00', comment: '很及时' },
  ],
  replyTo12345: [{ text: '已联系社区上门了解情况' }],
  returnTo12345: [{ reason: '非儿童保护事项' }],
  statsSummary: [{ from: '2026-03-01', to: '2026-03-31', regionCode: '440100' }],
  statsSeries: [
    {
      from: '2026-03-01',
      to: '2026-03-31',
      regionCode: '440100',
      metric: 'contacts.total',
      interval: 'day',
    },
  ],
  statsExport: [
    { from: '2026-03-01', to: '2026-03-31', regionCode: '440100', format: 'csv', lang: 'en' },
  ],
  statsUnanswered: [{ from: '2026-03-01', to: '2026-03-31', regionCode: '440100', limit: '10' }],
  listChildren: [
    {
      regionCode: '440117101201',
      category: 'left_behind',
      risk: 'high',
      overdue: 'true',
      name: '李小红',
      status: 'open',
      sweep: 'open',
      page: '1',
      pageSize: '20',
    },
  ],
  getChild: [{ caseId: UUID }],
  getVisitPhoto: [{ caseId: UUID }],
  createChild: [
    {
      name: '李小红',
      sex: 'female',
      dateOfBirth: '2016-03-01',
      regionCode: '440117101201',
      categories: ['left_behind'],
      guardians: [
        {
          relation: 'grandparent',
          name: '李奶奶',
          phone: '13800000001',
          livesWithChild: true,
          workPlace: '东莞',
        },
      ],
      phone: '13900000011',
      school: '石南小学',
      health: '良好',
      notes: '父母在外务工',
    },
  ],
  updateChild: [
    {
      name: '李小红',
      sex: 'female',
      dateOfBirth: '2016-03-01',
      regionCode: '440117101201',
      categories: ['left_behind'],
      guardians: [
        {
          relation: 'mother',
          name: '王芳',
          phone: '13800000002',
          livesWithChild: false,
          workPlace: '深圳',
        },
      ],
      phone: '13900000012',
      school: '石南小学',
      health: '良好',
      notes: '母亲每月回家',
    },
  ],
  closeChild: [{ reason: 'other', note: '由亲属接走' }],
  raiseChildRisk: [{ level: 'high', reason: '邻居反映夜间独自在家' }],
  createVisit: [
    {
      kind: 'home',
      visitedAt: '2026-01-02T10:00:00+08:00',
      seen: ['child'],
      checklist: { childSafe: true },
      notes: '家中整洁',
      photos: [{ contentType: 'image/jpeg', dataBase64: '/9j/4AAQSkZJRgABAQ==' }],
    },
    { kind: 'phone', visitedAt: '2026-01-02T10:00:00+08:00', notes: '电话回访', callId: UUID },
  ],
  startCheckinCall: [{ to: { guardianIndex: 0 }, staffPhone: '+8613900000100' }],
  updateVisitSettings: [{ visitDays: { high: 30, medium: 90, low: 180 } }],
  listWarnings: [
    {
      status: 'open',
      kind: 'danger_signal',
      childId: '00000000-0000-4000-8000-000000000000',
      page: '1',
      pageSize: '20',
    },
  ],
  dismissWarning: [{ reason: '已电话核实' }],
  createSweep: [
    {
      regionCode: '440117101',
      categories: ['left_behind'],
      dueBy: '2099-01-31T23:59:59+08:00',
      note: '春季开学前摸底',
    },
  ],
  listSweeps: [{ page: '1', pageSize: '20' }],
  closeSweep: [{ reason: '各村均已走访' }],
  cancelSweep: [{ reason: '误发' }],
  // The body is a CSV file, not JSON: its cells are checked in the import's own test.
  importChildren: [{ dryRun: 'true' }],
};

const ROUTES = (Object.keys(API) as ApiRoute[]).filter(
  (r): r is RouteWithInput => 'body' in API[r] || 'query' in API[r],
);

/** The schema's string fields as paths, `*` for an array element (zod 4 introspection). */
function stringPaths(schema: z.ZodType, path = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'string':
      return [path];
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
        stringPaths(child, path ? `${path}.${key}` : key),
      );
    case 'array':
      return stringPaths(def.element, `${path}.*`);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => stringPaths(o, path));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return stringPaths(def.innerType, path);
    case 'pipe':
      return stringPaths(def.in, path);
    default:
      return [];
  }
}

/** The input's string leaves: their concrete path (for injecting) and schema path (for coverage). */
function stringLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  }
  return [];
}

function withValue(input: unknown, path: (string | number)[], value: string): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

/** The characters PostgreSQL refuses (NUL) or that have no UTF-8 form (lone surrogates). */
const POISONS = [
  { name: 'NUL', inject: (s: string) => `${s.slice(0, 1)}\u0000${s.slice(1)}` },
  { name: 'lone high surrogate', inject: (s: string) => `${s}\uD800` },
  { name: 'lone low surrogate', inject: (s: string) => `\uDC00${s}` },
];

const USER_OF: Record<Role, string> = {
  operator: 'operator',
  supervisor: 'supervisor',
  centre_staff: 'centre',
  reporter: 'reporter',
  admin: 'admin',
  child_director: 'director',
  township_supervisor: 'township',
  analyst: 'analyst',
};

describe(`characters the database cannot store (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  const cookies = new Map<Role, string>();
  /** The 12345 line's routes take its partner key, which no console role holds. */
  let partnerHeaders: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    for (const role of ROLES) cookies.set(role, await server.login(USER_OF[role]));
    const { key } = await ensure12345Key(server.database.db);
    partnerHeaders = { authorization: `Bearer ${key}` };
  });
  afterAll(() => server.stop());

  it('has a valid input filling every string field of every route that takes one', () => {
    const problems: string[] = [];
    for (const route of ROUTES) {
      const contract = API[route];
      const schema = (
        'body' in contract && !('bodyType' in contract) ? contract.body : contract.query
      ) as z.ZodType;
      const covered = new Set<string>();
      for (const input of VALID[route]) {
        const parsed = schema.safeParse(input);
        if (!parsed.success) problems.push(`${route} fixture invalid: ${parsed.error.message}`);
        for (const leaf of stringLeaves(input)) {
          covered.add(leaf.map((k) => (typeof k === 'number' ? '*' : k)).join('.'));
        }
      }
      for (const path of stringPaths(schema).filter((p) => !covered.has(p))) {
        problems.push(`${route}: no value for the string field ${path} in VALID`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers 400 naming the field, for every string field of every route', async () => {
    const failures: string[] = [];
    for (const route of ROUTES) {
      const contract = API[route];
      const access = ROUTE_ACCESS[route];
      const role = ROLES.find((r) => allows(r, access));
      const cookie = access === 'public' || !role ? undefined : cookies.get(role);
      const headers = access === 'partners.12345' ? partnerHeaders : {};
      const params = Object.fromEntries(
        [...contract.path.matchAll(/:([A-Za-z]+)/g)].map((m) => [m[1]!, randomUUID()]),
      );
      for (const input of VALID[route]) {
        for (const leaf of stringLeaves(input)) {
          const field = leaf.join('.');
          // A URL cannot carry a lone surrogate (encoding it yields U+FFFD): queries get NUL only.
          for (const poison of 'query' in contract ? POISONS.slice(0, 1) : POISONS) {
            const original = leaf.reduce<any>((node, key) => node[key], input) as string;
            const bad = withValue(input, leaf, poison.inject(original));
            const path = pathFor(contract.path, params);
            const res =
              'query' in contract
                ? await request(
                    server.url,
                    `${path}?${new URLSearchParams(bad as Record<string, string>).toString()}`,
                    { method: contract.method, headers, ...(cookie ? { cookie } : {}) },
                  )
                : await request(server.url, path, {
                    method: contract.method,
                    body: bad,
                    headers,
                    ...(cookie ? { cookie } : {}),
                  });
            const ok =
              res.status === 400 &&
              res.body?.error?.code === 'VALIDATION_FAILED' &&
              typeof res.body.error.data?.[field] === 'string';
            if (!ok) {
              failures.push(
                `${route} ${field} ${poison.name}: ${res.status} ${JSON.stringify(res.body)}`,
              );
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('stores nothing of a rejected report and leaves accepted ones intact', async () => {
    const accepted = await request(server.url, '/api/reports', {
      body: buildReport({ narrative: '先前的报告' }),
    });
    expect(accepted.status).toBe(201);
    const before = await server.database.db.select().from(reports);
    const contactsBefore = await server.database.db.select().from(contacts);

    for (const body of [
      buildReport({ narrative: '孩子\u0000被打' }),
      buildReport({ children: [{ name: '小\u0000明' }] }),
      buildReport({ location: { regionCode: '440106001001', address: '五山路\uD800' } }),
    ]) {
      const res = await request(server.url, '/api/reports', {
        body,
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.data.reference).toBeUndefined();
    }

    const after = await server.database.db.select().from(reports);
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    const acceptedRow = after.find((r) => r.reference === accepted.body.reference)!;
    expect(acceptedRow.narrative).toBe(
      before.find((r) => r.reference === accepted.body.reference)!.narrative,
    );
    expect(await server.database.db.select().from(contacts)).toHaveLength(contactsBefore.length);
  });
});
