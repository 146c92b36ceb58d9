import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import twilio from 'twilio';
import { TWILIO_PATHS, VOICE_PROMPTS, softphoneIdentity, webhookUrl } from '@hutong/ivr';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import {
  ZAnswerCallResponse,
  ZCallbackChanged,
  ZCallbackList,
  ZCompleteCallbackResponse,
  ZSoftphoneToken,
  type TCallbackChanged,
} from '@hutong/shared';
import { callbackTasks, calls, reports, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const AUTH_TOKEN = 'calls-routes-test-token';
const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const TIME_SCALE = '0.02';
// Voice SDK credentials (shapes only: the token is minted locally, never sent to Twilio).
const API_KEY = `SK${'4'.repeat(32)}`;
const TWIML_APP_SID = `AP${'5'.repeat(32)}`;

describe(`hanging up and completing callbacks (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let operator2: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        HUTONG_TIME_SCALE: TIME_SCALE,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_API_KEY: API_KEY,
        TWILIO_API_SECRET: 'calls-routes-test-api-secret',
        TWILIO_TWIML_APP_SID: TWIML_APP_SID,
      },
    });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: Number(TIME_SCALE),
    });
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

  it('completes a callback task once, removing it from the open list, and tells every console live', async () => {
    const sockets = [connectSocket(server.url, operator), connectSocket(server.url, operator2)];
    const seen: Array<{ name: string; payload: TCallbackChanged }> = [];
    for (const name of ['callback.created', 'callback.updated'] as const) {
      sockets[1]!.on(name, (payload) => seen.push({ name, payload }));
    }
    await Promise.all(sockets.map(connected));

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
    const created = await eventually(() =>
      seen.find((e) => e.name === 'callback.created' && e.payload.task.id === task.id),
    );
    expect(ZCallbackChanged.parse(created.payload)).toMatchObject({
      task: { kind: 'callback', maskedNumber: '+86 138****0202', hasRecording: false },
      completedAt: null,
    });
    expect(JSON.stringify(created.payload)).not.toContain('13800000202');
    // Once triage has put the caller's report in a case, the task links to it, live.
    const linked = await eventually(() =>
      seen.find((e) => e.payload.task.id === task.id && e.payload.task.caseId !== null),
    );
    const caseId = await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, task.reportId));
      return row?.caseId ?? undefined;
    });
    expect(linked.payload.task.caseId).toBe(caseId);
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
    // The other operator's console heard it was done, once (the 409 sent nothing).
    const updated = await eventually(() =>
      seen.find(
        (e) =>
          e.name === 'callback.updated' &&
          e.payload.task.id === task.id &&
          e.payload.completedAt !== null,
      ),
    );
    expect(updated.payload.completedAt).toBe(
      ZCompleteCallbackResponse.parse(done.body).completedAt,
    );
    expect(
      seen.filter((e) => e.name === 'callback.updated' && e.payload.completedAt !== null),
    ).toHaveLength(1);
    for (const socket of sockets) socket.disconnect();
  });

  it('tells consoles when a voicemail recording reaches its callback task', async () => {
    const socket = connectSocket(server.url, operator);
    const updates: TCallbackChanged[] = [];
    socket.on('callback.updated', (payload) => updates.push(payload));
    await connected(socket);
    const handle = sim.placeCall({
      from: '+8613800000203',
      script: { digits: ['2', '3', '1'], recordSeconds: 2 },
    });
    await handle.waitFor('completed', 20_000);
    const row = await callWithStatus(handle.sid, 'voicemail');
    const update = await eventually(() =>
      updates.find((u) => u.task.hasRecording && u.task.kind === 'voicemail'),
    );
    const [task] = await server.database.db
      .select()
      .from(callbackTasks)
      .where(eq(callbackTasks.callId, row.id));
    expect(update.task.id).toBe(task!.id);
    expect(update.completedAt).toBeNull();
    socket.disconnect();
  });
});

describe(`the operator's browser softphone (TwiML App voice URL) (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  const clientUrl = () => webhookUrl(server.url, TWILIO_PATHS.voiceClient);

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        HUTONG_TIME_SCALE: TIME_SCALE,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_API_KEY: API_KEY,
        TWILIO_API_SECRET: 'calls-routes-test-api-secret',
        TWILIO_TWIML_APP_SID: TWIML_APP_SID,
      },
    });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: Number(TIME_SCALE),
    });
    operator = await server.login('operator');
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  async function userId(username: string): Promise<string> {
    const [user] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, username));
    return user!.id;
  }

  /** A signed form POST to the voice URL, as Twilio sends it for a Voice SDK connect. */
  async function postClient(params: Record<string, string>) {
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, clientUrl(), params);
    const res = await fetch(clientUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  }

  const clientParams = (from: string, conference?: string) => ({
    AccountSid: ACCOUNT_SID,
    ApplicationSid: TWIML_APP_SID,
    ApiVersion: '2010-04-01',
    CallSid: `CA${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: from,
    Caller: from,
    To: '',
    Called: '',
    ...(conference ? { conference } : {}),
  });

  it('mints a token for whoever takes check-in calls in the browser, none for a centre’s staff', async () => {
    const director = await server.login('director');
    const res = await request(server.url, '/api/calls/softphone', { cookie: director });
    expect(res.status).toBe(200);
    const setup = ZSoftphoneToken.parse(res.body);
    expect(setup).toMatchObject({
      mode: 'twilio',
      identity: softphoneIdentity(await userId('director')),
    });
    const centre = await server.login('centre');
    const refused = await request(server.url, '/api/calls/softphone', { cookie: centre });
    expect(refused.status).toBe(403);
    expect((refused.body as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it('mints the Voice SDK token for the identity the voice URL recognises', async () => {
    const res = await request(server.url, '/api/calls/softphone', { cookie: operator });
    const setup = ZSoftphoneToken.parse(res.body);
    expect(setup.mode).toBe('twilio');
    expect(setup.identity).toBe(softphoneIdentity(await userId('operator')));
    if (setup.mode !== 'twilio') throw new Error('expected a token');
    const payload = JSON.parse(Buffer.from(setup.token.split('.')[1]!, 'base64url').toString()) as {
      grants: { identity: string; voice: { outgoing: { application_sid: string } } };
    };
    expect(payload.grants.identity).toBe(setup.identity);
    expect(payload.grants.voice.outgoing.application_sid).toBe(TWIML_APP_SID);
  });

  it("puts the operator who answered into the caller's conference, and their hang-up ends the call", async () => {
    const caller = sim.placeCall({ from: '+8613800000301', script: { digits: ['2', '3'] } });
    await caller.waitFor('enqueued');
    const queued = await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(calls)
        .where(eq(calls.callSid, caller.sid));
      return row?.status === 'queued' ? row : undefined;
    });
    const answered = await request(server.url, `/api/calls/${queued.id}/answer`, {
      method: 'POST',
      cookie: operator,
    });
    const { conference } = ZAnswerCallResponse.parse(answered.body);
    await caller.waitFor((c) => c.conference === conference);

    // Another operator's softphone may not listen in.
    const intruder = sim.connectClient({
      identity: softphoneIdentity(await userId('operator2')),
      url: clientUrl(),
      params: { conference },
    });
    await intruder.waitFor('completed');
    expect(intruder.heardText).toContain(VOICE_PROMPTS.softphoneRefused.en);
    expect(intruder.call.events.some((e) => e.type === 'hangup')).toBe(true);

    // The Voice SDK's connect({ params: { conference } }) from the operator who answered.
    const softphone = sim.connectClient({
      identity: softphoneIdentity(await userId('operator')),
      url: clientUrl(),
      params: { conference },
    });
    await softphone.waitFor((c) => c.conference === conference);
    const room = sim.conferences.find(
      (c) => c.friendlyName === conference && c.status !== 'completed',
    );
    expect(room?.participants.map((p) => p.callSid).sort()).toEqual(
      [caller.sid, softphone.sid].sort(),
    );

    // The operator hangs up in the browser: the conference ends, and so does the caller's call.
    softphone.hangup();
    await caller.done;
    await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(calls)
        .where(eq(calls.callSid, caller.sid));
      return row?.status === 'completed';
    });
  });

  it('refuses unknown identities and conferences with TwiML, and unsigned requests with 403', async () => {
    const operatorId = await userId('operator');
    for (const params of [
      clientParams('client:alice', 'HT-0000-0000'),
      clientParams('+8613800000000', 'HT-0000-0000'),
      clientParams(`client:${softphoneIdentity(operatorId)}`, 'HT-NONE-0000'),
      clientParams(`client:${softphoneIdentity(operatorId)}`),
      clientParams(
        `client:${softphoneIdentity('00000000-0000-4000-8000-000000000999')}`,
        'HT-0000-0000',
      ),
    ]) {
      const res = await postClient(params);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/text\/xml/);
      expect(res.text).toContain('<Say');
      expect(res.text).toContain('<Hangup/>');
      expect(res.text).not.toContain('<Conference');
    }
    const unsigned = await fetch(clientUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(clientParams('client:alice', 'HT-0000-0000')).toString(),
    });
    expect(unsigned.status).toBe(403);
  });
});
