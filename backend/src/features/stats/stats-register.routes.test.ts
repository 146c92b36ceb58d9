import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import {
  addDays,
  shanghaiDate,
  ZStatsSummary,
  ZStatsUnanswered,
  type ChildCategory,
  type ChildRiskLevel,
  type TStatsSummary,
} from '@hutong/shared';
import {
  calls,
  caseEvents,
  cases,
  children,
  childVisits,
  reports,
  warnings,
} from '../../db/schema.js';
import { statsTables } from './commands/export-stats.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { fileReport, type FiledReport } from '../../../test/cases.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const PERIOD = 'from=2026-03-01&to=2026-03-31';
const TIANHE = '440106001001'; // 广州市 (the demo analyst's city)
const RUYUAN = '440232104201'; // 韶关市, outside it

/** The lineage of a demo village, province first (what the register stores as region_path). */
const pathOf = (village: string) => [
  `${village.slice(0, 2)}0000`,
  `${village.slice(0, 4)}00`,
  village.slice(0, 6),
  village.slice(0, 9),
  village,
];

describe(`statistics: the register's figures and the unanswered contacts (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let supervisor: string;
  let analyst: string;
  const child: Record<string, string> = {};
  const filed = {} as Record<'claimed' | 'waiting' | 'elsewhere' | 'april', FiledReport>;

  /** A file on the register, built by hand with exactly the fields a figure reads. */
  async function addChild(
    key: string,
    fields: {
      village: string;
      createdAt: Date;
      risk: ChildRiskLevel;
      categories: ChildCategory[];
      nextVisitDue?: Date | null;
      closedAt?: Date;
    },
  ) {
    const [row] = await server.database.db
      .insert(children)
      .values({
        identityHash: randomUUID(),
        nameHash: randomUUID(),
        name: 'sealed',
        sex: 'female',
        regionCode: fields.village,
        regionPath: pathOf(fields.village),
        categories: fields.categories,
        riskLevel: fields.risk,
        ruleRiskLevel: fields.risk,
        riskReasons: [],
        status: fields.closedAt ? 'closed' : 'open',
        closedAt: fields.closedAt ?? null,
        nextVisitDue: fields.closedAt ? null : (fields.nextVisitDue ?? null),
        createdAt: fields.createdAt,
      })
      .returning({ id: children.id });
    child[key] = row!.id;
  }

  async function addVisit(key: string, visitedAt: Date) {
    await server.database.db.insert(childVisits).values({
      childId: child[key]!,
      kind: 'home',
      visitedAt,
      seen: ['child'],
      checklist: {} as never,
    });
  }

  /** A warning on a child's file, raised (and perhaps escalated) when the test says. */
  async function addWarning(key: string, village: string, raisedAt: Date, escalatedAt?: Date) {
    await server.database.db.insert(warnings).values({
      childId: child[key]!,
      kind: 'visit_overdue',
      status: escalatedAt ? 'escalated' : 'open',
      reasons: [],
      dedupeKey: randomUUID(),
      regionCode: village,
      regionPath: pathOf(village),
      createdAt: raisedAt,
      escalatedAt: escalatedAt ?? null,
    });
  }

  /** Moves a report (and its case) to a moment of the test's choosing. */
  async function place(report: FiledReport, at: Date) {
    const db = server.database.db;
    await db.update(reports).set({ receivedAt: at }).where(eq(reports.id, report.reportId));
    await db.update(cases).set({ createdAt: at }).where(eq(cases.id, report.caseId));
    await db.update(caseEvents).set({ createdAt: at }).where(eq(caseEvents.caseId, report.caseId));
  }

  beforeAll(async () => {
    server = await startTestServer();
    supervisor = await server.login('supervisor');
    analyst = await server.login('analyst');
    const now = Date.now();

    // In 广州: A open, high, overdue since 20 March; B closed after the period (on file at its
    // end); C closed in its last second (not on file); D registered at the first instant after
    // it; G open with a visit due in two days (not overdue yet, whatever period is asked).
    await addChild('A', {
      village: TIANHE,
      createdAt: bj('2026-01-10T09:00:00'),
      risk: 'high',
      categories: ['left_behind', 'disabled'],
      nextVisitDue: bj('2026-03-20T00:00:00'),
    });
    await addChild('B', {
      village: TIANHE,
      createdAt: bj('2026-02-01T09:00:00'),
      risk: 'medium',
      categories: ['orphan'],
      closedAt: bj('2026-04-05T10:00:00'),
    });
    await addChild('C', {
      village: TIANHE,
      createdAt: bj('2026-02-01T09:00:00'),
      risk: 'low',
      categories: ['orphan'],
      closedAt: bj('2026-03-31T23:59:59'),
    });
    await addChild('D', {
      village: TIANHE,
      createdAt: bj('2026-04-01T00:00:00'),
      risk: 'low',
      categories: ['migrant'],
      nextVisitDue: bj('2026-03-02T00:00:00'),
    });
    await addChild('G', {
      village: TIANHE,
      createdAt: bj('2026-01-01T00:00:00'),
      risk: 'low',
      categories: ['migrant'],
      nextVisitDue: new Date(now + 2 * 86_400_000),
    });
    // In 韶关: E due at the very first instant of April (not overdue in March); F due in its last
    // second (overdue).
    await addChild('E', {
      village: RUYUAN,
      createdAt: bj('2026-01-01T00:00:00'),
      risk: 'low',
      categories: ['left_behind'],
      nextVisitDue: bj('2026-04-01T00:00:00'),
    });
    await addChild('F', {
      village: RUYUAN,
      createdAt: bj('2026-01-01T00:00:00'),
      risk: 'medium',
      categories: ['in_difficulty'],
      nextVisitDue: bj('2026-03-31T23:59:59'),
    });
    await addVisit('A', bj('2026-03-01T00:00:00'));
    await addVisit('A', bj('2026-02-28T23:59:59'));
    await addVisit('C', bj('2026-03-15T10:00:00'));
    await addVisit('E', bj('2026-03-10T10:00:00'));
    await addVisit('E', bj('2026-04-01T00:00:00'));
    // Warnings: A's raised in March and escalated in April, another raised on the period's last
    // second and escalated at once, one raised in February and escalated in March; E's in March.
    await addWarning('A', TIANHE, bj('2026-03-05T10:00:00'), bj('2026-04-01T00:00:00'));
    await addWarning('A', TIANHE, bj('2026-03-31T23:59:59'), bj('2026-03-31T23:59:59'));
    await addWarning('G', TIANHE, bj('2026-02-28T23:59:59'), bj('2026-03-01T00:00:00'));
    await addWarning('E', RUYUAN, bj('2026-03-20T10:00:00'));

    // Contacts: one taken up, one waiting, one waiting in 韶关, one in April.
    filed.claimed = await fileReport(server, {
      location: { regionCode: TIANHE, address: '五山路1号' },
    });
    filed.waiting = await fileReport(server, {
      location: { regionCode: TIANHE, address: '五山路2号' },
    });
    filed.elsewhere = await fileReport(server, {
      location: { regionCode: RUYUAN, address: '乡道7号旁' },
    });
    filed.april = await fileReport(server, {
      location: { regionCode: TIANHE, address: '五山路3号' },
    });
    await place(filed.claimed, bj('2026-03-02T08:00:00'));
    await place(filed.waiting, bj('2026-03-03T08:00:00'));
    await place(filed.elsewhere, bj('2026-03-01T00:00:00'));
    await place(filed.april, bj('2026-04-01T00:00:00'));
    await server.database.db.insert(caseEvents).values({
      caseId: filed.claimed.caseId,
      type: 'claimed',
      createdAt: bj('2026-03-02T08:00:30'),
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function summary(cookie: string, query = PERIOD): Promise<TStatsSummary> {
    const res = await request(server.url, `/api/stats/summary?${query}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return ZStatsSummary.parse(res.body);
  }

  it('counts children on file at the end of the period by risk and category, and visits', async () => {
    const s = await summary(supervisor);
    expect(s.register).toEqual({
      onFile: 5, // A, B, G, E, F
      byCategory: {
        left_behind: 2,
        orphan: 1,
        de_facto_unsupported: 0,
        in_difficulty: 1,
        disabled: 1,
        migrant: 1,
        street: 0,
      },
      byRisk: { high: 1, medium: 2, low: 2 },
      visitsDone: 3, // A on 1 March at 00:00, C (closed since), E on 10 March
      visitsOverdue: 2, // A and F; not E (due at 00:00 on 1 April), not G (due in two days)
      warningsRaised: 3, // A's two and E's; not G's (raised in February)
      warningsEscalated: 2, // A's second and G's; not A's first (escalated in April)
    });
  });

  it("keeps the register's figures to the region asked and to the analyst's city", async () => {
    const mine = await summary(analyst);
    expect(mine.register).toMatchObject({
      onFile: 3,
      byRisk: { high: 1, medium: 1, low: 1 },
      visitsDone: 2,
      visitsOverdue: 1,
    });
    expect(mine.register).toMatchObject({ warningsRaised: 2, warningsEscalated: 2 });
    const county = await summary(supervisor, `${PERIOD}&regionCode=440232`);
    expect(county.register).toMatchObject({
      onFile: 2,
      visitsDone: 1,
      visitsOverdue: 1,
      warningsRaised: 1,
      warningsEscalated: 0,
    });
    const township = await summary(supervisor, `${PERIOD}&regionCode=440106001`);
    expect(township.register.onFile).toBe(3);
  });

  it('counts as overdue, in a period not yet over, only the visits due before now', async () => {
    const today = shanghaiDate(new Date());
    const s = await summary(supervisor, `from=${today}&to=${addDays(today, 5)}`);
    // A, D (registered in April, due in March) and F are overdue now; E is overdue too now that
    // 1 April has passed; G is due in two days, inside the period but not yet.
    expect(s.register.visitsOverdue).toBe(4);
    expect(s.register.onFile).toBe(5); // A, D, G, E, F (B and C are closed)
  });

  it('lists the contacts nobody has taken up, oldest first, without a name or an address', async () => {
    const res = await request(server.url, `/api/stats/unanswered?${PERIOD}`, {
      cookie: supervisor,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const list = ZStatsUnanswered.parse(res.body);
    expect(list.total).toBe(2);
    expect(list.rows.map((r) => r.reference)).toEqual([
      filed.elsewhere.reference,
      filed.waiting.reference,
    ]);
    expect(list.rows[1]).toMatchObject({
      reportId: filed.waiting.reportId,
      receivedAt: bj('2026-03-03T08:00:00').toISOString(),
      channel: 'web',
      regionCode: TIANHE,
      caseId: filed.waiting.caseId,
      caseStatus: expect.any(String),
    });
    expect(list.rows[1]!.regionName).toBeTruthy();
    const text = JSON.stringify(res.body);
    for (const personal of ['五山路', '乡道7号', '儿童', 'narrative', 'reporter', 'address']) {
      expect(text).not.toContain(personal);
    }
    // The figure and the list agree: contacts minus effective responses.
    const s = await summary(supervisor);
    expect(s.contacts.total - s.contacts.responded).toBe(list.total);
  });

  it('scopes the list to a region, limits it, and names a bad field', async () => {
    const city = await request(server.url, `/api/stats/unanswered?${PERIOD}&regionCode=440100`, {
      cookie: supervisor,
    });
    expect(city.status).toBe(200);
    expect(city.body.rows.map((r: { reference: string }) => r.reference)).toEqual([
      filed.waiting.reference,
    ]);
    const one = await request(server.url, `/api/stats/unanswered?${PERIOD}&limit=1`, {
      cookie: supervisor,
    });
    expect(one.body.total).toBe(2);
    expect(one.body.rows).toHaveLength(1);
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['from=2026-03-40', 'from'],
      ['regionCode=999999', 'regionCode'],
    ] as const) {
      const bad = await request(server.url, `/api/stats/unanswered?${query}`, {
        cookie: supervisor,
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.data)).toContain(field);
    }
  });

  it('gives the list to supervisors and admins only: analysts never see a contact', async () => {
    const admin = await request(server.url, `/api/stats/unanswered?${PERIOD}`, {
      cookie: await server.login('admin'),
    });
    expect(admin.status).toBe(200);
    expect(admin.body.total).toBe(2);
    for (const who of ['analyst', 'operator', 'centre', 'reporter', 'director']) {
      const res = await request(server.url, `/api/stats/unanswered?${PERIOD}`, {
        cookie: await server.login(who),
      });
      expect(res.status, who).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await request(server.url, '/api/stats/unanswered')).status).toBe(401);
  });

  async function readSheet(cookie: string) {
    const res = await fetch(`${server.url}/api/stats/export?format=xlsx&lang=en&${PERIOD}`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    return book.getWorksheet('Register')!;
  }

  it("exports the register's sheet, cell by cell (supervisors: exact)", async () => {
    const sheet = await readSheet(supervisor);
    const register = statsTables(await summary(supervisor), 'en', false).find(
      (t) => t.name.en === 'Register',
    )!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Figure', 'Value', 'Definition']);
    expect(sheet.rowCount).toBe(register.rows.length + 1);
    register.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        expect(sheet.getRow(r + 2).getCell(c + 1).value, `${r + 2}:${c + 1}`).toEqual(cell);
      });
    });
    const byLabel = new Map(
      register.rows.map((row) => [row[0] as string, sheet.getRow(register.rows.indexOf(row) + 2)]),
    );
    const value = (label: string) => byLabel.get(label)!.getCell(2).value;
    expect(value('Children on file')).toBe(5);
    expect(value('High risk')).toBe(1);
    expect(value('Medium risk')).toBe(2);
    expect(value('Left-behind child')).toBe(2);
    expect(value('Visits done')).toBe(3);
    expect(value('Visits overdue')).toBe(2);
  });

  it("suppresses the register's small counts in analysts' exports", async () => {
    const sheet = await readSheet(analyst);
    const values = sheet
      .getSheetValues()
      .slice(2)
      .map((row) => (row as unknown[])[2]);
    expect(values[0]).toBe('<5'); // 3 children on file
    // Risk levels 1 + 1 + 1 of a total known to lie in 1–4: withheld as a group.
    expect(values.slice(1, 4)).toEqual(['—', '—', '—']);
    for (const v of values) {
      if (typeof v === 'number') expect(v === 0 || v >= 5).toBe(true);
      else expect(['<5', '—']).toContain(v);
    }
  });

  it("keeps a case's first taken-up and resolved moments from its timeline, whatever the order", async () => {
    const db = server.database.db;
    const fresh = await fileReport(server, {
      location: { regionCode: RUYUAN, address: '乡道8号' },
    });
    const moments = async () => {
      const [row] = await db
        .select({ taken: cases.firstTakenUpAt, resolved: cases.firstResolvedAt })
        .from(cases)
        .where(eq(cases.id, fresh.caseId));
      return row!;
    };
    expect(await moments()).toEqual({ taken: null, resolved: null });
    // Minutes after the case opened (a timeline never starts before its case).
    const opened = Date.now();
    const at = (minute: number) => new Date(opened + minute * 60_000);
    const event = (type: 'claimed' | 'released' | 'status_changed', minute: number, data = {}) =>
      db.insert(caseEvents).values({ caseId: fresh.caseId, type, data, createdAt: at(minute) });
    await event('released', 1);
    expect((await moments()).taken).toBeNull();
    await event('status_changed', 20, { from: 'new', to: 'triaging' });
    expect((await moments()).taken).toEqual(at(20));
    // Written later but earlier on the clock: it is the first.
    await event('claimed', 10);
    await event('claimed', 30);
    expect((await moments()).taken).toEqual(at(10));
    await event('status_changed', 40, { from: 'in_progress', to: 'resolved' });
    await event('status_changed', 45, { from: 'resolved', to: 'triaging' });
    await event('status_changed', 50, { from: 'in_progress', to: 'resolved' });
    expect(await moments()).toEqual({ taken: at(10), resolved: at(40) });
  });

  it('places a call by its report, or by its case when the report gives no place', async () => {
    const queuedAt = bj('2026-03-12T10:00:00');
    const call = (fields: Partial<typeof calls.$inferInsert>) => ({
      callSid: `CA${randomUUID().replaceAll('-', '')}`,
      fromEncrypted: 'x',
      fromHash: randomUUID(),
      queuedAt,
      status: 'abandoned' as const,
      endedAt: new Date(queuedAt.getTime() + 20_000),
      ...fields,
    });
    const db = server.database.db;
    // No report: placed by its case (韶关). A report in 广州 on a 韶关 case: placed by the report.
    await db
      .insert(calls)
      .values([
        call({ caseId: filed.elsewhere.caseId }),
        call({ caseId: filed.elsewhere.caseId, reportId: filed.waiting.reportId }),
      ]);
    const shaoguan = await summary(supervisor, `${PERIOD}&regionCode=440232`);
    expect(shaoguan.calls.offered).toBe(1);
    const guangzhou = await summary(analyst);
    expect(guangzhou.calls.offered).toBe(1);
    expect((await summary(supervisor)).calls.offered).toBe(2);
  });

  it('counts a report moved into a case someone took up as answered', async () => {
    const before = await request(server.url, `/api/stats/unanswered?${PERIOD}`, {
      cookie: supervisor,
    });
    const s0 = await summary(supervisor);
    await server.database.db
      .update(reports)
      .set({ caseId: filed.claimed.caseId })
      .where(eq(reports.id, filed.waiting.reportId));
    const after = await request(server.url, `/api/stats/unanswered?${PERIOD}`, {
      cookie: supervisor,
    });
    expect(after.body.total).toBe(before.body.total - 1);
    expect(after.body.rows.map((r: { reference: string }) => r.reference)).not.toContain(
      filed.waiting.reference,
    );
    const s1 = await summary(supervisor);
    expect(s1.contacts.total).toBe(s0.contacts.total);
    expect(s1.contacts.responded).toBe(s0.contacts.responded + 1);
  });
});
