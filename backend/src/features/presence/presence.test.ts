import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import {
  ZDutyBoard,
  ZPresence,
  ZPresenceList,
  ZWrapUpResult,
  type TPresence,
} from '@hutong/shared';
import { auditLog, caseEvents, calls, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const AUTH_TOKEN = 'presence-test-token';
const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
const TIME_SCALE = '0.02';

describe(`operator presence and the after-call wrap-up (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let supervisor: string;
  let operator: string;
  let operator2: string;
  let operatorId: string;
  const sockets: TestSocket[] = [];
  const seen: TPresence[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        HUTONG_TIME_SCALE: TIME_SCALE,
        // 600 s × 0.02 = 12 s: long enough to wrap up by hand in the first test.
        HUTONG_WRAP_UP_SECONDS: '600',
      },
    });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: Number(TIME_SCALE),
    });
    [supervisor, operator, operator2] = await Promise.all([
      server.login('supervisor'),
      server.login('operator'),
      server.login('operator2'),
    ]);
    const [row] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'operator'));
    operatorId = row!.id;
    const watcher = await open(supervisor);
    watcher.on('presence.changed', (p) => seen.push(ZPresence.parse(p)));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await sim?.stop();
    await server?.stop();
  });

  async function open(cookie: string): Promise<TestSocket> {
    const socket = connectSocket(server.url, cookie);
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  const saw = (status: TPresence['status'], after = 0) =>
    eventually(() => seen.slice(after).find((p) => p.userId === operatorId && p.status === status));

  const boardEntry = async () => {
    const res = await request(server.url, '/api/board', { cookie: supervisor });
    return ZDutyBoard.parse(res.body).onDuty?.find((p) => p.id === operatorId);
  };

  async function answeredCall(from: string) {
    const handle = sim.placeCall({ from, script: { digits: ['2', '3'] } });
    await handle.waitFor('enqueued');
    const queued = await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(calls)
        .where(eq(calls.callSid, handle.sid));
      return row?.status === 'queued' ? row : undefined;
    });
    const answered = await request(server.url, `/api/calls/${queued.id}/answer`, {
      method: 'POST',
      cookie: operator,
    });
    expect(answered.status).toBe(200);
    return { handle, callId: queued.id, caseId: answered.body.case.id as string };
  }

  async function hangUp(callId: string) {
    const res = await request(server.url, `/api/calls/${callId}/hangup`, {
      method: 'POST',
      cookie: operator,
    });
    expect(res.status).toBe(200);
  }

  it('is available when a console opens, break when chosen, shown live and on the board', async () => {
    const mark = seen.length;
    const console1 = await open(operator);
    const own: TPresence[] = [];
    console1.on('presence.changed', (p) => own.push(p));
    await saw('available', mark);

    const res = await request(server.url, '/api/presence/me', {
      method: 'PUT',
      body: { status: 'break' },
      cookie: operator,
    });
    expect(res.status).toBe(200);
    expect(ZPresence.parse(res.body)).toMatchObject({ status: 'break', userId: operatorId });
    await saw('break', mark);
    // The operator's own other consoles follow too.
    await eventually(() => own.find((p) => p.status === 'break'));
    expect(await boardEntry()).toMatchObject({ status: 'break' });
    const list = ZPresenceList.parse(
      (await request(server.url, '/api/presence', { cookie: supervisor })).body,
    );
    expect(list.people.find((p) => p.userId === operatorId)?.status).toBe('break');

    const back = await request(server.url, '/api/presence/me', {
      method: 'PUT',
      body: { status: 'available' },
      cookie: operator,
    });
    expect(back.body.status).toBe('available');
  });

  it('tells no one anything when another console opens for someone already online', async () => {
    // Each console opening told every console of its user, so one user's n consoles cost n²
    // messages (1,000 of them: half a million).
    await eventually(() => seen.findLast((p) => p.userId === operatorId)?.status === 'available');
    const mark = seen.length;
    await open(operator);
    // Something that does change, after it: what came before it is what the opening sent.
    const res = await request(server.url, '/api/presence/me', {
      method: 'PUT',
      body: { status: 'break' },
      cookie: operator,
    });
    expect(res.status).toBe(200);
    await saw('break', mark);
    expect(
      seen
        .slice(mark)
        .filter((p) => p.userId === operatorId)
        .map((p) => p.status),
    ).toEqual(['break']);
    await request(server.url, '/api/presence/me', {
      method: 'PUT',
      body: { status: 'available' },
      cookie: operator,
    });
    await saw('available', seen.length - 1);
  });

  it('refuses statuses the system sets, and the list to operators', async () => {
    for (const status of ['on_call', 'wrap_up', 'offline', 'asleep']) {
      const res = await request(server.url, '/api/presence/me', {
        method: 'PUT',
        body: { status },
        cookie: operator,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error.data)).toContain('status');
    }
    const list = await request(server.url, '/api/presence', { cookie: operator });
    expect(list.status).toBe(403);
    const admin = await request(server.url, '/api/presence/me', {
      cookie: await server.login('admin'),
    });
    expect(admin.status).toBe(403);
  });

  it('goes on a call when answering, to wrap-up when the call ends, and available after the wrap-up', async () => {
    const mark = seen.length;
    const { callId, caseId } = await answeredCall('+8613800000301');
    const onCall = await saw('on_call', mark);
    expect(onCall.callId).toBe(callId);
    expect((await boardEntry())?.status).toBe('on_call');

    // On a call the operator cannot pick "break".
    const busy = await request(server.url, '/api/presence/me', {
      method: 'PUT',
      body: { status: 'break' },
      cookie: operator,
    });
    expect(busy.status).toBe(409);

    // Not ended yet: nothing to wrap up.
    const early = await request(server.url, `/api/calls/${callId}/wrap-up`, {
      body: { outcome: 'advice_given' },
      cookie: operator,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ILLEGAL_TRANSITION');

    await hangUp(callId);
    const wrapUp = await saw('wrap_up', mark);
    expect(wrapUp.callId).toBe(callId);
    expect(wrapUp.wrapUpUntil).not.toBeNull();

    const bad = await request(server.url, `/api/calls/${callId}/wrap-up`, {
      body: { outcome: 'chatted', note: 'x' },
      cookie: operator,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.data).toHaveProperty('outcome');

    const notMine = await request(server.url, `/api/calls/${callId}/wrap-up`, {
      body: { outcome: 'advice_given' },
      cookie: operator2,
    });
    expect(notMine.status).toBe(403);

    const done = await request(server.url, `/api/calls/${callId}/wrap-up`, {
      body: { outcome: 'advice_given', note: '来电者询问了报告流程' },
      cookie: operator,
    });
    expect(done.status).toBe(200);
    const result = ZWrapUpResult.parse(done.body);
    expect(result).toMatchObject({ callId, caseId, outcome: 'advice_given' });
    expect(result.presence.status).toBe('available');
    await saw('available', seen.indexOf(wrapUp) + 1);

    const [row] = await server.database.db.select().from(calls).where(eq(calls.id, callId));
    expect(row).toMatchObject({
      wrapUpOutcome: 'advice_given',
      wrapUpNote: '来电者询问了报告流程',
      wrappedUpBy: operatorId,
    });
    const [event] = await server.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'call_wrapped_up')));
    expect(event?.data).toMatchObject({ callId, outcome: 'advice_given' });
    const [audit] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, callId), eq(auditLog.action, 'call.wrapped_up')));
    // The audit row says a note was written, never what it says.
    expect(audit?.data).toEqual({ outcome: 'advice_given', note: true });

    const again = await request(server.url, `/api/calls/${callId}/wrap-up`, {
      body: { outcome: 'advice_given' },
      cookie: operator,
    });
    expect(again.status).toBe(409);
  });

  it('keeps the status in Redis across an API restart of the same deployment', async () => {
    const res = await request(server.url, '/api/presence/me', {
      method: 'PUT',
      body: { status: 'break' },
      cookie: operator,
    });
    expect(res.status).toBe(200);
    const again = await startTestServer({
      database: server.database,
      prefix: server.prefix,
      env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID },
    });
    try {
      const cookie = await again.login('operator');
      const socket = connectSocket(again.url, cookie);
      await connected(socket);
      const me = await request(again.url, '/api/presence/me', { cookie });
      expect(me.body.status).toBe('break');
      socket.disconnect();
    } finally {
      await again.hutong.stop();
    }
    await request(server.url, '/api/presence/me', {
      method: 'PUT',
      body: { status: 'available' },
      cookie: operator,
    });
  });

  it('is offline when the last console closes', async () => {
    const mark = seen.length;
    for (const socket of sockets.slice(1)) socket.disconnect();
    await saw('offline', mark);
    expect((await boardEntry()) ?? null).toBeNull();
  });
});

describe(`the wrap-up timeout (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        HUTONG_TIME_SCALE: TIME_SCALE,
        // 10 s × 0.02: the wrap-up runs out a fifth of a second after the call.
        HUTONG_WRAP_UP_SECONDS: '10',
      },
    });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: Number(TIME_SCALE),
    });
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  it('makes the operator available again, live, when they do not finish the wrap-up', async () => {
    const operator = await server.login('operator');
    const watcher = connectSocket(server.url, await server.login('supervisor'));
    const seen: TPresence[] = [];
    watcher.on('presence.changed', (p) => seen.push(p));
    await connected(watcher);
    const console1 = connectSocket(server.url, operator);
    await connected(console1);

    const handle = sim.placeCall({ from: '+8613800000302', script: { digits: ['2', '3'] } });
    await handle.waitFor('enqueued');
    const queued = await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(calls)
        .where(eq(calls.callSid, handle.sid));
      return row?.status === 'queued' ? row : undefined;
    });
    expect(
      (
        await request(server.url, `/api/calls/${queued.id}/answer`, {
          method: 'POST',
          cookie: operator,
        })
      ).status,
    ).toBe(200);
    await request(server.url, `/api/calls/${queued.id}/hangup`, {
      method: 'POST',
      cookie: operator,
    });
    const wrap = await eventually(() => seen.find((p) => p.status === 'wrap_up'));
    await eventually(() => seen.slice(seen.indexOf(wrap)).find((p) => p.status === 'available'));
    const me = await request(server.url, '/api/presence/me', { cookie: operator });
    expect(me.body.status).toBe('available');
    // The call can still be wrapped up afterwards; it is recorded, and the status stays.
    const late = await request(server.url, `/api/calls/${queued.id}/wrap-up`, {
      body: { outcome: 'silent_or_abusive' },
      cookie: operator,
    });
    expect(late.status).toBe(200);
    watcher.disconnect();
    console1.disconnect();
  });
});
