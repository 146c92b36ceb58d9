import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { TWILIO_PATHS } from '@hutong/ivr';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { ZCallList, type TCreateChild } from '@hutong/shared';
import { callbackTasks, calls, childVisits } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { captureLogs } from '../../../test/logs.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { encryptText } from '../../lib/crypto.js';
import { sweepStaleCalls } from './commands/reconcile-calls.js';

const AUTH_TOKEN = 'call-sweep-token';
const TIME_SCALE = 0.02;
const SHINAN = '440117101201'; // 石南村, the demo director's village
const STAFF_PHONE = '+8613900000300';
let nextNumber = 13800000300;
const newNumber = () => String(nextNumber++);
const MARKER = '测试标记张小红';

// Twilio sends status callbacks once: a callback lost to a restart or an outage must not leave a
// caller "waiting" on every console, or a check-in call "ringing" on a child's file, for ever.
describe(`the call sweep (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let director: string;
  const logs = captureLogs();

  beforeAll(async () => {
    server = await startTestServer({
      log: logs.log,
      env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, HUTONG_TIME_SCALE: String(TIME_SCALE) },
    });
    sim = await attachSimulator(server, { authToken: AUTH_TOKEN, timeScale: TIME_SCALE });
    sim.setPhoneBehaviour(STAFF_PHONE, { answer: true, ringSeconds: 1 });
    [operator, director] = await Promise.all([server.login('operator'), server.login('director')]);
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  async function callStatus(callSid: string) {
    const [row] = await server.database.db.select().from(calls).where(eq(calls.callSid, callSid));
    return row;
  }

  it('ends a caller who hung up in the queue when the hang-up’s callbacks never arrived', async () => {
    // Both requests that tell of it fail: the queue's exit and the call's final status.
    sim.setFaults({
      failPaths: [
        { path: TWILIO_PATHS.voiceQueueExit, times: 1_000 },
        { path: TWILIO_PATHS.voiceStatus, times: 1_000 },
      ],
    });
    try {
      const handle = sim.placeCall({ from: `+86${newNumber()}`, script: { digits: ['2', '3'] } });
      await handle.waitFor('enqueued');
      const queued = await eventually(async () => {
        const row = await callStatus(handle.sid);
        return row?.status === 'queued' ? row : undefined;
      });
      handle.hangup();
      await handle.done;
      // Twilio knows it is over; Hutong heard nothing.
      expect(sim.callBySid(handle.sid)!.status).toBe('completed');
      expect((await callStatus(handle.sid))!.status).toBe('queued');

      const ended = await eventually(async () => {
        const row = await callStatus(handle.sid);
        return row?.status === 'abandoned' ? row : undefined;
      }, 20_000);
      expect(ended.endedAt).not.toBeNull();
      // The caller who gave up waiting gets a call back, as with the callback itself.
      const [task] = await server.database.db
        .select()
        .from(callbackTasks)
        .where(eq(callbackTasks.callId, queued.id));
      expect(task?.kind).toBe('abandoned');
      const list = await request(server.url, '/api/calls', { cookie: operator });
      expect(list.status).toBe(200);
      expect(ZCallList.parse(list.body).calls.map((c) => c.id)).not.toContain(queued.id);
    } finally {
      sim.resetFaults();
    }
  });

  it('ends a check-in call whose own status callbacks never arrived, logging its visit once', async () => {
    const phone = newNumber();
    const res = await request(server.url, '/api/children', {
      cookie: director,
      body: {
        name: `${MARKER}${phone.slice(-4)}`,
        sex: 'female',
        dateOfBirth: '2014-03-01',
        regionCode: SHINAN,
        categories: ['left_behind'],
        guardians: [{ relation: 'grandparent', name: '张奶奶', phone, livesWithChild: true }],
      } satisfies TCreateChild,
    });
    expect(res.status).toBe(201);
    const childId = res.body.id as string;
    sim.setPhoneBehaviour(`+86${phone}`, { answer: true, ringSeconds: 1, talkSeconds: 30 });
    sim.setFaults({ failPaths: [{ path: TWILIO_PATHS.checkinStatus, times: 1_000 }] });
    try {
      const started = await request(server.url, `/api/children/${childId}/calls`, {
        cookie: director,
        body: { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE },
      });
      expect(started.status).toBe(201);
      const callId = started.body.id as string;
      const ended = await eventually(async () => {
        const [row] = await server.database.db.select().from(calls).where(eq(calls.id, callId));
        return row?.endedAt ? row : undefined;
      }, 30_000);
      // The sweep learnt it from Twilio, not from a callback: none reached Hutong.
      expect(sim.webhooks.log.some((w) => w.url.includes(TWILIO_PATHS.checkinStatus) && w.ok)).toBe(
        false,
      );
      expect(ended).toMatchObject({ status: 'completed', checkinOutcome: 'answered' });
      // Later sweeps change nothing: one visit.
      await sweepStaleCalls(server.hutong.ctx);
      const visits = await server.database.db
        .select()
        .from(childVisits)
        .where(eq(childVisits.callId, callId));
      expect(visits).toHaveLength(1);
      expect(visits[0]).toMatchObject({ kind: 'phone', callOutcome: 'answered' });
    } finally {
      sim.resetFaults();
    }
  });

  it('leaves calls Twilio still has alone, and ends those it never placed or does not know', async () => {
    const db = server.database.db;
    const dataKey = server.hutong.ctx.config.dataKey;
    const longAgo = new Date(Date.now() - 3 * 3600_000);
    const from = `+86${newNumber()}`;
    // A caller still talking (Twilio says in-progress), last heard of long ago.
    const talking = sim.placeCall({ from, script: { digits: ['2', '3'] } });
    await talking.waitFor('enqueued');
    const live = await eventually(async () => {
      const row = await callStatus(talking.sid);
      return row?.status === 'queued' ? row : undefined;
    });
    // A check-in call stored but never placed, and an inbound call Twilio has no record of.
    const [unplaced] = await db
      .insert(calls)
      .values({
        callSid: `pending-${crypto.randomUUID()}`,
        direction: 'outbound',
        status: 'ringing',
        fromEncrypted: encryptText(dataKey, from),
        fromHash: 'x',
        createdAt: longAgo,
        updatedAt: longAgo,
      })
      .returning();
    const [unknown] = await db
      .insert(calls)
      .values({
        callSid: `CA${'0'.repeat(31)}9`,
        status: 'ivr',
        fromEncrypted: encryptText(dataKey, from),
        fromHash: 'x',
        createdAt: longAgo,
        updatedAt: longAgo,
      })
      .returning();
    await db.update(calls).set({ updatedAt: longAgo }).where(eq(calls.id, live.id));

    await sweepStaleCalls(server.hutong.ctx);
    const read = async (id: string) => (await db.select().from(calls).where(eq(calls.id, id)))[0]!;
    expect(await read(unplaced!.id)).toMatchObject({
      status: 'completed',
      checkinOutcome: 'failed',
    });
    expect((await read(unknown!.id)).status).toBe('abandoned');
    expect((await read(live.id)).status).toBe('queued');
    expect(sim.callBySid(talking.sid)!.status).not.toBe('completed');
    talking.hangup();
    await talking.done;

    // No number, name or narrative in anything the sweep logged.
    const text = logs.text();
    expect(text).toContain('call ended from Twilio');
    expect(text).not.toContain(from.slice(3));
    expect(text).not.toContain(MARKER);
  });
});
