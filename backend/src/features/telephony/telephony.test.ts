import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import twilio from 'twilio';
import { TWILIO_PATHS, signTwilioRequest, webhookUrl } from '@hutong/ivr';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import {
  ZAnswerCallResponse,
  ZCallList,
  ZSmsConversation,
  type TCallEscalated,
  type TCallSummary,
} from '@hutong/shared';
import {
  callbackTasks,
  calls,
  cases,
  contacts,
  reports,
  smsConversations,
} from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { captureLogs } from '../../../test/logs.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { fileReport } from '../../../test/cases.js';
import { openText } from '../privacy/case-content.js';

const AUTH_TOKEN = 'telephony-test-token';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
// 30 s of urgent waiting and 60 s before the voicemail offer take 0.6 s and 1.2 s.
const TIME_SCALE = '0.02';
let nextNumber = 13800000100;
const newCaller = () => `+86${nextNumber++}`;

describe(`telephony (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let operator2: string;
  let supervisor: string;
  const logs = captureLogs();

  beforeAll(async () => {
    server = await startTestServer({
      log: logs.log,
      env: {
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        HUTONG_TIME_SCALE: TIME_SCALE,
        HUTONG_DUTY_PHONE: '+8613900000009',
      },
    });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: Number(TIME_SCALE),
    });
    // The duty phone rings but nobody picks up, so urgent callers stay in the queue.
    sim.setPhoneBehaviour('+8613900000009', { answer: false, ringSeconds: 1 });
    [operator, operator2, supervisor] = await Promise.all([
      server.login('operator'),
      server.login('operator2'),
      server.login('supervisor'),
    ]);
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  async function callRow(callSid: string) {
    return eventually(async () => {
      const [row] = await server.database.db.select().from(calls).where(eq(calls.callSid, callSid));
      return row;
    });
  }

  async function callStatus(callSid: string, status: string) {
    return eventually(async () => {
      const [row] = await server.database.db.select().from(calls).where(eq(calls.callSid, callSid));
      return row?.status === status ? row : undefined;
    });
  }

  /** The call's callback task, once there is one. */
  async function callbackTaskOf(callId: string) {
    return eventually(async () => {
      const [task] = await server.database.db
        .select()
        .from(callbackTasks)
        .where(eq(callbackTasks.callId, callId));
      return task;
    });
  }

  /** A signed form POST to a webhook path, as Twilio sends it. */
  async function postSigned(path: string, params: Record<string, string>, url = server.url) {
    const signature = signTwilioRequest(AUTH_TOKEN, webhookUrl(url, path), params);
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  describe('webhook signatures', () => {
    const params = { CallSid: 'CAsig0001', From: '+8613800009999', To: '+861012355000' };

    it('answers a correctly signed call with the language menu', async () => {
      const signature = twilio.getExpectedTwilioSignature(
        AUTH_TOKEN,
        `${server.url}${TWILIO_PATHS.voice}`,
        params,
      );
      const res = await fetch(`${server.url}${TWILIO_PATHS.voice}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/xml/);
      expect(await res.text()).toContain('<Gather');
      const row = await callRow('CAsig0001');
      expect(row.status).toBe('ivr');
      // The number is stored encrypted only.
      expect(JSON.stringify(row)).not.toContain('13800009999');
    });

    it('refuses a missing header, a tampered parameter and another host with 403, changing nothing', async () => {
      const unsigned = await fetch(`${server.url}${TWILIO_PATHS.voice}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...params, CallSid: 'CAsig0002' }).toString(),
      });
      expect(unsigned.status).toBe(403);
      expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe(
        'INVALID_SIGNATURE',
      );

      const good = signTwilioRequest(AUTH_TOKEN, `${server.url}${TWILIO_PATHS.voice}`, {
        ...params,
        CallSid: 'CAsig0003',
      });
      const tampered = await fetch(`${server.url}${TWILIO_PATHS.voice}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': good,
        },
        body: new URLSearchParams({ ...params, CallSid: 'CAsig0003', From: '+8613000000000' }),
      });
      expect(tampered.status).toBe(403);

      const wrongHost = await postSigned(
        TWILIO_PATHS.voice,
        { ...params, CallSid: 'CAsig0004' },
        'https://attacker.example.com',
      );
      expect(wrongHost.status).toBe(403);

      const rows = await server.database.db.select({ sid: calls.callSid }).from(calls);
      const sids = rows.map((r) => r.sid);
      expect(sids).not.toContain('CAsig0002');
      expect(sids).not.toContain('CAsig0003');
      expect(sids).not.toContain('CAsig0004');
    });

    it('ignores duplicate and out-of-order status callbacks', async () => {
      const sid = 'CAsig0005';
      const base = { CallSid: sid, From: '+8613800009998' };
      await postSigned(TWILIO_PATHS.voice, base);
      const status = (CallStatus: string, SequenceNumber: string) =>
        postSigned(TWILIO_PATHS.voiceStatus, { ...base, CallStatus, SequenceNumber });
      expect((await status('in-progress', '1')).status).toBe(204);
      expect((await status('completed', '2')).status).toBe(204);
      const ended = await callRow(sid);
      expect(ended.twilioStatus).toBe('completed');
      expect(ended.status).toBe('abandoned');
      // A late "ringing" and a duplicate "completed" change nothing.
      await status('ringing', '0');
      await status('completed', '2');
      const after = await callRow(sid);
      expect(after.twilioStatus).toBe('completed');
      expect(after.updatedAt.getTime()).toBe(ended.updatedAt.getTime());
    });

    it('serves the fallback document routing to the duty phone', async () => {
      const res = await postSigned(TWILIO_PATHS.fallback, { CallSid: 'CAfb', ErrorCode: '11200' });
      const body = await res.text();
      expect(res.status).toBe(200);
      expect(body).toContain('<Number>+8613900000009</Number>');
    });
  });

  describe('simulated calls through the real server', () => {
    it('queues a caller who pressed "a child is in danger", lists it live, and lets one of two operators answer', async () => {
      const sockets = [connectSocket(server.url, operator), connectSocket(server.url, operator2)];
      const queued: TCallSummary[] = [];
      sockets[0]!.on('call.queued', (c) => queued.push(c));
      await Promise.all(sockets.map(connected));

      const handle = sim.placeCall({ from: '+8613800000000', script: { digits: ['1', '1'] } });
      await handle.waitFor('enqueued');
      const row = await callStatus(handle.sid, 'queued');
      expect(row.urgent).toBe(true);
      expect(row.option).toBe('immediate_danger');

      const event = await eventually(() => queued.find((c) => c.id === row.id));
      expect(event.maskedNumber).toBe('+86 138****0000');
      expect(event.language).toBe('zh-CN');
      expect(JSON.stringify(event)).not.toContain('13800000000');

      const list = ZCallList.parse(
        (await request(server.url, '/api/calls', { cookie: operator })).body,
      );
      expect(list.calls.find((c) => c.id === row.id)?.urgent).toBe(true);

      const [a, b] = await Promise.all([
        request(server.url, `/api/calls/${row.id}/answer`, { method: 'POST', cookie: operator }),
        request(server.url, `/api/calls/${row.id}/answer`, { method: 'POST', cookie: operator2 }),
      ]);
      // A 500 here (seen once in CI, on the server) names its cause in the message.
      const unhandled = logs.lines().filter((l) => l.msg === 'unhandled error');
      expect([a.status, b.status].sort(), JSON.stringify(unhandled)).toEqual([200, 409]);
      const winner = ZAnswerCallResponse.parse(a.status === 200 ? a.body : b.body);
      expect((a.status === 409 ? a : b).body.error.code).toBe('CONFLICT');
      expect(winner.case.channel).toBe('voice');
      expect(winner.case.priority).toBe('P1');
      expect(winner.case.status).toBe('triaging');
      expect(winner.conference).toBe(winner.case.reference);

      // The caller was dequeued into the conference named after the case.
      await handle.waitFor((call) => call.conference === winner.conference);
      const live = await callStatus(handle.sid, 'in_progress');
      expect(live.caseId).toBe(winner.case.id);
      handle.hangup();
      await handle.done;
      await callStatus(handle.sid, 'completed');
      for (const s of sockets) s.disconnect();
    });

    it('answers urgent callers first, then the longest wait, and rings supervisors after 30 s', async () => {
      const supervisorSocket = connectSocket(server.url, supervisor);
      const rings: TCallEscalated[] = [];
      supervisorSocket.on('call.escalated', (e) => rings.push(e));
      await connected(supervisorSocket);

      const general = sim.placeCall({ from: newCaller(), script: { digits: ['2', '3'] } });
      await general.waitFor('enqueued');
      const urgent = sim.placeCall({ from: newCaller(), script: { digits: ['2', '1'] } });
      await urgent.waitFor('enqueued');
      const generalRow = await callStatus(general.sid, 'queued');
      const urgentRow = await callStatus(urgent.sid, 'queued');
      expect(urgentRow.language).toBe('en');

      const list = ZCallList.parse(
        (await request(server.url, '/api/calls', { cookie: operator })).body,
      );
      const ids = list.calls.map((c) => c.id);
      expect(ids.indexOf(urgentRow.id)).toBeLessThan(ids.indexOf(generalRow.id));

      const ring = await eventually(() => rings.find((r) => r.call.id === urgentRow.id));
      expect(ring.dutyPhoneOffered).toBe(true);
      // The duty phone was called with TwiML that takes the front of the urgent queue.
      await eventually(() => sim.calls.find((c) => c.to === '+8613900000009'));
      // Urgent callers are never offered voicemail.
      expect(urgent.heardText).not.toMatch(/voicemail/i);

      general.hangup();
      urgent.hangup();
      await Promise.all([general.done, urgent.done]);
      await callStatus(general.sid, 'abandoned');
      // A caller who hung up while waiting gets a callback task and a case in the queue.
      const [task] = await server.database.db
        .select()
        .from(callbackTasks)
        .where(eq(callbackTasks.callId, generalRow.id));
      expect(task?.kind).toBe('abandoned');
      supervisorSocket.disconnect();
    });

    it('rings the supervisors for an urgent caller back in the queue after the 30-s check found them being answered', async () => {
      const supervisorSocket = connectSocket(server.url, supervisor);
      const rings: TCallEscalated[] = [];
      supervisorSocket.on('call.escalated', (e) => rings.push(e));
      await connected(supervisorSocket);
      const handle = sim.placeCall({ from: newCaller(), script: { digits: ['1', '1'] } });
      await handle.waitFor('enqueued');
      const row = await callStatus(handle.sid, 'queued');
      expect(row.urgent).toBe(true);
      // An answer under way when the 30-s check comes: the check leaves a call that is not waiting.
      await server.database.db.update(calls).set({ status: 'ringing' }).where(eq(calls.id, row.id));
      // The state first, then the job: a job read while still active keeps returnvalue null.
      const check = await eventually(async () => {
        const queue = server.hutong.queues.byName.telephony;
        if ((await queue.getJobState(`urgent-${row.id}`)) !== 'completed') return undefined;
        return queue.getJob(`urgent-${row.id}`);
      });
      expect(check.returnvalue).toBe('not_waiting');
      // The answer then cannot bridge the caller (Twilio knows no such queue): queued again.
      await server.database.db
        .update(calls)
        .set({ status: 'queued', queueSid: `QU${'0'.repeat(32)}` })
        .where(eq(calls.id, row.id));
      const answer = await request(server.url, `/api/calls/${row.id}/answer`, {
        method: 'POST',
        cookie: operator,
      });
      expect(answer.status).toBe(409);
      await callStatus(handle.sid, 'queued');
      const ring = await eventually(() => rings.find((r) => r.call.id === row.id));
      expect(ring.call.escalated).toBe(true);
      expect(rings.filter((r) => r.call.id === row.id)).toHaveLength(1);
      handle.hangup();
      await handle.done;
      supervisorSocket.disconnect();
    });

    it('answers a caller shown on the consoles a moment before Twilio has put them in the queue', async () => {
      // Twilio runs the menu's Enqueue 1.5 s after our answer: the call is queued here first.
      sim.setFaults({ lagPaths: [{ path: TWILIO_PATHS.voiceMenu, delayMs: 1500 }] });
      try {
        const handle = sim.placeCall({ from: newCaller(), script: { digits: ['2', '3'] } });
        const row = await callStatus(handle.sid, 'queued');
        expect(handle.call.queue).toBeUndefined();
        const answer = await request(server.url, `/api/calls/${row.id}/answer`, {
          method: 'POST',
          cookie: operator,
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const { conference } = ZAnswerCallResponse.parse(answer.body);
        await handle.waitFor((call) => call.conference === conference);
        handle.hangup();
        await handle.done;
      } finally {
        sim.resetFaults();
      }
    });

    it('answers again after a connection that failed, with the same report and case', async () => {
      const handle = sim.placeCall({ from: newCaller(), script: { digits: ['2', '3'] } });
      await handle.waitFor('enqueued');
      // The hold loop's first round has told us the queue (later rounds at the same place don't).
      const row = await eventually(async () => {
        const r = await callStatus(handle.sid, 'queued');
        return r.queueSid ? r : undefined;
      });
      // Twilio knows no such queue: the first answer cannot bridge, and the caller waits again.
      await server.database.db
        .update(calls)
        .set({ queueSid: `QU${'0'.repeat(32)}` })
        .where(eq(calls.id, row.id));
      const first = await request(server.url, `/api/calls/${row.id}/answer`, {
        method: 'POST',
        cookie: operator,
      });
      expect(first.status).toBe(409);
      const back = await callStatus(handle.sid, 'queued');
      expect(back.caseId).not.toBeNull();
      await server.database.db.update(calls).set({ queueSid: null }).where(eq(calls.id, row.id));
      const second = await request(server.url, `/api/calls/${row.id}/answer`, {
        method: 'POST',
        cookie: operator2,
      });
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      const answered = ZAnswerCallResponse.parse(second.body);
      expect(answered.case.id).toBe(back.caseId);
      await handle.waitFor((call) => call.conference === answered.conference);
      const voiceContacts = await server.database.db
        .select()
        .from(contacts)
        .where(eq(contacts.externalId, handle.sid));
      expect(voiceContacts).toHaveLength(1);
      handle.hangup();
      await handle.done;
    });

    it('offers voicemail after 60 s in the general queue and attaches the recording to a callback task', async () => {
      const handle = sim.placeCall({
        from: newCaller(),
        script: { digits: ['1', '2', '1'], recordSeconds: 3 },
      });
      await handle.waitFor('completed', 20_000);
      const row = await eventually(async () => {
        const r = await callRow(handle.sid);
        return r.status === 'voicemail' && r.recordingUrl ? r : undefined;
      });
      expect(row.recordingUrl).toContain(sim.url);
      const [task] = await server.database.db
        .select()
        .from(callbackTasks)
        .where(eq(callbackTasks.callId, row.id));
      expect(task?.kind).toBe('voicemail');
      expect(task!.deadline.getTime()).toBeGreaterThan(task!.createdAt.getTime());
      const caseId = await eventually(async () => {
        const [r] = await server.database.db
          .select({ caseId: reports.caseId })
          .from(reports)
          .where(eq(reports.id, task!.reportId));
        return r?.caseId ?? undefined;
      });
      const [theCase] = await server.database.db.select().from(cases).where(eq(cases.id, caseId));
      expect(theCase?.channel).toBe('voice');
      const tasks = await request(server.url, '/api/calls/callbacks', { cookie: operator });
      expect(tasks.body.tasks.find((t: { id: string }) => t.id === task!.id)?.hasRecording).toBe(
        true,
      );
    });

    it('takes a callback request (press 2 in the hold loop)', async () => {
      const handle = sim.placeCall({ from: newCaller(), script: { digits: ['2', '3', '2'] } });
      await handle.waitFor('completed', 20_000);
      const row = await callStatus(handle.sid, 'callback');
      const [task] = await server.database.db
        .select()
        .from(callbackTasks)
        .where(eq(callbackTasks.callId, row.id));
      expect(task?.kind).toBe('callback');
      expect(handle.heardText).toContain('call you back');
    });

    it('queues a caller who never presses anything as "talk to someone"', async () => {
      const handle = sim.placeCall({ from: newCaller(), script: { digits: [null, null] } });
      await handle.waitFor('enqueued', 20_000);
      const row = await callStatus(handle.sid, 'queued');
      expect(row.option).toBe('talk');
      expect(row.urgent).toBe(false);
      handle.hangup();
      await handle.done;
    });

    // Found by `npm run day`: an answer makes the caller's report before bridging them; a caller
    // who hangs up at that moment is put back in the queue (or is mid-bridge) with that report.
    it('gives a caller who hung up as their call was answered one report and a callback task', async () => {
      const handle = sim.placeCall({ from: newCaller(), script: { digits: ['2', '3'] } });
      await handle.waitFor('enqueued');
      const row = await callStatus(handle.sid, 'queued');
      // What a failed bridge leaves: the answer's report and case, the call queued again.
      const answered = await fileReport(server);
      await server.database.db
        .update(calls)
        .set({ reportId: answered.reportId, caseId: answered.caseId })
        .where(eq(calls.id, row.id));
      handle.hangup();
      await handle.done;
      await callStatus(handle.sid, 'abandoned');
      const task = await callbackTaskOf(row.id);
      expect(task.reportId).toBe(answered.reportId);
      // No second contact (and report) for the call.
      const voiceContacts = await server.database.db
        .select()
        .from(contacts)
        .where(eq(contacts.externalId, handle.sid));
      expect(voiceContacts).toHaveLength(0);
    });

    it('asks for a callback when the caller hangs up while the answering operator is being connected', async () => {
      const handle = sim.placeCall({ from: newCaller(), script: { digits: ['2', '3'] } });
      await handle.waitFor('enqueued');
      const row = await callStatus(handle.sid, 'queued');
      const me = await request(server.url, '/api/auth/me', { cookie: operator2 });
      const answered = await fileReport(server);
      await server.database.db
        .update(calls)
        .set({
          status: 'ringing',
          answeredBy: me.body.id as string,
          answeredAt: new Date(),
          reportId: answered.reportId,
          caseId: answered.caseId,
        })
        .where(eq(calls.id, row.id));
      handle.hangup();
      await handle.done;
      await callStatus(handle.sid, 'abandoned');
      const task = await callbackTaskOf(row.id);
      expect(task).toMatchObject({ kind: 'abandoned', reportId: answered.reportId });
    });
  });

  describe('SMS', () => {
    it('runs the Chinese dialogue, replies with the reference first, and becomes one case', async () => {
      const from = newCaller();
      const first = await sim.sendSms({ from, body: '我同学被她爸爸打了' });
      expect(first.webhookStatus).toBe(200);
      const reference = /HT-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(first.replies[0]!.body)?.[0];
      expect(reference).toBeTruthy();
      expect(first.replies[0]!.body).toContain('孩子现在有危险吗');
      const second = await sim.sendSms({ from, body: '1' });
      expect(second.replies[0]!.body).toContain('110');
      await sim.sendSms({ from, body: '北京市朝阳区某小学' });
      await sim.sendSms({ from, body: '十二岁' });

      const convs = await server.database.db.select().from(smsConversations);
      const [report] = await server.database.db
        .select()
        .from(reports)
        .where(eq(reports.reference, reference!));
      expect(convs.filter((c) => c.reportId === report!.id)).toHaveLength(1);
      expect(report!.channel).toBe('sms');
      const triaged = await eventually(async () => {
        const [r] = await server.database.db
          .select()
          .from(reports)
          .where(eq(reports.id, report!.id));
        return r?.caseId && r.children[0]?.age === 12 ? r : undefined;
      });
      // Stored encrypted, like every address (issue 9); it reads back whole.
      expect(triaged.address).not.toContain('北京');
      expect(openText(triaged.address)).toBe('北京市朝阳区某小学');
      expect(triaged.immediateDanger).toBe(true);
      const [theCase] = await server.database.db
        .select()
        .from(cases)
        .where(eq(cases.id, triaged.caseId!));
      expect(theCase?.priority).toBe('P1');
      // Raised by the triage rule itself (in shared), whether triage or the answer came first.
      expect(theCase?.priorityReasons[0]).toEqual({ rule: 'immediate_danger', priority: 'P1' });

      // The thread is the holder's (and supervisors') to read.
      const claim = await request(server.url, `/api/cases/${theCase!.id}/claim`, {
        method: 'POST',
        cookie: operator,
      });
      expect(claim.status).toBe(200);
      const view = ZSmsConversation.parse(
        (await request(server.url, `/api/cases/${theCase!.id}/sms`, { cookie: operator })).body,
      );
      expect(view.messages.filter((m) => m.direction === 'inbound')).toHaveLength(4);
      expect(view.maskedNumber).toMatch(/\*\*\*\*/);
    });

    it('runs the English dialogue, lets the operator reply, and respects STOP', async () => {
      const from = newCaller();
      const first = await sim.sendSms({ from, body: 'A boy next door is left alone every night' });
      expect(first.replies[0]!.body).toMatch(/ref HT-/);
      const duplicate = await sim.sendSms({ from, body: 'no' });
      expect(duplicate.replies[0]!.body).toMatch(/Where is the child/);
      const [conv] = await server.database.db
        .select()
        .from(smsConversations)
        .where(eq(smsConversations.phoneHash, (await phoneHashOf(from))!));
      const caseId = await eventually(async () => {
        const [r] = await server.database.db
          .select()
          .from(reports)
          .where(eq(reports.id, conv!.reportId));
        return r?.caseId ?? undefined;
      });

      // Replying is for the case's holder.
      const claim = await request(server.url, `/api/cases/${caseId}/claim`, {
        method: 'POST',
        cookie: operator,
      });
      expect(claim.status).toBe(200);
      const sent = await request(server.url, `/api/cases/${caseId}/sms`, {
        cookie: operator,
        body: { body: 'A counsellor is reading your messages now.' },
      });
      expect(sent.status).toBe(202);
      const out = await eventually(() =>
        sim.outboundMessages.find(
          (m) => m.to === from && m.body.startsWith('A counsellor is reading'),
        ),
      );
      expect(out.direction).toBe('outbound-api');
      // Delivery status comes back through /twilio/sms/status.
      await eventually(async () => {
        const view = ZSmsConversation.parse(
          (await request(server.url, `/api/cases/${caseId}/sms`, { cookie: operator })).body,
        );
        return view.messages.find((m) => m.id === sent.body.id && m.status === 'delivered');
      });

      const stop = await sim.sendSms({ from, body: 'STOP' });
      expect(stop.webhookStatus).toBe(200);
      const refused = await request(server.url, `/api/cases/${caseId}/sms`, {
        cookie: operator,
        body: { body: 'Are you safe?' },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.data.optedOut).toBe(true);
    });

    it('treats a repeated MessageSid as a no-op with the same reply', async () => {
      const params = { MessageSid: 'SMdup0001', From: newCaller(), Body: 'help me please' };
      const a = await (await postSigned(TWILIO_PATHS.sms, params)).text();
      const b = await (await postSigned(TWILIO_PATHS.sms, params)).text();
      expect(a).toBe(b);
      expect(a).toContain('<Message>');
    });
  });

  async function phoneHashOf(number: string): Promise<string | undefined> {
    const { phoneHash } = await import('../privacy/reporter-identity.js');
    return phoneHash(server.hutong.ctx.config.dataKey, number);
  }
});
