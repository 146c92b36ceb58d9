import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { ZStatsSeries, ZStatsSummary, type TStatsSummary } from '@hutong/shared';
import {
  auditLog,
  calls,
  caseEvents,
  cases,
  centres,
  referrals,
  reports,
  smsConversations,
  smsMessages,
  users,
} from '../../db/schema.js';
import { statsTables } from './commands/export-stats.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { fileReport, type FiledReport } from '../../../test/cases.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const PERIOD = 'from=2026-03-01&to=2026-03-31';

describe(`statistics: summary and series (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let supervisor: string;
  let analyst: string;
  const filed = {} as Record<'first' | 'before' | 'last' | 'after' | 'elsewhere', FiledReport>;

  /** Moves a report (and its case) to a moment and a channel of the test's choosing. */
  async function place(report: FiledReport, at: Date, channel: 'web' | 'voice' | 'sms' | 'api') {
    const db = server.database.db;
    await db
      .update(reports)
      .set({ receivedAt: at, channel })
      .where(eq(reports.id, report.reportId));
    await db.update(cases).set({ createdAt: at, channel }).where(eq(cases.id, report.caseId));
    await db.update(caseEvents).set({ createdAt: at }).where(eq(caseEvents.caseId, report.caseId));
  }

  const callRow = (
    reportId: string,
    queuedAt: Date,
    fields: Partial<typeof calls.$inferInsert>,
  ) => ({
    callSid: `CA${randomUUID().replaceAll('-', '')}`,
    fromEncrypted: 'x',
    fromHash: randomUUID(),
    reportId,
    queuedAt,
    ...fields,
  });
  const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

  beforeAll(async () => {
    server = await startTestServer();
    supervisor = await server.login('supervisor');
    analyst = await server.login('analyst');
    const db = server.database.db;
    const tianhe = { regionCode: '440106001001', address: '五山路1号' };
    const shaoguan = { regionCode: '440232104201', address: '必背镇必背口村村委会旁' };
    // Around the Shanghai day boundaries of March 2026.
    filed.first = await fileReport(server, { location: tianhe, categories: ['emotional_abuse'] });
    filed.before = await fileReport(server, { location: tianhe });
    filed.last = await fileReport(server, {
      location: tianhe,
      categories: ['bullying', 'emotional_abuse'],
    });
    filed.after = await fileReport(server, { location: tianhe });
    filed.elsewhere = await fileReport(server, { location: shaoguan, immediateDanger: true });
    await place(filed.first, bj('2026-03-01T00:00:00'), 'web');
    await place(filed.before, bj('2026-02-28T23:59:59'), 'web');
    await place(filed.last, bj('2026-03-31T23:59:59.999'), 'voice');
    await place(filed.after, bj('2026-04-01T00:00:00'), 'web');
    await place(filed.elsewhere, bj('2026-03-10T12:30:00'), 'sms');

    // The first case is claimed 30 s after it opened, resolved after an hour, re-opened once.
    const opened = bj('2026-03-01T00:00:00');
    await db.insert(caseEvents).values([
      { caseId: filed.first.caseId, type: 'claimed', createdAt: plus(opened, 30) },
      {
        caseId: filed.first.caseId,
        type: 'status_changed',
        data: { from: 'in_progress', to: 'resolved' },
        createdAt: plus(opened, 3600),
      },
      {
        caseId: filed.first.caseId,
        type: 'status_changed',
        data: { from: 'resolved', to: 'triaging' },
        createdAt: plus(opened, 7200),
      },
    ]);

    // Calls on the first report: answered at 10 s, 15 s and 16 s; abandoned at 14.9 s.
    const q = bj('2026-03-05T09:00:00');
    await db.insert(calls).values([
      callRow(filed.first.reportId, q, { status: 'completed', answeredAt: plus(q, 10) }),
      callRow(filed.first.reportId, q, { status: 'completed', answeredAt: plus(q, 15) }),
      callRow(filed.first.reportId, q, { status: 'completed', answeredAt: plus(q, 16) }),
      callRow(filed.first.reportId, q, { status: 'abandoned', endedAt: plus(q, 14.9) }),
      // In Shaoguan, outside the analyst's city.
      callRow(filed.elsewhere.reportId, q, { status: 'abandoned', endedAt: plus(q, 40) }),
    ]);

    // Texts: an operator's first reply at exactly 3 minutes is in time, at 3 min 1 s it is not,
    // and the automatic acknowledgement (no sender) is no reply at all.
    const [operator] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'operator'));
    const texted = bj('2026-03-06T09:00:00');
    const conversation = async (report: FiledReport, replies: [number, boolean][]) => {
      const [c] = await db
        .insert(smsConversations)
        .values({
          phoneHash: randomUUID(),
          phoneEncrypted: 'x',
          state: {},
          reportId: report.reportId,
          createdAt: texted,
        })
        .returning({ id: smsConversations.id });
      await db.insert(smsMessages).values([
        {
          conversationId: c!.id,
          direction: 'inbound',
          bodyEncrypted: 'x',
          status: 'received',
          createdAt: texted,
        },
        ...replies.map(([after, byOperator]) => ({
          conversationId: c!.id,
          direction: 'outbound' as const,
          bodyEncrypted: 'x',
          status: 'sent',
          sentBy: byOperator ? operator!.id : null,
          createdAt: plus(texted, after),
        })),
      ]);
    };
    await conversation(filed.first, [
      [1, false],
      [180, true],
    ]);
    await conversation(filed.first, [
      [1, false],
      [181, true],
    ]);
    await conversation(filed.first, [[1, false]]);
    // In Shaoguan, outside the analyst's city.
    await conversation(filed.elsewhere, [[10, true]]);

    const [centre] = await db
      .select({ id: centres.id })
      .from(centres)
      .orderBy(asc(centres.id))
      .limit(1);
    const sent = bj('2026-03-02T10:00:00');
    await db.insert(referrals).values([
      {
        caseId: filed.first.caseId,
        centreId: centre!.id,
        priority: 'P3',
        ackDeadline: plus(sent, 3600),
        acknowledgedAt: plus(sent, 3600),
        status: 'acknowledged',
        createdAt: sent,
      },
      {
        caseId: filed.first.caseId,
        centreId: centre!.id,
        priority: 'P3',
        ackDeadline: plus(sent, 3600),
        acknowledgedAt: plus(sent, 3601),
        escalationLevel: 1,
        status: 'declined',
        createdAt: sent,
      },
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function summary(cookie: string, query = PERIOD): Promise<TStatsSummary> {
    const res = await request(server.url, `/api/stats/summary?${query}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return ZStatsSummary.parse(res.body);
  }

  it('counts contacts by Shanghai day, channel, category, priority and hour', async () => {
    const s = await summary(supervisor);
    expect(s.regionCode).toBeNull();
    expect(s.contacts.total).toBe(3);
    expect(s.contacts.byChannel).toMatchObject({ web: 1, phone: 1, sms: 1, api: 0, monitoring: 0 });
    expect(s.contacts.byCategory.emotional_abuse).toBe(2);
    expect(s.contacts.byCategory.bullying).toBe(1);
    expect(s.contacts.byHour[0]).toBe(1);
    expect(s.contacts.byHour[23]).toBe(1);
    expect(s.contacts.byHour[12]).toBe(1);
    expect(s.contacts.byPriority.P1).toBe(1);
    expect(Object.values(s.contacts.byPriority).reduce((a, b) => a + b)).toBe(3);
    expect(s.contacts.byRegion).toEqual([{ code: '440000', name: expect.any(String), count: 3 }]);
    expect(s.contacts.responded).toBe(1);
    expect(s.contacts.respondedShare).toBeCloseTo(1 / 3);
  });

  it('counts a call abandoned at 14.9 s as abandoned, and 15 s as answered in time', async () => {
    const s = await summary(analyst);
    expect(s.calls).toEqual({
      offered: 4,
      answered: 3,
      answeredWithin15s: 2,
      abandoned: 1,
      waitP50: 15, // 14.95 rounded to a tenth
      waitP90: 15.7,
      outbound: { made: 0, answered: 0 },
    });
    expect((await summary(supervisor)).calls.offered).toBe(5);
  });

  it('counts a text answered by an operator at 3 min as in time, at 3 min 1 s or by the machine as not', async () => {
    expect((await summary(analyst)).sms).toEqual({ conversations: 3, repliedWithin3m: 1 });
    expect((await summary(supervisor)).sms).toEqual({ conversations: 4, repliedWithin3m: 2 });
  });

  it('times claims and resolutions, counts re-openings and referrals by centre', async () => {
    const s = await summary(analyst);
    expect(s.cases.opened).toBe(2);
    expect(s.cases.resolved).toBe(1);
    expect(s.cases.claimP50).toBe(30);
    expect(s.cases.resolutionP50).toBe(3600);
    expect(s.cases.reopened).toBe(1);
    expect(s.referrals).toMatchObject({
      made: 2,
      ackedInTime: 1,
      escalated: 1,
      declined: 1,
      rerouted: 0,
    });
    expect(s.referrals.byCentre).toHaveLength(1);
    expect(s.referrals.byCentre[0]!.made).toBe(2);
  });

  it("keeps analysts to their region's subtree", async () => {
    const s = await summary(analyst);
    expect(s.regionCode).toBe('440100');
    expect(s.contacts.total).toBe(2);
    expect(s.contacts.byRegion.find((r) => r.code === '440106')?.count).toBe(2);
    const county = await summary(analyst, `${PERIOD}&regionCode=440106`);
    expect(county.contacts.total).toBe(2);
    expect(county.contacts.byRegion.map((r) => r.code)).toContain('440106001');
    for (const other of ['440200', '440000']) {
      const res = await request(server.url, `/api/stats/summary?regionCode=${other}`, {
        cookie: analyst,
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await summary(supervisor, `${PERIOD}&regionCode=440200`)).contacts.total).toBe(1);
  });

  it('refuses operators, centre staff and reporters, and names a bad field', async () => {
    for (const who of ['operator', 'centre', 'reporter']) {
      const res = await request(server.url, '/api/stats/summary', {
        cookie: await server.login(who),
      });
      expect(res.status).toBe(403);
    }
    expect((await request(server.url, '/api/stats/summary')).status).toBe(401);
    for (const [query, field] of [
      ['from=2026-13-01', 'from'],
      ['from=2026-03-05&to=2026-03-01', 'from'],
      ['regionCode=999999', 'regionCode'],
    ] as const) {
      const res = await request(server.url, `/api/stats/summary?${query}`, { cookie: supervisor });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.data)).toContain(field);
    }
  });

  it('draws a series by Shanghai day, week and month, empty buckets included', async () => {
    const get = async (query: string) => {
      const res = await request(server.url, `/api/stats/series?${query}`, { cookie: supervisor });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return ZStatsSeries.parse(res.body);
    };
    const days = await get(`metric=contacts.total&interval=day&${PERIOD}`);
    expect(days.points).toHaveLength(31);
    expect(days.points[0]).toMatchObject({ start: '2026-03-01', value: 1 });
    expect(days.points[0]!.byChannel?.web).toBe(1);
    expect(days.points[30]).toMatchObject({ start: '2026-03-31', value: 1 });
    expect(days.points[30]!.byChannel?.phone).toBe(1);
    const weeks = await get(`metric=contacts.total&interval=week&${PERIOD}`);
    expect(weeks.points[0]).toMatchObject({ start: '2026-02-23', value: 1 });
    expect(weeks.points.reduce((n, p) => n + p.value, 0)).toBe(3);
    const months = await get(`metric=calls.abandoned&interval=month&from=2026-02-01&to=2026-04-30`);
    expect(months.points.map((p) => [p.start, p.value])).toEqual([
      ['2026-02-01', 0],
      ['2026-03-01', 2],
      ['2026-04-01', 0],
    ]);
    const bad = await request(server.url, '/api/stats/series?metric=children', {
      cookie: supervisor,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data)).toContain('metric');
  });

  async function download(cookie: string, query: string) {
    const res = await fetch(`${server.url}/api/stats/export?${query}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return { res, data: Buffer.from(await res.arrayBuffer()) };
  }

  async function readXlsx(data: Buffer) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data as unknown as ArrayBuffer);
    return book;
  }

  it('exports an xlsx that reads back, cell by cell, as the figures (supervisors: exact)', async () => {
    const [centre] = await server.database.db
      .select({ id: centres.id })
      .from(centres)
      .orderBy(asc(centres.id))
      .limit(1);
    await server.database.db
      .update(centres)
      .set({ name: '=HYPERLINK("http://x")' })
      .where(eq(centres.id, centre!.id));
    const { res, data } = await download(supervisor, `format=xlsx&lang=en&${PERIOD}`);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const book = await readXlsx(data);
    const tables = statsTables(await summary(supervisor), 'en', false);
    expect(book.worksheets.map((w) => w.name)).toEqual(tables.map((t) => t.name.en));
    for (const table of tables) {
      const sheet = book.getWorksheet(table.name.en)!;
      expect(sheet.getRow(1).values).toEqual([undefined, ...table.header.map((h) => h.en)]);
      table.rows.forEach((row, r) => {
        row.forEach((cell, c) => {
          const read = sheet.getRow(r + 2).getCell(c + 1).value;
          const expected = typeof cell === 'string' && cell.startsWith('=') ? `'${cell}` : cell;
          expect(read, `${table.name.en} ${r + 2}:${c + 1}`).toEqual(expected);
        });
      });
    }
    const summarySheet = book.getWorksheet('Summary')!;
    expect(summarySheet.getRow(2).getCell(2).value).toBe(3);
    // The formula arrives as text, not as a formula.
    const centreCell = book.getWorksheet('Centres')!.getRow(2).getCell(1).value;
    expect(centreCell).toBe(`'=HYPERLINK("http://x")`);
  });

  it("suppresses small counts in analysts' exports so that totals cannot reveal them, and audits", async () => {
    const { data } = await download(analyst, `format=xlsx&lang=en&${PERIOD}`);
    const book = await readXlsx(data);
    const values = (sheet: string) =>
      book
        .getWorksheet(sheet)!
        .getSheetValues()
        .slice(2)
        .map((row) => (row as unknown[])[2]);
    // Two contacts: web 1 and phone 1 would follow from the total of 2, so the group is withheld.
    expect(values('Summary')[0]).toBe('<5');
    expect(values('Channels')).toEqual(['—', '—', '—', '—', '—']);
    for (const sheet of ['Summary', 'Channels', 'Situations', 'Priorities', 'Hours']) {
      for (const v of values(sheet)) {
        if (typeof v === 'number' && sheet !== 'Summary') expect(v === 0 || v >= 5).toBe(true);
      }
    }
    const [me] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'analyst'));
    const audits = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'stats.exported'), eq(auditLog.actorId, me!.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toMatchObject({
      format: 'xlsx',
      regionCode: '440100',
      suppressed: true,
    });
  });

  it('exports a CSV with a UTF-8 BOM, Chinese intact and formulas neutralised', async () => {
    const { res, data } = await download(supervisor, `format=csv&lang=zh-CN&${PERIOD}`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect([...data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = data.toString('utf8');
    expect(text).toContain('来访总数,3,');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('refuses exports to operators and names a bad format', async () => {
    const res = await request(server.url, '/api/stats/export', {
      cookie: await server.login('operator'),
    });
    expect(res.status).toBe(403);
    const bad = await request(server.url, '/api/stats/export?format=pdf', { cookie: supervisor });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data)).toContain('format');
  });

  it('leaves out a report whose receipt moved out of the period', async () => {
    await server.database.db
      .update(reports)
      .set({ receivedAt: bj('2025-01-01T00:00:00') })
      .where(inArray(reports.id, [filed.elsewhere.reportId]));
    expect((await summary(supervisor)).contacts.total).toBe(2);
  });
});
