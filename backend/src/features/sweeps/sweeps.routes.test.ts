import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  ZChildList,
  ZSweepChanged,
  ZSweepDetail,
  ZSweepList,
  type Role,
  type TCreateChild,
  type TSweepChanged,
} from '@hutong/shared';
import { auditLog, sweepTasks, users } from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { captureLogs } from '../../../test/logs.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const WENQUAN = '440117101'; // 温泉镇, the demo township supervisor's township
const SHINAN = '440117101201'; // 石南村, the demo director's village
const LONGGANG = '440117101202'; // 龙岗村, the same township's other village
const OTHER_TOWNSHIP = '440106001'; // a township of another district

let serial = 0;
function child(overrides: Partial<TCreateChild> = {}): TCreateChild {
  serial += 1;
  return {
    name: `排查儿童${serial}号`,
    sex: 'female',
    age: 8,
    regionCode: SHINAN,
    categories: ['left_behind'],
    guardians: [],
    ...overrides,
  };
}

describe(`sweeps (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let director: string;
  let township: string;
  let supervisor: string;
  const sockets: TestSocket[] = [];
  const logs = captureLogs();

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

  async function register(body: TCreateChild, cookie = township): Promise<string> {
    const res = await request(server.url, '/api/children', { body, cookie });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const start = (body: unknown, cookie = township, headers: Record<string, string> = {}) =>
    request(server.url, '/api/sweeps', { body, cookie, headers });

  async function detail(id: string, cookie = township) {
    const res = await request(server.url, `/api/sweeps/${id}`, { cookie });
    expect(res.status).toBe(200);
    return ZSweepDetail.parse(res.body);
  }

  const visit = (childId: string, cookie = director) =>
    request(server.url, `/api/children/${childId}/visits`, {
      cookie,
      body: { kind: 'home', visitedAt: new Date().toISOString(), checklist: {} },
    });

  beforeAll(async () => {
    server = await startTestServer({ log: logs.log });
    director = await server.login('director');
    township = await server.login('township');
    supervisor = await server.login('supervisor');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
  });

  it('starts a sweep with a task for every open file of the region and categories, audited', async () => {
    const shinan = await register(child({ name: '排查甲' }));
    const longgang = await register(child({ name: '排查乙', regionCode: LONGGANG }));
    const orphan = await register(child({ name: '排查丙', categories: ['orphan'] }));
    const closed = await register(child({ name: '排查丁' }));
    const closing = await request(server.url, `/api/children/${closed}/close`, {
      cookie: township,
      body: { reason: 'moved_away' },
    });
    expect(closing.status).toBe(200);

    const res = await start({
      regionCode: WENQUAN,
      categories: ['left_behind'],
      note: '春季摸底',
    });
    expect(res.status).toBe(201);
    const sweep = ZSweepDetail.parse(res.body);
    const tasks = await server.database.db
      .select()
      .from(sweepTasks)
      .where(eq(sweepTasks.sweepId, sweep.id));
    const tasked = tasks.map((t) => t.childId);
    expect(tasked).toEqual(expect.arrayContaining([shinan, longgang]));
    expect(tasked).not.toContain(orphan);
    expect(tasked).not.toContain(closed);
    expect(sweep).toMatchObject({
      region: { code: WENQUAN },
      categories: ['left_behind'],
      note: '春季摸底',
      total: tasks.length,
      done: 0,
      overdue: 0,
    });
    expect(sweep.villages.map((v) => v.region.code)).toEqual(
      expect.arrayContaining([SHINAN, LONGGANG]),
    );

    const [audit] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sweep.created'), eq(auditLog.entityId, sweep.id)));
    expect(audit?.data).toMatchObject({
      regionCode: WENQUAN,
      categories: ['left_behind'],
      tasks: tasks.length,
    });
    expect(JSON.stringify(audit?.data)).not.toContain('排查甲');

    const listed = ZSweepList.parse(
      (await request(server.url, '/api/sweeps', { cookie: supervisor })).body,
    );
    expect(listed.sweeps.find((s) => s.id === sweep.id)).toMatchObject({ total: tasks.length });
  });

  it('counts a task done when a visit is recorded after the start, live to the rooms in scope', async () => {
    const a = await register(child());
    const b = await register(child({ regionCode: LONGGANG }));
    const res = await start({ regionCode: WENQUAN, categories: ['left_behind'] });
    const sweep = ZSweepDetail.parse(res.body);
    const before = await detail(sweep.id);

    const socketOf = async (cookie: string) => {
      const socket = connectSocket(server.url, cookie);
      const got: TSweepChanged[] = [];
      socket.on('sweep.updated', (p) => got.push(ZSweepChanged.parse(p)));
      sockets.push(socket);
      await connected(socket);
      return got;
    };
    const live = {
      township: await socketOf(township),
      supervisor: await socketOf(supervisor),
      director: await socketOf(director),
    };

    // The director's list of visits still to do for this sweep holds the child.
    const todo = ZChildList.parse(
      (await request(server.url, `/api/children?sweep=${sweep.id}`, { cookie: director })).body,
    );
    expect(todo.children.map((c) => c.id)).toContain(a);
    expect(todo.children.map((c) => c.id)).not.toContain(b);

    expect((await visit(a)).status).toBe(201);
    const after = await detail(sweep.id);
    expect(after.done).toBe(before.done + 1);
    expect(after.total).toBe(before.total);
    expect(after.villages.find((v) => v.region.code === SHINAN)?.done).toBe(
      (before.villages.find((v) => v.region.code === SHINAN)?.done ?? 0) + 1,
    );

    // A second visit to the same child does not count twice.
    expect((await visit(a)).status).toBe(201);
    expect((await detail(sweep.id)).done).toBe(after.done);

    const mine = (got: TSweepChanged[]) => got.find((e) => e.sweep.id === sweep.id);
    const whole = await eventually(() => mine(live.township));
    expect(whole).toMatchObject({
      sweep: { scopeCode: WENQUAN, total: after.total, village: { code: SHINAN } },
    });
    expect(whole.sweep.done).toBeGreaterThanOrEqual(after.done);
    expect(whole.seq).toBeGreaterThan(1);
    expect((await eventually(() => mine(live.supervisor))).sweep.scopeCode).toBe(WENQUAN);
    // The village's director gets the village's share.
    const village = await eventually(() => mine(live.director));
    const shinanRow = after.villages.find((v) => v.region.code === SHINAN)!;
    expect(village.sweep).toMatchObject({ scopeCode: SHINAN, total: shinanRow.total });
    expect(JSON.stringify(whole)).not.toContain('排查');

    // The visited child is off the director's list for this sweep.
    const left = ZChildList.parse(
      (await request(server.url, `/api/children?sweep=${sweep.id}`, { cookie: director })).body,
    );
    expect(left.children.map((c) => c.id)).not.toContain(a);
    expect(logs.text()).not.toContain('排查');
  });

  it('starts one sweep for the same Idempotency-Key twice, 422 for the key with another body', async () => {
    const key = randomUUID();
    const body = { regionCode: SHINAN, categories: ['left_behind'] };
    const first = await start(body, township, { 'Idempotency-Key': key });
    const second = await start(body, township, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    const audits = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sweep.created'), eq(auditLog.entityId, first.body.id)));
    expect(audits).toHaveLength(1);
    const other = await start({ ...body, categories: ['orphan'] }, township, {
      'Idempotency-Key': key,
    });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps each role to its scope: 403 without the permission or outside the region, 404 for a sweep out of scope', async () => {
    const res = await start({ regionCode: LONGGANG, categories: ['left_behind'] });
    expect(res.status).toBe(201);
    const id = res.body.id as string;

    // Directors do not start sweeps; a township supervisor only within the township.
    const asDirector = await start({ regionCode: SHINAN, categories: ['orphan'] }, director);
    expect(asDirector.status).toBe(403);
    const outside = await start({ regionCode: OTHER_TOWNSHIP, categories: ['orphan'] });
    expect(outside.status).toBe(403);
    expect(outside.body.error.data).toMatchObject({ regionCode: expect.any(String) });
    // Supervisors anywhere.
    expect(
      (await start({ regionCode: OTHER_TOWNSHIP, categories: ['orphan'] }, supervisor)).status,
    ).toBe(201);

    const otherTownship = await account('township-other', 'township_supervisor', {
      regionCode: OTHER_TOWNSHIP,
    });
    const otherDirector = await account('director-sweeps-other', 'child_director', {
      regionCode: `${OTHER_TOWNSHIP}001`,
    });
    for (const cookie of [otherTownship, otherDirector, director]) {
      // 石南村's director does not see a sweep of 龙岗村.
      const got = await request(server.url, `/api/sweeps/${id}`, { cookie });
      expect(got.status).toBe(404);
      expect(got.body.error.code).toBe('NOT_FOUND');
      const list = ZSweepList.parse((await request(server.url, '/api/sweeps', { cookie })).body);
      expect(list.sweeps.map((s) => s.id)).not.toContain(id);
    }
    for (const who of ['operator', 'centre', 'reporter', 'analyst', 'admin']) {
      const cookie = await server.login(who);
      expect((await request(server.url, '/api/sweeps', { cookie })).status).toBe(403);
      expect((await request(server.url, `/api/sweeps/${id}`, { cookie })).status).toBe(403);
      const post = await start({ regionCode: SHINAN, categories: ['orphan'] }, cookie);
      expect(post.status).toBe(403);
    }
    expect((await request(server.url, `/api/sweeps/${id}`, { cookie: supervisor })).status).toBe(
      200,
    );
  });

  it('names every field problem: 400, never 500', async () => {
    const bad = await start({ regionCode: 'x', categories: [], dueBy: '2000-01-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.error.data)).toEqual(
      expect.arrayContaining(['regionCode', 'categories', 'dueBy']),
    );
    const unknown = await start({ regionCode: '440117101999', categories: ['orphan'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.data).toMatchObject({ regionCode: 'Unknown region code' });
    const badId = await request(server.url, '/api/sweeps/not-a-uuid', { cookie: township });
    // Like every :id route here: a malformed id is no such sweep.
    expect(badId.status).toBe(404);
  });

  it('marks open tasks overdue once the due date has passed', async () => {
    await register(child({ categories: ['street'] }));
    const res = await start({
      regionCode: SHINAN,
      categories: ['street'],
      dueBy: new Date(Date.now() + 60_000).toISOString(),
    });
    const sweep = ZSweepDetail.parse(res.body);
    expect(sweep.total).toBeGreaterThan(0);
    expect(sweep.overdue).toBe(0);
    await server.database.db.execute(
      // The due date moved into the past, as time would.
      sql`update sweeps set due_by = now() - interval '1 minute' where id = ${sweep.id}`,
    );
    const later = await detail(sweep.id);
    expect(later.overdue).toBe(later.total - later.done);
    expect(later.overdue).toBeGreaterThan(0);
  });

  const end = (id: string, how: 'close' | 'cancel', body: unknown, cookie = township) =>
    request(server.url, `/api/sweeps/${id}/${how}`, { body, cookie });

  it('closes a sweep with a reason: audited, live, later visits no longer count, its figures kept', async () => {
    const visited = await register(child({ categories: ['migrant'] }));
    const late = await register(child({ categories: ['migrant'] }));
    const sweep = ZSweepDetail.parse(
      (
        await start({
          regionCode: WENQUAN,
          categories: ['migrant'],
          dueBy: new Date(Date.now() + 60_000).toISOString(),
        })
      ).body,
    );
    expect((await visit(visited)).status).toBe(201);
    const socket = connectSocket(server.url, township);
    sockets.push(socket);
    const got: TSweepChanged[] = [];
    socket.on('sweep.updated', (p) => got.push(ZSweepChanged.parse(p)));
    await connected(socket);

    // No reason, or an empty one: 400 naming the field.
    for (const body of [{}, { reason: '  ' }]) {
      const bad = await end(sweep.id, 'close', body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect(bad.body.error.data).toHaveProperty('reason');
    }
    const res = await end(sweep.id, 'close', { reason: '春季排查完成' });
    expect(res.status).toBe(200);
    const closed = ZSweepDetail.parse(res.body);
    expect(closed).toMatchObject({
      status: 'closed',
      endReason: '春季排查完成',
      endedBy: { displayName: expect.any(String) },
      done: 1,
    });
    expect(closed.endedAt).not.toBeNull();
    const event = await eventually(() =>
      got.find((e) => e.sweep.id === sweep.id && e.sweep.status === 'closed'),
    );
    expect(event.sweep).toMatchObject({ scopeCode: WENQUAN, total: closed.total, done: 1 });
    expect(JSON.stringify(event)).not.toContain('春季');

    const [audit] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sweep.closed'), eq(auditLog.entityId, sweep.id)));
    expect(audit?.data).toMatchObject({ total: closed.total, done: 1 });

    // A visit after the close is recorded but does not count for the sweep.
    expect((await visit(late)).status).toBe(201);
    const [lateTask] = await server.database.db
      .select()
      .from(sweepTasks)
      .where(and(eq(sweepTasks.sweepId, sweep.id), eq(sweepTasks.childId, late)));
    expect(lateTask?.doneAt).toBeNull();
    // Its figures stay as they were at the end, even once the due date has passed since.
    await server.database.db.execute(
      sql`update sweeps set ended_at = now() - interval '1 hour', due_by = now() - interval '30 minutes' where id = ${sweep.id}`,
    );
    const kept = await detail(sweep.id);
    expect(kept).toMatchObject({ status: 'closed', total: closed.total, done: 1, overdue: 0 });
    // Nothing left to do for it on the director's list.
    const todo = ZChildList.parse(
      (await request(server.url, `/api/children?sweep=${sweep.id}`, { cookie: director })).body,
    );
    expect(todo.children).toHaveLength(0);

    // Ended once: closing or cancelling again is 409.
    expect((await end(sweep.id, 'close', { reason: '再次' })).status).toBe(409);
    const again = await end(sweep.id, 'cancel', { reason: '再次' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(logs.text()).not.toContain('春季排查完成');
  });

  it('cancels a sweep: only supervisors and the township of its region, 404 out of sight', async () => {
    await register(child({ categories: ['disabled'] }));
    const sweep = ZSweepDetail.parse(
      (await start({ regionCode: SHINAN, categories: ['disabled'] })).body,
    );
    const otherTownship = await account('township-end-other', 'township_supervisor', {
      regionCode: OTHER_TOWNSHIP,
    });
    const body = { reason: '误发' };
    expect((await end(sweep.id, 'cancel', body, director)).status).toBe(403);
    for (const who of ['operator', 'centre', 'reporter', 'analyst', 'admin']) {
      expect((await end(sweep.id, 'cancel', body, await server.login(who))).status).toBe(403);
    }
    const hidden = await end(sweep.id, 'cancel', body, otherTownship);
    expect(hidden.status).toBe(404);
    // A county-wide sweep is seen from the township, but ended only by a supervisor.
    const county = await start({ regionCode: '440117', categories: ['disabled'] }, supervisor);
    expect(county.status).toBe(201);
    const above = await end(county.body.id as string, 'cancel', body);
    expect(above.status).toBe(403);
    expect(above.body.error.data).toHaveProperty('regionCode');
    expect((await end(county.body.id as string, 'cancel', body, supervisor)).status).toBe(200);

    const cancelled = await end(sweep.id, 'cancel', body);
    expect(cancelled.status).toBe(200);
    expect(ZSweepDetail.parse(cancelled.body)).toMatchObject({
      status: 'cancelled',
      endReason: '误发',
    });
    const listed = ZSweepList.parse(
      (await request(server.url, '/api/sweeps', { cookie: township })).body,
    );
    expect(listed.sweeps.find((s) => s.id === sweep.id)?.status).toBe('cancelled');
    const audits = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sweep.cancelled'), eq(auditLog.entityId, sweep.id)));
    expect(audits).toHaveLength(1);
  });

  it('stops counting the task of a file closed during the sweep, live; a visit done before stays done', async () => {
    const leaving = await register(child({ categories: ['in_difficulty'] }));
    const visited = await register(child({ categories: ['in_difficulty'] }));
    const staying = await register(child({ categories: ['in_difficulty'] }));
    const sweep = ZSweepDetail.parse(
      (await start({ regionCode: SHINAN, categories: ['in_difficulty'] })).body,
    );
    expect((await visit(visited)).status).toBe(201);
    const before = await detail(sweep.id);
    const socket = connectSocket(server.url, director);
    sockets.push(socket);
    const got: TSweepChanged[] = [];
    socket.on('sweep.updated', (p) => got.push(ZSweepChanged.parse(p)));
    await connected(socket);

    for (const id of [leaving, visited]) {
      const closing = await request(server.url, `/api/children/${id}/close`, {
        cookie: township,
        body: { reason: 'moved_away' },
      });
      expect(closing.status).toBe(200);
    }
    const after = await detail(sweep.id);
    // The closed, unvisited file is off the total; the visited one still counts as done.
    expect(after.total).toBe(before.total - 1);
    expect(after.done).toBe(before.done);
    const event = await eventually(() =>
      got.find((e) => e.sweep.id === sweep.id && e.sweep.total === after.total),
    );
    expect(event.sweep).toMatchObject({ scopeCode: SHINAN, done: after.done });
    const todo = ZChildList.parse(
      (await request(server.url, `/api/children?sweep=${sweep.id}`, { cookie: director })).body,
    );
    expect(todo.children.map((c) => c.id)).toEqual([staying]);
  });
});
