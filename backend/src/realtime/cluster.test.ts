import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TDutyBoard } from '@hutong/shared';
import type { Database } from '../db/client.js';
import { caseEvents } from '../db/schema.js';
import { createTestDatabase, TEST_DB_KIND } from '../../test/db.js';
import { eventually, request } from '../../test/http.js';
import { buildReport } from '../../test/factories.js';
import { fileReport } from '../../test/cases.js';
import { connectSocket, connected, type TestSocket } from '../../test/socket.js';
import { startTestServer, type TestServer } from '../../test/server.js';

// An urgent case's 60 s claim deadline takes 1.2 s.
const TIME_SCALE = '0.02';

/**
 * Production runs several API processes behind a proxy and several workers, on one PostgreSQL
 * and one Redis (issue 14 §4). Here: two `--role api` and two `--role worker` instances in one
 * test process, each with its own connections, sharing the database and the Redis prefix.
 */
describe(`two API nodes and two workers on one database and Redis (${TEST_DB_KIND})`, () => {
  let database: Database;
  let apiA: TestServer;
  let apiB: TestServer;
  let workers: TestServer[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const prefix = `t${randomBytes(5).toString('hex')}`;
    // One deployment: the same data key in every process.
    const env = {
      HUTONG_TIME_SCALE: TIME_SCALE,
      HUTONG_DATA_KEY: randomBytes(32).toString('base64'),
    };
    apiA = await startTestServer({ database, prefix, env: { ...env, HUTONG_ROLE: 'api' } });
    apiB = await startTestServer({ database, prefix, env: { ...env, HUTONG_ROLE: 'api' } });
    workers = [
      await startTestServer({ database, prefix, env: { ...env, HUTONG_ROLE: 'worker' } }),
      await startTestServer({ database, prefix, env: { ...env, HUTONG_ROLE: 'worker' } }),
    ];
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const w of workers) await w.stop();
    await apiB?.stop();
    await apiA?.stop();
    await database?.close();
  });

  const open = async (server: TestServer, cookie: string) => {
    const socket = connectSocket(server.url, cookie);
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  it('brings a report filed on node A to a console connected to node B', async () => {
    const onB = await open(apiB, await apiB.login('operator'));
    const res = await request(apiA.url, '/api/reports', { body: buildReport() });
    expect(res.status).toBe(201);
    const created = await eventually(() =>
      onB.received.find(
        (e) => e.case.reference === res.body.reference && e.event.type === 'case_opened',
      ),
    );
    expect(created.seq).toBeGreaterThan(0);
  });

  it('gives a case claimed at once on both nodes to one operator, and tells both consoles', async () => {
    const [cookieA, cookieB] = [await apiA.login('operator'), await apiB.login('operator2')];
    const [onA, onB] = [await open(apiA, cookieA), await open(apiB, cookieB)];
    const { caseId } = await fileReport(apiA);
    const answers = await Promise.all([
      request(apiA.url, `/api/cases/${caseId}/claim`, { method: 'POST', cookie: cookieA }),
      request(apiB.url, `/api/cases/${caseId}/claim`, { method: 'POST', cookie: cookieB }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.assignee as { id: string };

    const claims = await database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'claimed')));
    expect(claims).toHaveLength(1);
    for (const socket of [onA, onB]) {
      const seen = await eventually(() =>
        socket.received.find((e) => e.case.id === caseId && e.event.type === 'claimed'),
      );
      expect(seen.case.assignee?.id).toBe(winner.id);
    }
  });

  it('counts consoles on both nodes on the duty board, whichever node answers', async () => {
    const [operator, operator2] = [await apiA.login('operator'), await apiB.login('operator2')];
    await open(apiA, operator);
    await open(apiB, operator2);
    const supervisor = await apiA.login('supervisor');
    for (const node of [apiA, apiB]) {
      const board = await eventually(async () => {
        const res = await request(node.url, '/api/board', { cookie: supervisor });
        const body = res.body as TDutyBoard;
        const names = new Set((body.onDuty ?? []).map((p) => p.displayName));
        return names.size >= 2 ? body : undefined;
      });
      const onDuty = board.onDuty ?? [];
      const me = await request(node.url, '/api/auth/me', { cookie: operator });
      const other = await request(node.url, '/api/auth/me', { cookie: operator2 });
      const ids = onDuty.map((p) => p.id);
      expect(ids).toContain(me.body.id);
      expect(ids).toContain(other.body.id);
    }
  });

  it('marks an unclaimed case overdue once, with two workers holding the deadline', async () => {
    const { caseId } = await fileReport(apiA, { immediateDanger: true });
    const overdue = async () =>
      database.db
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'claim_overdue')));
    await eventually(async () => ((await overdue()).length > 0 ? true : undefined), 20_000);
    // Both workers have had the deadline's job in reach for as long again: still one event.
    const [first] = await overdue();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await overdue()).toHaveLength(1);
    expect(first!.data).toMatchObject({ deadline: expect.any(String) });
  });
});
