import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  ZCaseViewerList,
  ZCaseViewers,
  type TCaseViewers,
  type TCaseWatch,
  type TCaseWatchAck,
} from '@hutong/shared';
import { users } from '../db/schema.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { eventually, request } from '../../test/http.js';
import { fileReport } from '../../test/cases.js';
import { connectSocket, connected, type TestSocket } from '../../test/socket.js';
import { TEST_DB_KIND } from '../../test/db.js';

/** A real socket that records every `case.viewers.updated` it hears. */
async function viewerSocket(url: string, cookie: string) {
  const socket = connectSocket(url, cookie) as TestSocket & { viewers: TCaseViewers[] };
  socket.viewers = [];
  socket.on('case.viewers.updated', (payload) => socket.viewers.push(payload));
  await connected(socket);
  return socket;
}

const watch = (socket: TestSocket, payload: TCaseWatch) =>
  new Promise<TCaseWatchAck>((resolve) => socket.emit('case.watch', payload, resolve));

/** The newest list a socket heard for one case. */
const latest = (socket: { viewers: TCaseViewers[] }, caseId: string) =>
  socket.viewers.filter((v) => v.caseId === caseId).at(-1);

describe(`who has a case open: the presence lock (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let operator2: string;
  let supervisor: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    operator = await server.login('operator');
    operator2 = await server.login('operator2');
    supervisor = await server.login('supervisor');
    for (const name of ['operator', 'operator2', 'supervisor']) {
      const [row] = await server.database.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.username, name));
      ids[name] = row!.id;
    }
  });
  afterAll(() => server.stop());

  async function claimedCase(narrative = 'watch me') {
    const { caseId } = await fileReport(server, { narrative });
    const res = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(res.status).toBe(200);
    return caseId;
  }

  it('tells everyone in a case who else is in it and who edits, live and with ids only', async () => {
    const marker = `MARKER-${crypto.randomUUID()}`;
    const caseId = await claimedCase(marker);
    const holder = await viewerSocket(server.url, operator);
    const boss = await viewerSocket(server.url, supervisor);
    try {
      expect(await watch(holder, { caseId, editing: true })).toEqual({ ok: true, editing: true });
      expect(await watch(boss, { caseId, editing: false })).toEqual({ ok: true, editing: false });
      const seen = await eventually(() => {
        const list = latest(holder, caseId);
        return list?.viewers.length === 2 ? list : undefined;
      });
      expect(seen.viewers.map((v) => [v.userId, v.editing])).toEqual([
        [ids.operator, true],
        [ids.supervisor, false],
      ]);
      // Ids and times only: no names, no case content.
      const wire = JSON.stringify([...holder.viewers, ...boss.viewers]);
      expect(wire).not.toContain(marker);
      expect(wire).not.toMatch(/displayName|Operator|接线员|主任/);
      for (const payload of holder.viewers) {
        expect(Object.keys(ZCaseViewers.strict().parse(payload)).sort()).toEqual([
          'caseId',
          'viewers',
        ]);
        for (const v of payload.viewers)
          expect(Object.keys(v).sort()).toEqual(['editing', 'since', 'userId']);
      }
      // The names come from the audited-access route, for those who may read the case.
      const named = await request(server.url, `/api/cases/${caseId}/viewers`, {
        cookie: supervisor,
      });
      expect(named.status).toBe(200);
      const list = ZCaseViewerList.parse(named.body);
      expect(list.viewers[0]).toMatchObject({ userId: ids.operator, editing: true });
      expect(list.viewers[0]!.displayName.length).toBeGreaterThan(0);

      // Leaving (or closing the console) takes one off everyone's list.
      boss.emit('case.unwatch', { caseId });
      await eventually(() => (latest(holder, caseId)?.viewers.length === 1 ? true : undefined));
      await watch(boss, { caseId, editing: false });
      await eventually(() => (latest(holder, caseId)?.viewers.length === 2 ? true : undefined));
      boss.disconnect();
      const after = await eventually(() => {
        const l = latest(holder, caseId);
        return l?.viewers.length === 1 ? l : undefined;
      });
      expect(after.viewers[0]!.userId).toBe(ids.operator);
    } finally {
      holder.disconnect();
      boss.disconnect();
    }
  });

  it('puts the first editor first and keeps their place however often they say so again', async () => {
    const caseId = await claimedCase();
    const holder = await viewerSocket(server.url, operator);
    const boss = await viewerSocket(server.url, supervisor);
    try {
      await watch(holder, { caseId, editing: true });
      await eventually(() => latest(holder, caseId));
      expect(await watch(boss, { caseId, editing: true })).toEqual({ ok: true, editing: true });
      // The holder's console repeats its watch (a reconnect, a re-render): still first.
      await watch(holder, { caseId, editing: true });
      const both = await eventually(() => {
        const l = latest(boss, caseId);
        return l?.viewers.filter((v) => v.editing).length === 2 ? l : undefined;
      });
      expect(both.viewers.map((v) => v.userId)).toEqual([ids.operator, ids.supervisor]);
      // The holder stops editing: the supervisor's edit now holds the lock.
      await watch(holder, { caseId, editing: false });
      const next = await eventually(() => {
        const l = latest(boss, caseId);
        return l?.viewers[0]?.userId === ids.supervisor ? l : undefined;
      });
      expect(next.viewers.map((v) => [v.userId, v.editing])).toEqual([
        [ids.supervisor, true],
        [ids.operator, false],
      ]);
    } finally {
      holder.disconnect();
      boss.disconnect();
    }
  });

  it('grants editing only to the holder or a supervisor, and refuses unknown cases and bad input', async () => {
    const caseId = await claimedCase();
    const other = await viewerSocket(server.url, operator2);
    const centre = await viewerSocket(server.url, await server.login('centre'));
    try {
      // Another operator may look but not edit the case someone else holds.
      expect(await watch(other, { caseId, editing: true })).toEqual({ ok: true, editing: false });
      expect(await watch(other, { caseId: crypto.randomUUID(), editing: false })).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect(await watch(other, { caseId: 'nope', editing: false })).toEqual({
        ok: false,
        code: 'VALIDATION_FAILED',
      });
      // A centre officer cannot read cases at all: no watch, and no list by HTTP either.
      expect(await watch(centre, { caseId, editing: false })).toEqual({
        ok: false,
        code: 'FORBIDDEN',
      });
      expect(centre.viewers).toEqual([]);
      const refused = await request(server.url, `/api/cases/${caseId}/viewers`, {
        cookie: await server.login('centre'),
      });
      expect(refused.status).toBe(403);
      const missing = await request(server.url, `/api/cases/${crypto.randomUUID()}/viewers`, {
        cookie: operator2,
      });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('NOT_FOUND');
      // Not an id at all: no such case either, as the other case routes answer.
      const bad = await request(server.url, `/api/cases/nope/viewers`, { cookie: operator2 });
      expect(bad.status).toBe(404);
    } finally {
      other.disconnect();
      centre.disconnect();
    }
  });

  it('answers a save on a version someone else moved on with 409 and the case as it is now', async () => {
    const caseId = await claimedCase();
    const { version } = (await request(server.url, `/api/cases/${caseId}`, { cookie: operator }))
      .body as { version: number };
    const first = await request(server.url, `/api/cases/${caseId}`, {
      method: 'PATCH',
      cookie: supervisor,
      body: { version, assessment: { risks: ['child_alone'] } },
    });
    expect(first.status).toBe(200);
    const stale = await request(server.url, `/api/cases/${caseId}`, {
      method: 'PATCH',
      cookie: operator,
      body: { version, assessment: { risks: ['previous_reports'] } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CASE_VERSION_CONFLICT');
    const current = stale.body.error.data.current as {
      assessment: { risks: string[] };
      events: { type: string; actor: { id: string } | null }[];
    };
    expect(current.assessment.risks).toEqual(['child_alone']);
    // Who changed it, for the console's "changed by X — reload".
    expect(current.events.filter((e) => e.type === 'assessment_updated').at(-1)?.actor?.id).toBe(
      ids.supervisor,
    );
  });
});
