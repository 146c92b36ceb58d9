import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { TwilioSimulator } from '@hutong/ivr/simulator';
import { ZAnswerCallResponse, ZCallbackList, ZCompleteCallbackResponse } from '@hutong/shared';
import { callbackTasks, calls } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const AUTH_TOKEN = 'calls-routes-test-token';
const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const TIME_SCALE = '0.02';

describe(`hanging up and completing callbacks (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let operator2: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, HUTONG_TIME_SCALE: TIME_SCALE },
    });
    sim = await TwilioSimulator.start({
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      webhookBaseUrl: server.url,
      timeScale: Number(TIME_SCALE),
    });
    server.hutong.ctx.telephony.useSimulator({ apiBase: sim.url, accountSid: ACCOUNT_SID });
    [operator, operator2] = await Promise.all([
      server.login('operator'),
      server.login('operator2'),
    ]);
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  async function callWithStatus(callSid: string, status: string) {
    return eventually(async () => {
      const [row] = await server.database.db.select().from(calls).where(eq(calls.callSid, callSid));
      return row?.status === status ? row : undefined;
    });
  }

  it('lets the operator who answered hang up, which ends the caller and completes the call', async () => {
    const handle = sim.placeCall({ from: '+8613800000201', script: { digits: ['2', '3'] } });
    await handle.waitFor('enqueued');
    const queued = await callWithStatus(handle.sid, 'queued');
    const answered = await request(server.url, `/api/calls/${queued.id}/answer`, {
      method: 'POST',
      cookie: operator,
    });
    expect(answered.status).toBe(200);
    const { conference } = ZAnswerCallResponse.parse(answered.body);
    await handle.waitFor((call) => call.conference === conference);
    await callWithStatus(handle.sid, 'in_progress');

    const other = await request(server.url, `/api/calls/${queued.id}/hangup`, {
      method: 'POST',
      cookie: operator2,
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN');

    const res = await request(server.url, `/api/calls/${queued.id}/hangup`, {
      method: 'POST',
      cookie: operator,
    });
    expect(res.status).toBe(200);
    await handle.done;
    await callWithStatus(handle.sid, 'completed');

    const again = await request(server.url, `/api/calls/${queued.id}/hangup`, {
      method: 'POST',
      cookie: operator,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('completes a callback task once, removing it from the open list', async () => {
    const handle = sim.placeCall({ from: '+8613800000202', script: { digits: ['2', '3', '2'] } });
    await handle.waitFor('completed', 20_000);
    const row = await callWithStatus(handle.sid, 'callback');
    const task = await eventually(async () => {
      const [found] = await server.database.db
        .select()
        .from(callbackTasks)
        .where(eq(callbackTasks.callId, row.id));
      return found;
    });
    const open = ZCallbackList.parse(
      (await request(server.url, '/api/calls/callbacks', { cookie: operator })).body,
    );
    expect(open.tasks.map((t) => t.id)).toContain(task.id);

    const done = await request(server.url, `/api/calls/callbacks/${task.id}/complete`, {
      method: 'POST',
      cookie: operator,
    });
    expect(done.status).toBe(200);
    expect(ZCompleteCallbackResponse.parse(done.body).task.kind).toBe('callback');
    const twice = await request(server.url, `/api/calls/callbacks/${task.id}/complete`, {
      method: 'POST',
      cookie: operator2,
    });
    expect(twice.status).toBe(409);
    const after = ZCallbackList.parse(
      (await request(server.url, '/api/calls/callbacks', { cookie: operator })).body,
    );
    expect(after.tasks.map((t) => t.id)).not.toContain(task.id);
  });
});
