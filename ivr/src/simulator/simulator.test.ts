import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  TWILIO_PATHS,
  VOICE_PROMPTS,
  connectTwiml,
  createTwilioClient,
  dialQueueTwiml,
  fallbackTwiml,
  incomingCallTwiml,
  isCallStatusAdvance,
  menuStepTwiml,
  parseLanguage,
  parseMenuState,
  parseQueuedCaller,
  queueExitTwiml,
  smsReplyTwiml,
  smsStep,
  validateTwilioWebhook,
  voicemailSavedTwiml,
  waitChoiceTwiml,
  waitTwiml,
  webhookUrl,
  type SmsConversationState,
  type WaitChoice,
} from '../index.js';
import { TwilioSimulator } from './index.js';

const AUTH_TOKEN = 'test-auth-token';
const ACCOUNT_SID = 'AC' + '0'.repeat(32);
const DUTY_PHONE = '+8613900000000';
const REF = 'HT-7K3F-9QX2';

interface Hit {
  path: string;
  query: Record<string, unknown>;
  body: Record<string, string>;
  valid: boolean;
}

/** A stand-in for the backend: validates signatures and answers with the ivr flows. */
class TestApp {
  readonly hits: Hit[] = [];
  readonly choices = new Map<string, WaitChoice>();
  readonly sms = new Map<string, SmsConversationState>();
  failVoice = false;
  baseUrl = '';
  private server: Server | undefined;

  async start(): Promise<void> {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use((req, res, next) => {
      const valid = validateTwilioWebhook(AUTH_TOKEN, this.baseUrl, req);
      this.hits.push({
        path: req.path,
        query: req.query,
        body: req.body as Record<string, string>,
        valid,
      });
      if (!valid) return void res.status(403).send('invalid signature');
      next();
    });
    const ctx = (): { baseUrl: string } => ({ baseUrl: this.baseUrl });
    const body = (req: Request): Record<string, string> => req.body as Record<string, string>;
    const xml = (twiml: string) => (_req: Request, res: express.Response) =>
      res.type('text/xml').send(twiml);
    app.post(TWILIO_PATHS.voice, (req, res) => {
      if (this.failVoice) return void res.status(500).send('boom');
      xml(incomingCallTwiml(ctx()).twiml)(req, res);
    });
    app.post(TWILIO_PATHS.voiceMenu, (req, res) => {
      const step = menuStepTwiml(ctx(), parseMenuState(req.query), body(req).Digits);
      res.type('text/xml').send(step.twiml);
    });
    app.post(TWILIO_PATHS.voiceWait, (req, res) => {
      res.type('text/xml').send(waitTwiml(ctx(), parseQueuedCaller(req.query), body(req)).twiml);
    });
    app.post(TWILIO_PATHS.voiceWaitChoice, (req, res) => {
      const step = waitChoiceTwiml(ctx(), parseQueuedCaller(req.query), body(req).Digits);
      if (step.decision.kind === 'leave')
        this.choices.set(body(req).CallSid!, step.decision.choice);
      res.type('text/xml').send(step.twiml);
    });
    app.post(TWILIO_PATHS.voiceQueueExit, (req, res) => {
      const step = queueExitTwiml(ctx(), parseQueuedCaller(req.query), {
        queueResult: body(req).QueueResult,
        choice: this.choices.get(body(req).CallSid!),
      });
      res.type('text/xml').send(step.twiml);
    });
    app.post(TWILIO_PATHS.voiceVoicemail, (req, res) => {
      res.type('text/xml').send(voicemailSavedTwiml(ctx(), parseLanguage(req.query.lang)));
    });
    app.post(TWILIO_PATHS.voiceConnect, (req, res) => {
      const conference = typeof req.query.conference === 'string' ? req.query.conference : '';
      res
        .type('text/xml')
        .send(connectTwiml(ctx(), { language: parseLanguage(req.query.lang), conference }));
    });
    app.post(TWILIO_PATHS.fallback, (_req, res) =>
      res.type('text/xml').send(fallbackTwiml(DUTY_PHONE)),
    );
    for (const path of [
      TWILIO_PATHS.voiceStatus,
      TWILIO_PATHS.voiceRecording,
      TWILIO_PATHS.smsStatus,
    ]) {
      app.post(path, (_req, res) => res.status(204).end());
    }
    app.post(TWILIO_PATHS.sms, (req, res) => {
      const from = body(req).From!;
      const result = smsStep(this.sms.get(from), { body: body(req).Body ?? '', reference: REF });
      this.sms.set(from, result.nextState);
      res.type('text/xml').send(smsReplyTwiml(result.reply));
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  at(path: string, callSid?: string): Hit[] {
    return this.hits.filter((h) => h.path === path && (!callSid || h.body.CallSid === callSid));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

let app: TestApp;
let sim: TwilioSimulator;

beforeAll(async () => {
  app = new TestApp();
  await app.start();
  sim = await TwilioSimulator.start({
    port: 0,
    authToken: AUTH_TOKEN,
    accountSid: ACCOUNT_SID,
    webhookBaseUrl: app.baseUrl,
    timeScale: 0.01,
    webhookTimeoutMs: 2000,
  });
});

afterEach(() => {
  sim.resetFaults();
  app.failVoice = false;
  // Every request the simulator made carried a valid signature.
  expect(app.hits.filter((h) => !h.valid && h.body.AccountSid === ACCOUNT_SID)).toEqual([]);
});

afterAll(async () => {
  await sim.stop();
  await app.stop();
});

const client = () =>
  createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBase: sim.url });

describe('simulated calls through the menu', () => {
  it('sends "a child is in danger" (1) to the urgent queue in Chinese', async () => {
    const call = sim.placeCall({ from: '+8613800000000', script: { digits: ['1', '1'] } });
    await call.waitFor('enqueued');
    expect(call.call.queue?.name).toBe('urgent');
    const heard = call.transcript;
    expect(heard[0]).toMatchObject({ language: 'cmn-CN', voice: 'Polly.Zhiyu' });
    expect(call.heardText).toContain('如果有孩子现在正处于危险中，请按1。');
    expect(call.heardText).toContain(VOICE_PROMPTS.queueUrgent['zh-CN']);
    const menu = app.at(TWILIO_PATHS.voiceMenu, call.sid);
    expect(menu.map((h) => h.body.Digits)).toEqual(['1', '1']);
    expect(menu[0]!.body).toMatchObject({
      From: '+8613800000000',
      Caller: '+8613800000000',
      Direction: 'inbound',
      AccountSid: ACCOUNT_SID,
      CallStatus: 'in-progress',
    });
    call.hangup();
    await call.waitFor('completed');
  });

  it('sends a professional report (2) to the general queue in English', async () => {
    const call = sim.placeCall({ from: '+8613800000001', script: { digits: ['2', '2'] } });
    await call.waitFor('enqueued');
    expect(call.call.queue?.name).toBe('general');
    await sim.waitUntil(() => app.at(TWILIO_PATHS.voiceWait, call.sid).length > 0);
    const wait = app.at(TWILIO_PATHS.voiceWait, call.sid)[0]!;
    expect(wait.query).toMatchObject({
      lang: 'en',
      queue: 'general',
      option: 'professional_report',
    });
    expect(wait.body).toMatchObject({ QueuePosition: '1', CurrentQueueSize: '1' });
    expect(wait.body.QueueSid).toMatch(/^QU[0-9a-f]{32}$/);
    call.hangup();
    await call.waitFor('completed');
  });

  it('repeats the menu on 0 and queues "talk to someone" (3)', async () => {
    const call = sim.placeCall({ from: '+8613800000002', script: { digits: ['2', '0', '3'] } });
    await call.waitFor('enqueued');
    const menuReads = call.transcript.filter((e) => e.text === VOICE_PROMPTS.repeat.en);
    expect(menuReads).toHaveLength(2);
    expect(app.at(TWILIO_PATHS.voiceWait, call.sid).length + 1).toBeGreaterThan(0);
    expect(call.call.queue?.name).toBe('general');
    call.hangup();
    await call.waitFor('completed');
  });

  it('repeats once on silence, then queues the caller to talk to someone', async () => {
    const call = sim.placeCall({ from: '+8613800000003', script: { digits: [null, null] } });
    await call.waitFor('enqueued');
    const languagePrompts = call.transcript.filter((e) => e.text.includes('中文服务请按1'));
    expect(languagePrompts).toHaveLength(2);
    expect(call.call.queue?.name).toBe('general');
    expect(call.call.events.filter((e) => e.type === 'gather-timeout')).toHaveLength(2);
    call.hangup();
    await call.waitFor('completed');
  });
});

describe('queues', { timeout: 20_000 }, () => {
  it('answers the urgent caller first and dequeues through the REST API into a conference', async () => {
    const twilioClient = client();
    const waiting = sim.placeCall({ from: '+8613800000010', script: { digits: ['1', '3'] } });
    await waiting.waitFor('enqueued');
    const urgent = sim.placeCall({ from: '+8613800000011', script: { digits: ['1', '1'] } });
    await urgent.waitFor('enqueued');

    // The operator console's rule: the urgent queue first, then the longest wait.
    const queues = await twilioClient.queues.list();
    const urgentQueue = queues.find((q) => q.friendlyName === 'urgent')!;
    expect(urgentQueue.currentSize).toBe(1);
    const members = await twilioClient.queues(urgentQueue.sid).members.list();
    expect(members.map((m) => m.callSid)).toEqual([urgent.sid]);

    const conference = `case-${REF}`;
    const url = webhookUrl(app.baseUrl, TWILIO_PATHS.voiceConnect, { conference, lang: 'zh-CN' });
    const member = await twilioClient
      .queues(urgentQueue.sid)
      .members(urgent.sid)
      .update({ url, method: 'POST' });
    expect(member.callSid).toBe(urgent.sid);

    await urgent.waitFor('conference');
    expect(waiting.call.activity).toBe('enqueued');
    const [live] = await twilioClient.conferences.list({ friendlyName: conference });
    const participants = await twilioClient.conferences(live!.sid).participants.list();
    expect(participants.map((p) => p.callSid)).toEqual([urgent.sid]);
    // As on Twilio, the Participants resource also accepts the conference's FriendlyName.
    const byName = await twilioClient.conferences(conference).participants.list();
    expect(byName.map((p) => p.callSid)).toEqual([urgent.sid]);
    expect(urgent.heardText).toContain(VOICE_PROMPTS.connecting['zh-CN']);
    await sim.waitUntil(() => app.at(TWILIO_PATHS.voiceQueueExit, urgent.sid).length > 0);
    expect(app.at(TWILIO_PATHS.voiceQueueExit, urgent.sid)[0]!.body.QueueResult).toBe('redirected');

    urgent.hangup();
    waiting.hangup();
    await Promise.all([urgent.waitFor('completed'), waiting.waitFor('completed')]);
  });

  it('tells the second caller in line their position', async () => {
    const first = sim.placeCall({ from: '+8613800000020', script: { digits: ['2', '3'] } });
    await first.waitFor('enqueued');
    const second = sim.placeCall({ from: '+8613800000021', script: { digits: ['2', '3'] } });
    await second.waitFor('enqueued');
    await sim.waitUntil(() => second.heardText.includes('You are number 2 in line.'));
    first.hangup();
    await sim.waitUntil(() => second.heardText.includes('You are next in line.'));
    second.hangup();
    await Promise.all([first.waitFor('completed'), second.waitFor('completed')]);
  });

  it('lets a duty phone take the front of the urgent queue with <Dial><Queue>', async () => {
    const caller = sim.placeCall({ from: '+8613800000030', script: { digits: ['1', '1'] } });
    await caller.waitFor('enqueued');
    const statusUrl = webhookUrl(app.baseUrl, TWILIO_PATHS.voiceStatus);
    const duty = await client().calls.create({
      to: DUTY_PHONE,
      from: '+861012355000',
      twiml: dialQueueTwiml('urgent'),
      statusCallback: statusUrl,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    expect(duty.status).toBe('queued');
    await caller.waitFor('bridged');
    expect(caller.call.bridgedWith).toBe(duty.sid);
    await client().calls(duty.sid).update({ status: 'completed' });
    await caller.waitFor('completed');
    expect(caller.call.queueResults).toEqual(['bridged']);
    await sim.waitUntil(() =>
      app.at(TWILIO_PATHS.voiceStatus, duty.sid).some((h) => h.body.CallStatus === 'completed'),
    );
    const statuses = app.at(TWILIO_PATHS.voiceStatus, duty.sid).map((h) => h.body.CallStatus);
    expect(statuses).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
  });

  it('offers voicemail after 60 s in the general queue and records it', async () => {
    const call = sim.placeCall({
      from: '+8613800000040',
      script: { digits: ['2', '3', '1'], recordSeconds: 8 },
    });
    await call.waitFor('completed', 20_000);
    expect(call.heardText).toContain(VOICE_PROMPTS.offer.en);
    expect(call.heardText).toContain(VOICE_PROMPTS.voicemail.en);
    expect(call.heardText).toContain(VOICE_PROMPTS.voicemailSaved.en);
    expect(call.call.queueResults).toEqual(['leave']);
    const offered = app.at(TWILIO_PATHS.voiceWaitChoice, call.sid)[0]!;
    expect(Number(offered.body.QueueTime)).toBeGreaterThanOrEqual(60);
    const saved = app.at(TWILIO_PATHS.voiceVoicemail, call.sid)[0]!;
    expect(saved.body.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(Number(saved.body.RecordingDuration)).toBeGreaterThanOrEqual(8);
    const status = app.at(TWILIO_PATHS.voiceRecording, call.sid)[0]!;
    expect(status.body).toMatchObject({
      RecordingStatus: 'completed',
      RecordingSid: saved.body.RecordingSid,
    });
    const recording = await client().recordings(saved.body.RecordingSid!).fetch();
    expect(recording.callSid).toBe(call.sid);
    const media = await fetch(`${saved.body.RecordingUrl}.wav`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
      },
    });
    expect(media.headers.get('content-type')).toContain('audio/wav');
  });

  it('confirms a callback request after 60 s in the general queue', async () => {
    const call = sim.placeCall({ from: '+8613800000041', script: { digits: ['1', '3', '2'] } });
    await call.waitFor('completed', 20_000);
    expect(app.choices.get(call.sid)).toBe('callback');
    expect(call.heardText).toContain(VOICE_PROMPTS.callbackConfirmed['zh-CN']);
    expect(call.call.queueResults).toEqual(['leave']);
  });

  it('never offers voicemail in the urgent queue and keeps the caller queued', async () => {
    const call = sim.placeCall({ from: '+8613800000042', script: { digits: ['1', '1', '1'] } });
    await call.waitFor('enqueued');
    await sim.waitUntil(
      () => app.at(TWILIO_PATHS.voiceWait, call.sid).some((h) => Number(h.body.QueueTime) >= 90),
      20_000,
    );
    expect(call.heardText).not.toContain(VOICE_PROMPTS.offer['zh-CN']);
    expect(call.call.activity).toBe('enqueued');
    call.hangup();
    await call.waitFor('completed');
  });

  it('reports abandonment: hang-up while queued → QueueResult=hangup and a completed callback', async () => {
    const call = sim.placeCall({ from: '+8613800000043', script: { digits: ['2', '3'] } });
    await call.waitFor('enqueued');
    call.hangup();
    await call.waitFor('completed');
    const exit = app.at(TWILIO_PATHS.voiceQueueExit, call.sid);
    expect(exit).toHaveLength(1);
    expect(exit[0]!.body).toMatchObject({ QueueResult: 'hangup', CallStatus: 'completed' });
    const statuses = app.at(TWILIO_PATHS.voiceStatus, call.sid).map((h) => h.body);
    expect(statuses.map((s) => s.CallStatus)).toEqual(['ringing', 'in-progress', 'completed']);
    expect(statuses.map((s) => s.SequenceNumber)).toEqual(['0', '1', '2']);
    expect(Number(statuses[2]!.CallDuration)).toBeGreaterThan(0);
  });
});

describe('faults', { timeout: 20_000 }, () => {
  it('delivers duplicate and out-of-order status callbacks that never move a call backwards', async () => {
    sim.setFaults({ duplicateStatusCallbacks: true, reverseStatusCallbacks: true });
    const call = sim.placeCall({
      from: '+8613800000050',
      script: { digits: ['2', '3'], hangupAfterSeconds: 30 },
    });
    await call.waitFor('completed');
    const received = app.at(TWILIO_PATHS.voiceStatus, call.sid).map((h) => ({
      status: h.body.CallStatus!,
      sequence: Number(h.body.SequenceNumber),
    }));
    expect(received.map((r) => r.status)).toEqual([
      'completed',
      'completed',
      'ringing',
      'ringing',
      'in-progress',
      'in-progress',
    ]);
    let state: { status: string; sequence?: number } | undefined;
    let applied = 0;
    for (const next of received) {
      if (isCallStatusAdvance(state, next)) {
        state = next;
        applied += 1;
      }
    }
    expect(state?.status).toBe('completed');
    expect(applied).toBe(1);
  });

  it('requests the fallback URL when the voice webhook fails, and the caller reaches the duty phone', async () => {
    app.failVoice = true;
    const call = sim.placeCall({ from: '+8613800000060' });
    await call.waitFor('completed', 20_000);
    const fallback = app.at(TWILIO_PATHS.fallback, call.sid)[0]!;
    expect(fallback.body).toMatchObject({
      ErrorCode: '11200',
      ErrorUrl: webhookUrl(app.baseUrl, TWILIO_PATHS.voice),
    });
    expect(call.heardText).toContain(VOICE_PROMPTS.fallback['zh-CN']);
    const dialed = sim.calls.find((c) => c.parentCallSid === call.sid)!;
    expect(dialed.to).toBe(DUTY_PHONE);
  });

  it('treats an unreachable or slow webhook as failed and falls back', async () => {
    sim.setFaults({ failPaths: [{ path: TWILIO_PATHS.voice, times: 1 }] });
    const refused = sim.placeCall({ from: '+8613800000061' });
    await refused.waitFor('completed', 20_000);
    expect(app.at(TWILIO_PATHS.fallback, refused.sid)[0]!.body.ErrorCode).toBe('11205');

    sim.setFaults({ failPaths: [], slowPaths: [{ path: TWILIO_PATHS.voiceMenu, delayMs: 2500 }] });
    const slow = sim.placeCall({ from: '+8613800000062', script: { digits: ['1'] } });
    await slow.waitFor('completed', 20_000);
    expect(slow.call.events.some((e) => e.type === 'fallback')).toBe(true);
    expect(app.at(TWILIO_PATHS.fallback, slow.sid)[0]!.body.ErrorCode).toBe('11205');
  }, 30_000);
});

describe('SMS', () => {
  it('runs a Chinese SMS conversation and records the replies as outbound messages', async () => {
    const first = await sim.sendSms({ from: '+8613800000070', body: '学校有个孩子身上有很多伤' });
    expect(first.webhookStatus).toBe(200);
    expect(first.replies).toHaveLength(1);
    expect(first.replies[0]!.body).toContain(REF);
    expect(first.replies[0]!.to).toBe('+8613800000070');
    const second = await sim.sendSms({ from: '+8613800000070', body: '没有' });
    expect(second.replies[0]!.body).toContain('孩子在哪里');
    const hit = app.at(TWILIO_PATHS.sms).find((h) => h.body.MessageSid === first.message.sid)!;
    expect(hit.body).toMatchObject({
      From: '+8613800000070',
      NumSegments: '1',
      SmsStatus: 'received',
    });
    expect(sim.outboundMessages.map((m) => m.sid)).toContain(second.replies[0]!.sid);
  });

  it('delivers duplicate SMS webhooks with the same MessageSid when asked', async () => {
    sim.setFaults({ duplicateSmsWebhooks: true });
    const result = await sim.sendSms({ from: '+8613800000071', body: 'hello' });
    const hits = app.at(TWILIO_PATHS.sms).filter((h) => h.body.MessageSid === result.message.sid);
    expect(hits).toHaveLength(2);
  });

  it('sends outbound SMS through the twilio client and posts queued → sent → delivered', async () => {
    const statusCallback = webhookUrl(app.baseUrl, TWILIO_PATHS.smsStatus);
    const message = await client().messages.create({
      to: '+8613800000080',
      from: '+861012355000',
      body: `护童热线：您的报告 ${REF} 已转交救助站。`,
      statusCallback,
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.dateCreated).toBeInstanceOf(Date);
    await sim.messaging.settled();
    const statuses = app.hits
      .filter((h) => h.path === TWILIO_PATHS.smsStatus && h.body.MessageSid === message.sid)
      .map((h) => h.body.MessageStatus);
    expect(statuses).toEqual(['queued', 'sent', 'delivered']);
    const fetched = await client().messages(message.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(sim.outboundMessages.find((m) => m.sid === message.sid)?.body).toContain(REF);
  });

  it('rejects a REST request with the wrong credentials with Twilio error 20003', async () => {
    const wrong = createTwilioClient({
      accountSid: ACCOUNT_SID,
      authToken: 'nope',
      apiBase: sim.url,
    });
    await expect(
      wrong.messages.create({ to: '+8613800000081', from: '+861012355000', body: 'x' }),
    ).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });
});

describe('webhook security', () => {
  it('the test backend refuses an unsigned request', async () => {
    const response = await fetch(`${app.baseUrl}${TWILIO_PATHS.voice}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ CallSid: 'CAforged', From: '+10000000000' }).toString(),
    });
    expect(response.status).toBe(403);
    app.hits.splice(
      app.hits.findIndex((h) => h.body.CallSid === 'CAforged'),
      1,
    );
  });
});
