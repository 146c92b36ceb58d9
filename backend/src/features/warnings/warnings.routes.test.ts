import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  ZCaseDetail,
  ZChildFile,
  ZWarningChanged,
  ZWarningList,
  type Role,
  type TCreateChild,
  type TWarningChanged,
} from '@hutong/shared';
import {
  auditLog,
  centres,
  childReportLinks,
  children,
  reports,
  users,
  warnings,
} from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { captureLogs } from '../../../test/logs.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { sweepOverdue } from './commands/raise-warnings.js';

const SHINAN = '440117101201'; // 石南村, the demo director's village
const LONGGANG = '440117101202'; // 龙岗村, the same township's other village
const DAY = 86_400_000;

function child(overrides: Partial<TCreateChild> = {}): TCreateChild {
  return {
    name: `预警${randomUUID().slice(0, 8)}`,
    sex: 'female',
    dateOfBirth: '2016-03-01',
    regionCode: SHINAN,
    categories: ['left_behind'],
    guardians: [{ relation: 'grandparent', name: '李奶奶', livesWithChild: true }],
    ...overrides,
  };
}

/** Records every warning event a socket receives. */
function recordWarnings(socket: TestSocket): TWarningChanged[] {
  const got: TWarningChanged[] = [];
  const record = (payload: TWarningChanged) => got.push(ZWarningChanged.parse(payload));
  socket.on('warning.created', record);
  socket.on('warning.updated', record);
  return got;
}

describe(`early warnings (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let director: string;
  let township: string;
  let supervisor: string;
  let operator: string;
  const logs = captureLogs();
  const sockets: TestSocket[] = [];

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

  async function register(body: TCreateChild, cookie = director): Promise<string> {
    const res = await request(server.url, '/api/children', { body, cookie });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function list(cookie: string, query = '') {
    const res = await request(server.url, `/api/warnings${query}`, { cookie });
    expect(res.status).toBe(200);
    return ZWarningList.parse(res.body);
  }

  async function socketOf(cookie: string, auth?: { lastWarningSeq: number }) {
    const socket = connectSocket(server.url, cookie);
    if (auth) socket.auth = auth;
    const got = recordWarnings(socket);
    sockets.push(socket);
    await connected(socket);
    return { socket, got };
  }

  const warningsOf = (childId: string) =>
    server.database.db.select().from(warnings).where(eq(warnings.childId, childId));

  beforeAll(async () => {
    server = await startTestServer({ log: logs.log });
    director = await server.login('director');
    township = await server.login('township');
    supervisor = await server.login('supervisor');
    operator = await server.login('operator');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
  });

  it('raises one warning for a visit with danger signals, live to the village, township and supervisors only', async () => {
    const otherDirector = await account('director-longgang', 'child_director', {
      regionCode: LONGGANG,
    });
    const live = {
      director: await socketOf(director),
      township: await socketOf(township),
      supervisor: await socketOf(supervisor),
      otherDirector: await socketOf(otherDirector),
      operator: await socketOf(operator),
    };
    const id = await register(child({ name: '王小丽' }));
    const visit = await request(server.url, `/api/children/${id}/visits`, {
      cookie: director,
      body: {
        kind: 'home',
        visitedAt: new Date().toISOString(),
        checklist: { childSafe: false, enoughFood: false, healthy: false, guardianPresent: true },
      },
    });
    expect(visit.status).toBe(201);

    const rows = await warningsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'danger_signal',
      status: 'open',
      reasons: [
        { rule: 'danger_signal', item: 'childSafe' },
        { rule: 'danger_signal', item: 'enoughFood' },
      ],
    });
    for (const who of ['director', 'township', 'supervisor'] as const) {
      const event = await eventually(() =>
        live[who].got.find((e) => e.warning.childId === id && e.warning.kind === 'danger_signal'),
      );
      expect(event.warning).toMatchObject({ id: rows[0]!.id, status: 'open' });
      expect(event.seq).toBeGreaterThan(0);
      // Ids, kind, reasons and the village: never the name.
      expect(JSON.stringify(event)).not.toContain('王小丽');
    }
    // Sent once to all rooms: by now the others would have theirs.
    await eventually(() => live.director.got.length > 0);
    expect(live.otherDirector.got.filter((e) => e.warning.childId === id)).toEqual([]);
    expect(live.operator.got.filter((e) => e.warning.childId === id)).toEqual([]);
    expect(logs.text()).not.toContain('王小丽');

    // The file carries its warnings, as the events do.
    const file = await request(server.url, `/api/children/${id}`, { cookie: director });
    expect(file.status).toBe(200);
    expect(file.body.warnings).toEqual([
      expect.objectContaining({ id: rows[0]!.id, kind: 'danger_signal', status: 'open' }),
    ]);
  });

  it('keeps each role to its scope: 403 without the permission, 404 or nothing out of region', async () => {
    const id = await register(child());
    await request(server.url, `/api/children/${id}/visits`, {
      cookie: director,
      body: {
        kind: 'phone',
        visitedAt: new Date().toISOString(),
        checklist: { noInjurySigns: false },
      },
    });
    const [warning] = await warningsOf(id);
    expect(warning).toBeDefined();

    for (const cookie of [director, township, supervisor]) {
      const seen = await list(cookie, `?childId=${id}`);
      expect(seen.warnings.map((w) => w.id)).toEqual([warning!.id]);
      expect(seen.warnings[0]!.child).toMatchObject({ id, categories: ['left_behind'] });
    }
    const otherDirector = await server.login('director-longgang');
    expect((await list(otherDirector, `?childId=${id}`)).warnings).toEqual([]);
    expect(
      (
        await request(server.url, `/api/warnings/${warning!.id}/acknowledge`, {
          method: 'POST',
          cookie: otherDirector,
        })
      ).status,
    ).toBe(404);

    const [city] = await server.database.db
      .select({ id: centres.id })
      .from(centres)
      .where(eq(centres.regionCode, '440100'));
    const centre = await account('centre-warnings', 'centre_staff', { centreId: city!.id });
    for (const cookie of [
      operator,
      centre,
      await server.login('reporter'),
      await server.login('analyst'),
    ]) {
      expect((await request(server.url, '/api/warnings', { cookie })).status).toBe(403);
      for (const action of ['acknowledge', 'escalate'])
        expect(
          (
            await request(server.url, `/api/warnings/${warning!.id}/${action}`, {
              method: 'POST',
              cookie,
            })
          ).status,
        ).toBe(403);
    }
    expect((await request(server.url, '/api/warnings')).status).toBe(401);

    // The township acknowledges; the director then dismisses with a reason, kept encrypted.
    const ack = await request(server.url, `/api/warnings/${warning!.id}/acknowledge`, {
      method: 'POST',
      cookie: township,
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      status: 'acknowledged',
      acknowledged: { by: { displayName: expect.any(String) } },
    });
    const noReason = await request(server.url, `/api/warnings/${warning!.id}/dismiss`, {
      cookie: director,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.data).toHaveProperty('reason');
    const dismissed = await request(server.url, `/api/warnings/${warning!.id}/dismiss`, {
      cookie: director,
      body: { reason: '已电话核实，孩子摔伤已就医' },
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      status: 'dismissed',
      dismissReason: '已电话核实，孩子摔伤已就医',
    });
    const [stored] = await warningsOf(id);
    expect(stored!.dismissReason).not.toContain('摔伤');
    // Final: neither escalated nor acknowledged again.
    const late = await request(server.url, `/api/warnings/${warning!.id}/escalate`, {
      method: 'POST',
      cookie: supervisor,
    });
    expect(late.status).toBe(409);
    expect((await list(director, `?childId=${id}`)).warnings).toEqual([]);
    expect((await list(director, `?childId=${id}&status=all`)).warnings).toHaveLength(1);
    const audit = await server.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, warning!.id));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'warning.acknowledged',
      'warning.dismissed',
    ]);
    expect(
      (await request(server.url, '/api/warnings?status=maybe', { cookie: director })).status,
    ).toBe(400);
  });

  it('warns once per due date when sweeps race, and again at start after a restart', async () => {
    const second = await startTestServer({ database: server.database, prefix: server.prefix });
    try {
      const id = await register(child());
      const due = new Date(Date.now() - DAY);
      await server.database.db
        .update(children)
        .set({ nextVisitDue: due })
        .where(eq(children.id, id));
      const raised = await Promise.all([
        sweepOverdue(server.hutong.ctx),
        sweepOverdue(second.hutong.ctx),
        sweepOverdue(server.hutong.ctx),
      ]);
      expect(raised.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
      const rows = await warningsOf(id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        kind: 'visit_overdue',
        reasons: [{ rule: 'visit_overdue', dueAt: due.toISOString() }],
      });
      expect(await sweepOverdue(second.hutong.ctx)).toBe(0);
      // The sweep skips files already warned by the key as the database computes it: the same.
      const result: unknown = await server.database.db.execute(
        sql`select 'overdue:' || id::text || ':' || floor(extract(epoch from next_visit_due) * 1000)::bigint::text as key from children where id = ${id}`,
      );
      const [computed] = (result as { rows: { key: string }[] }).rows;
      expect(computed?.key).toBe(rows[0]!.dedupeKey);

      // Stopped: another file falls due meanwhile; the next start warns at once, the first not again.
      await second.stop({ keepDatabase: true });
      const other = await register(child());
      await server.database.db
        .update(children)
        .set({ nextVisitDue: new Date(Date.now() - 1000) })
        .where(eq(children.id, other));
      const third = await startTestServer({ database: server.database, prefix: server.prefix });
      try {
        expect(await warningsOf(other)).toHaveLength(1);
        expect(await warningsOf(id)).toHaveLength(1);
      } finally {
        await third.stop({ keepDatabase: true });
      }
    } finally {
      await second.stop({ keepDatabase: true });
    }
  });

  it('warns when a visit recorded long after it happened leaves the next one overdue', async () => {
    const id = await register(child({ categories: ['street'] }));
    const res = await request(server.url, `/api/children/${id}/visits`, {
      cookie: director,
      body: { kind: 'home', visitedAt: new Date(Date.now() - 40 * DAY).toISOString() },
    });
    expect(res.status).toBe(201);
    const rows = await warningsOf(id);
    expect(rows.map((r) => r.kind)).toEqual(['visit_overdue']);
  });

  it("warns when a left-behind child's guardian leaves, once per change", async () => {
    const id = await register(child());
    const moved = await request(server.url, `/api/children/${id}`, {
      method: 'PATCH',
      cookie: director,
      body: { guardians: [{ relation: 'grandparent', name: '李奶奶', livesWithChild: false }] },
    });
    expect(moved.status).toBe(200);
    const rows = await warningsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'guardian_left',
      reasons: [{ rule: 'guardian_left', relations: ['grandparent'], remaining: 0 }],
    });
    // Another change that leaves nobody else: no second warning.
    await request(server.url, `/api/children/${id}`, {
      method: 'PATCH',
      cookie: director,
      body: { school: '石南小学' },
    });
    expect(await warningsOf(id)).toHaveLength(1);
  });

  it('links a report about a registered child to the file, warns, and shows the operator the file', async () => {
    const name = `陈${randomUUID().slice(0, 4)}`;
    const id = await register(child({ name, categories: ['left_behind', 'disabled'] }));
    await request(server.url, `/api/children/${id}/visits`, {
      cookie: director,
      body: { kind: 'home', visitedAt: new Date(Date.now() - DAY).toISOString() },
    });
    const live = await socketOf(director);
    const age = new Date().getUTCFullYear() - 2016 - 1;
    const filed = await request(server.url, '/api/reports', {
      body: buildReport({
        children: [{ name: ` ${name} `, sex: 'female', age }],
        location: { regionCode: SHINAN },
      }),
    });
    expect(filed.status).toBe(201);
    const link = await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(childReportLinks)
        .where(eq(childReportLinks.reportId, filed.body.id));
      return row;
    });
    expect(link).toMatchObject({ childId: id, source: 'match' });
    const warning = await eventually(async () =>
      (await warningsOf(id)).find((w) => w.kind === 'report_on_file'),
    );
    expect(warning.reasons).toEqual([{ rule: 'report_on_file', reference: filed.body.reference }]);
    await eventually(() => live.got.find((e) => e.warning.id === warning.id));

    const [report] = await server.database.db
      .select({ caseId: reports.caseId })
      .from(reports)
      .where(eq(reports.id, filed.body.id));
    const caseRes = await request(server.url, `/api/cases/${report!.caseId}`, { cookie: operator });
    expect(caseRes.status).toBe(200);
    const detail = ZCaseDetail.parse(caseRes.body);
    expect(detail.events.filter((e) => e.type === 'child_on_file_linked')).toEqual([
      expect.objectContaining({ data: { childIds: [id], source: 'match' } }),
    ]);
    expect(detail.childrenOnFile).toEqual([
      expect.objectContaining({
        id,
        name,
        categories: ['left_behind', 'disabled'],
        riskLevel: expect.any(String),
        lastVisitAt: expect.any(String),
        region: expect.objectContaining({ code: SHINAN }),
        director: expect.objectContaining({ displayName: expect.any(String) }),
      }),
    ]);

    // A second report within 90 days: a repeat-reports warning; the file lists both references.
    const again = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ name, age }], location: { regionCode: '440117101' } }),
    });
    const repeat = await eventually(async () =>
      (await warningsOf(id)).find((w) => w.kind === 'repeat_reports'),
    );
    expect(repeat.reasons[0]).toMatchObject({ rule: 'repeat_reports', count: 2 });
    const fileRes = await request(server.url, `/api/children/${id}`, { cookie: director });
    const file = ZChildFile.parse(fileRes.body);
    expect(file.linkedReports?.map((r) => r.reference).sort()).toEqual(
      [filed.body.reference, again.body.reference].sort(),
    );

    // Another child of the same name elsewhere, or of another age, is not this one.
    const elsewhere = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ name, age: age + 5 }], location: { regionCode: SHINAN } }),
    });
    await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, elsewhere.body.id));
      return row?.caseId ?? undefined;
    });
    await server.hutong.relay.drain();
    const links = await server.database.db
      .select()
      .from(childReportLinks)
      .where(and(eq(childReportLinks.reportId, elsewhere.body.id)));
    expect(links).toEqual([]);
  });

  it('escalates a warning into a live, triaged case on the monitoring channel; twice is the same reference', async () => {
    const name = `赵${randomUUID().slice(0, 4)}`;
    const id = await register(child({ name }));
    await request(server.url, `/api/children/${id}/visits`, {
      cookie: director,
      body: { kind: 'home', visitedAt: new Date().toISOString(), checklist: { childSafe: false } },
    });
    const [warning] = await warningsOf(id);
    const ops = connectSocket(server.url, operator);
    sockets.push(ops);
    await connected(ops);
    const live = await socketOf(supervisor);

    const first = await request(server.url, `/api/warnings/${warning!.id}/escalate`, {
      method: 'POST',
      cookie: director,
    });
    expect(first.status).toBe(200);
    const reference = first.body.reference as string;
    expect(reference).toBeTruthy();
    expect(first.body.warning).toMatchObject({ status: 'escalated', escalated: { reference } });

    const created = await eventually(() =>
      ops.received.find((e) => e.case.reference === reference),
    );
    expect(created.case).toMatchObject({ channel: 'monitoring', priority: 'P1' });
    await eventually(() =>
      live.got.find((e) => e.warning.id === warning!.id && e.warning.status === 'escalated'),
    );

    const second = await request(server.url, `/api/warnings/${warning!.id}/escalate`, {
      method: 'POST',
      cookie: supervisor,
    });
    expect(second.status).toBe(200);
    expect(second.body.reference).toBe(reference);
    const filed = await server.database.db
      .select()
      .from(reports)
      .where(eq(reports.reference, reference));
    expect(filed).toHaveLength(1);
    expect(filed[0]!.channel).toBe('monitoring');
    const links = await server.database.db
      .select()
      .from(childReportLinks)
      .where(eq(childReportLinks.reportId, filed[0]!.id));
    expect(links).toEqual([expect.objectContaining({ childId: id, source: 'escalation' })]);
    // The escalated report is not itself a new "report about a child on file".
    await server.hutong.relay.drain();
    expect((await warningsOf(id)).map((w) => w.kind)).toEqual(['danger_signal']);
    const audit = await server.database.db
      .select({ action: auditLog.action, data: auditLog.data })
      .from(auditLog)
      .where(eq(auditLog.entityId, warning!.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'warning.escalated',
        data: expect.objectContaining({ reference }),
      }),
    ]);
  });

  it('replays missed warning events to a reconnecting client, in its scope', async () => {
    const { seq } = await list(director);
    const id = await register(child());
    await request(server.url, `/api/children/${id}/visits`, {
      cookie: director,
      body: {
        kind: 'home',
        visitedAt: new Date().toISOString(),
        checklist: { attendingSchool: false },
      },
    });
    const [warning] = await warningsOf(id);
    const back = await socketOf(township, { lastWarningSeq: seq });
    const replayed = await eventually(() => back.got.find((e) => e.warning.id === warning!.id));
    expect(replayed.seq).toBeGreaterThan(seq);
    const otherDirector = await server.login('director-longgang');
    const outside = await socketOf(otherDirector, { lastWarningSeq: seq });
    // The in-scope socket got its replay; the other, connected the same way, gets none of it.
    await eventually(() => back.got.length > 0);
    expect(outside.got.filter((e) => e.warning.id === warning!.id)).toEqual([]);
  });

  it('warns of a visit that falls due while it runs, by the scheduled sweep alone', async () => {
    // The sweep every 60 s × HUTONG_TIME_SCALE: every 60 ms here, in a process of its own.
    const fast = await startTestServer({
      database: server.database,
      env: { HUTONG_TIME_SCALE: '0.001' },
    });
    try {
      const id = await register(child());
      // Due a moment from now: the sweep at the process's start cannot have seen it.
      const due = new Date(Date.now() + 300);
      await server.database.db
        .update(children)
        .set({ nextVisitDue: due })
        .where(eq(children.id, id));
      const [warning] = await eventually(async () => {
        const rows = await warningsOf(id);
        return rows.length > 0 ? rows : undefined;
        // Seconds, not the minute the suite's own server sweeps at: the fast process warned.
      }, 5_000);
      expect(warning).toMatchObject({
        kind: 'visit_overdue',
        reasons: [{ rule: 'visit_overdue', dueAt: due.toISOString() }],
      });
      expect(warning!.createdAt.getTime()).toBeGreaterThanOrEqual(due.getTime());
    } finally {
      await fast.stop({ keepDatabase: true });
    }
  });
});
