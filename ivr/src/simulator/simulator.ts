import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { TWILIO_PATHS, webhookUrl } from '../paths.js';
import { isFinalCallStatus, type TwilioCallStatus } from '../twilio/call-status.js';
import { CallRunner, type SimulatorCore, type StatusCallbackConfig } from './call-runner.js';
import { SimClock } from './clock.js';
import { controlRouter } from './control-api.js';
import { Messaging, type SmsResult } from './messaging.js';
import { accountPath, newSid } from './resources.js';
import { restRouter } from './rest-api.js';
import type {
  CallScript,
  PhoneBehaviour,
  SimCall,
  SimConference,
  SimMessage,
  SimQueue,
  SimRecording,
} from './types.js';
import { noFaults, WebhookSender, type SimulatorFaults, type WebhookResult } from './webhooks.js';

/** How to start the simulator. */
export interface SimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Signs webhooks and guards the fake REST API, as the real auth token does. */
  authToken: string;
  accountSid: string;
  /** The system's public base URL (HUTONG_PUBLIC_URL); webhooks go to its /twilio/ paths. */
  webhookBaseUrl: string;
  /** The number's Voice Fallback URL; default `/twilio/fallback` on the base URL, null for none. */
  fallbackUrl?: string | null;
  /** Simulated seconds per real second; 0.01 makes a 60 s wait take 0.6 s. Default 1. */
  timeScale?: number;
  /** Real milliseconds before a webhook counts as failed (Twilio: 15 s). */
  webhookTimeoutMs?: number;
  /** The hotline number callers dial and text (the `To` of inbound traffic). */
  hotlineNumber?: string;
}

/** Lets a test or the CLI drive one simulated call. */
export class CallHandle {
  constructor(
    private readonly sim: TwilioSimulator,
    private readonly runner: CallRunner,
  ) {}

  /** The call's SID. */
  get sid(): string {
    return this.runner.call.sid;
  }

  /** The live call record. */
  get call(): SimCall {
    return this.runner.call;
  }

  /** What the caller has heard so far. */
  get transcript(): SimCall['transcript'] {
    return this.runner.call.transcript;
  }

  /** The Say texts heard so far, joined, for quick assertions. */
  get heardText(): string {
    return this.transcript.map((entry) => entry.text).join('\n');
  }

  /** Presses keys; the next `<Gather>` receives them. */
  press(digits: string): void {
    this.runner.press(digits);
  }

  /** Hangs up from the caller's side. */
  hangup(): void {
    this.runner.hangup();
  }

  /** Resolves when the call has ended and every status callback has been delivered. */
  get done(): Promise<SimCall> {
    return this.runner.done.then(() => this.runner.call);
  }

  /**
   * Waits for a call status or activity ('in-progress', 'enqueued', 'completed' …) or a
   * predicate; 'completed' also waits for the final status callbacks.
   */
  async waitFor(
    target: TwilioCallStatus | SimCall['activity'] | ((call: SimCall) => boolean),
    timeoutMs = 10_000,
  ): Promise<SimCall> {
    const matches =
      typeof target === 'function'
        ? target
        : (call: SimCall) => call.status === target || call.activity === target;
    await this.sim.waitUntil(() => matches(this.runner.call), timeoutMs, `call ${String(target)}`);
    if (target === 'completed' || target === 'ended') await this.runner.done;
    return this.runner.call;
  }
}

const DEFAULT_PHONE: PhoneBehaviour = { answer: true, ringSeconds: 2, talkSeconds: 30 };

/**
 * Plays Twilio's part: a fake REST API, the phone network's callers and texters, queues,
 * conferences and recordings, speaking to the system only through signed webhooks.
 */
export class TwilioSimulator implements SimulatorCore {
  readonly accountSid: string;
  readonly clock: SimClock;
  readonly calls: SimCall[] = [];
  readonly messages: SimMessage[] = [];
  readonly queues: SimQueue[] = [];
  readonly conferences: SimConference[] = [];
  readonly recordings: SimRecording[] = [];
  readonly hotlineNumber: string;
  readonly webhooks: WebhookSender;
  readonly fallbackUrl: string | undefined;
  /** Current faults; change them with `setFaults`. */
  faultConfig: SimulatorFaults = noFaults();
  private readonly runners = new Map<string, CallRunner>();
  private readonly phones = new Map<string, Partial<PhoneBehaviour>>();
  private waiters: Array<() => void> = [];
  private server: Server | undefined;
  private baseUrl = '';
  readonly messaging: Messaging;

  private constructor(readonly options: SimulatorOptions) {
    this.accountSid = options.accountSid;
    this.clock = new SimClock(options.timeScale ?? 1);
    this.hotlineNumber = options.hotlineNumber ?? '+861012355000';
    this.fallbackUrl =
      options.fallbackUrl === null
        ? undefined
        : (options.fallbackUrl ?? webhookUrl(options.webhookBaseUrl, TWILIO_PATHS.fallback));
    this.webhooks = new WebhookSender(
      options.authToken,
      () => this.faultConfig,
      () => options.webhookTimeoutMs ?? 15_000,
    );
    this.messaging = new Messaging(this);
  }

  /** Starts a simulator listening on its own port. */
  static async start(options: SimulatorOptions): Promise<TwilioSimulator> {
    const sim = new TwilioSimulator(options);
    await sim.listen();
    return sim;
  }

  private async listen(): Promise<void> {
    const app = express();
    app.disable('x-powered-by');
    app.use(express.urlencoded({ extended: false }));
    app.use(express.json());
    app.use(accountPath(':accountSid'), restRouter(this));
    app.use('/sim', controlRouter(this));
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      const server = app.listen(this.options.port ?? 0, host, (error?: Error) =>
        error ? reject(error) : resolve(),
      );
      this.server = server;
    });
    const address = this.server!.address() as AddressInfo;
    this.baseUrl = `http://${host}:${address.port}`;
  }

  /** The simulator's base URL: TWILIO_API_BASE for the REST client, and the /sim control API. */
  get url(): string {
    return this.baseUrl;
  }

  /** Same as `url`; the base that replaces https://api.twilio.com. */
  get apiBaseUrl(): string {
    return this.baseUrl;
  }

  /** The auth token webhooks are signed with. */
  get authToken(): string {
    return this.options.authToken;
  }

  /** Stops listening and hangs up every live call. */
  async stop(): Promise<void> {
    for (const runner of this.runners.values()) runner.hangup();
    await Promise.race([
      Promise.allSettled([...this.runners.values()].map((r) => r.done)),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ]);
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- faults and phones --------------------------------------------------------------------

  /** The fault configuration in force. */
  faults(): SimulatorFaults {
    return this.faultConfig;
  }

  /** Turns faults on or off; unspecified ones keep their value. */
  setFaults(faults: Partial<SimulatorFaults>): void {
    this.faultConfig = { ...this.faultConfig, ...faults };
  }

  /** Turns every fault off. */
  resetFaults(): void {
    this.faultConfig = noFaults();
  }

  /** Sets how a number (or `client:<identity>`) behaves when the simulator calls it. */
  setPhoneBehaviour(target: string, behaviour: Partial<PhoneBehaviour>): void {
    this.phones.set(target, { ...this.phones.get(target), ...behaviour });
  }

  /** How a number or client behaves when called. */
  phoneBehaviour(target: string): PhoneBehaviour {
    return { ...DEFAULT_PHONE, ...this.phones.get(target) };
  }

  // ---- change notification ------------------------------------------------------------------

  /** Wakes everything waiting for a change of state. */
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next change of state. */
  nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Waits (real time) until `predicate` holds; rejects after `timeoutMs`. */
  async waitUntil(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`simulator: timed out waiting for ${what}`);
      await Promise.race([
        this.nextChange(),
        new Promise((resolve) => setTimeout(resolve, Math.min(remaining, 100)).unref()),
      ]);
    }
  }

  // ---- webhooks -----------------------------------------------------------------------------

  /** Sends a signed webhook (with the configured faults). */
  send(
    url: string,
    params: Record<string, string>,
    method = 'POST',
    duplicate = false,
  ): Promise<WebhookResult> {
    return this.webhooks.send(url, params, method, { duplicate });
  }

  // ---- calls --------------------------------------------------------------------------------

  private newCall(fields: Pick<SimCall, 'from' | 'to' | 'direction'> & Partial<SimCall>): SimCall {
    const now = new Date();
    const call: SimCall = {
      sid: newSid('CA'),
      accountSid: this.accountSid,
      status: 'ringing',
      activity: 'ringing',
      dateCreated: now,
      dateUpdated: now,
      transcript: [],
      events: [],
      queueResults: [],
      ...fields,
    };
    this.calls.push(call);
    this.notify();
    return call;
  }

  /** Places an inbound call from a simulated caller to the hotline. */
  placeCall(input: { from: string; to?: string; script?: CallScript }): CallHandle {
    const call = this.newCall({
      from: input.from,
      to: input.to ?? this.hotlineNumber,
      direction: 'inbound',
    });
    const statusCallback: StatusCallbackConfig = {
      url: webhookUrl(this.options.webhookBaseUrl, TWILIO_PATHS.voiceStatus),
      method: 'POST',
      events: new Set(['ringing', 'answered', 'completed']),
    };
    const runner = new CallRunner(this, call, {
      first: {
        kind: 'url',
        url: webhookUrl(this.options.webhookBaseUrl, TWILIO_PATHS.voice),
        method: 'POST',
      },
      fallbackUrl: this.fallbackUrl,
      statusCallback,
      script: input.script,
    });
    this.track(runner);
    return new CallHandle(this, runner);
  }

  /**
   * A browser softphone calling out through a TwiML App (Voice SDK `device.connect({ params })`):
   * Twilio requests the App's Voice URL with From `client:<identity>`, an empty To, the
   * ApplicationSid and the custom params, then runs the TwiML it gets (e.g. a conference).
   */
  connectClient(input: {
    identity: string;
    /** The TwiML App's Voice URL. */
    url: string;
    params?: Record<string, string>;
    applicationSid?: string;
  }): CallHandle {
    const call = this.newCall({ from: `client:${input.identity}`, to: '', direction: 'inbound' });
    const runner = new CallRunner(this, call, {
      first: {
        kind: 'url',
        url: input.url,
        method: 'POST',
        params: { ApplicationSid: input.applicationSid ?? `AP${'0'.repeat(32)}`, ...input.params },
      },
    });
    this.track(runner);
    return new CallHandle(this, runner);
  }

  /** Starts an outbound call as the REST API does: rings `to`, then runs `url` or `twiml`. */
  createOutboundCall(input: {
    from: string;
    to: string;
    url?: string;
    method?: string;
    twiml?: string;
    statusCallback?: StatusCallbackConfig;
  }): CallHandle {
    const call = this.newCall({
      from: input.from,
      to: input.to,
      direction: 'outbound-api',
      status: 'queued',
      activity: 'ringing',
    });
    const behaviour = this.phoneBehaviour(input.to);
    const runner = new CallRunner(this, call, {
      first: input.twiml
        ? { kind: 'twiml', twiml: input.twiml, url: this.options.webhookBaseUrl }
        : { kind: 'url', url: input.url ?? '', method: input.method ?? 'POST' },
      statusCallback: input.statusCallback,
      script: behaviour.script,
      outbound: behaviour,
    });
    this.track(runner);
    return new CallHandle(this, runner);
  }

  private track(runner: CallRunner): void {
    this.runners.set(runner.call.sid, runner);
    void runner.done.finally(() => {
      this.runners.delete(runner.call.sid);
      this.notify();
    });
  }

  /** A call's live record. */
  callBySid(sid: string): SimCall | undefined {
    return this.calls.find((call) => call.sid === sid);
  }

  /** The runner of a live call with TwiML. */
  runnerFor(sid: string): CallRunner | undefined {
    return this.runners.get(sid);
  }

  /** A handle on a live or finished call the simulator placed. */
  handleFor(sid: string): CallHandle | undefined {
    const runner = this.runners.get(sid);
    return runner ? new CallHandle(this, runner) : undefined;
  }

  /** Starts the far end of a `<Dial>` (a person on a phone, not TwiML). */
  startDialedCall(parent: SimCall, to: string): SimCall {
    return this.newCall({
      from: parent.from,
      to,
      direction: 'outbound-dial',
      parentCallSid: parent.sid,
    });
  }

  /** Ends a call without TwiML (a dialed party or REST conference participant). */
  endVirtualCall(call: SimCall, status: TwilioCallStatus): void {
    if (isFinalCallStatus(call.status)) return;
    call.status = status;
    call.activity = 'ended';
    call.endTime = new Date();
    call.duration = call.startTime
      ? Math.round(
          (call.endTime.getTime() - call.startTime.getTime()) / 1000 / this.clock.timeScale,
        )
      : 0;
    delete call.bridgedWith;
    delete call.conference;
    for (const conference of this.conferences) {
      const index = conference.participants.findIndex((p) => p.callSid === call.sid);
      if (index >= 0) {
        conference.participants.splice(index, 1);
        this.updateConference(conference);
      }
    }
    this.notify();
  }

  /** Ends any call: hangs up a TwiML call, or the far end of a dial or conference. */
  endCall(sid: string): void {
    const runner = this.runners.get(sid);
    if (runner) runner.hangup();
    else {
      const call = this.callBySid(sid);
      if (call) this.endVirtualCall(call, call.startTime ? 'completed' : 'canceled');
    }
  }

  // ---- queues, conferences, recordings -----------------------------------------------------

  /** A queue by friendly name, created on demand as `<Enqueue>` does. */
  queueByName(name: string, create: boolean): SimQueue | undefined {
    const found = this.queues.find((queue) => queue.friendlyName === name);
    if (found || !create) return found;
    return this.createQueue(name, 1000);
  }

  /** Creates a queue. */
  createQueue(name: string, maxSize: number): SimQueue {
    const now = new Date();
    const queue: SimQueue = {
      sid: newSid('QU'),
      friendlyName: name,
      maxSize,
      dateCreated: now,
      dateUpdated: now,
      members: [],
      waits: [],
    };
    this.queues.push(queue);
    this.notify();
    return queue;
  }

  /** The live conference with this friendly name, created on demand. */
  conferenceByName(name: string): SimConference {
    const live = this.conferences.find((c) => c.friendlyName === name && c.status !== 'completed');
    if (live) return live;
    const now = new Date();
    const conference: SimConference = {
      sid: newSid('CF'),
      friendlyName: name,
      status: 'init',
      dateCreated: now,
      dateUpdated: now,
      participants: [],
    };
    this.conferences.push(conference);
    this.notify();
    return conference;
  }

  /** Moves a conference through init → in-progress → completed as participants come and go. */
  updateConference(conference: SimConference): void {
    conference.dateUpdated = new Date();
    if (conference.status === 'init' && conference.participants.length >= 2) {
      conference.status = 'in-progress';
    } else if (conference.status === 'in-progress' && conference.participants.length === 0) {
      conference.status = 'completed';
    }
    if (conference.status === 'completed') {
      for (const participant of conference.participants) {
        const call = this.callBySid(participant.callSid);
        if (call && !this.runners.has(call.sid)) this.endVirtualCall(call, 'completed');
      }
    }
    this.notify();
  }

  /** Adds a REST-created participant: dials `to` and, once answered, joins the conference. */
  addParticipant(
    conference: SimConference,
    input: { from: string; to: string; label?: string; endConferenceOnExit?: boolean },
  ): SimCall {
    const call = this.newCall({ from: input.from, to: input.to, direction: 'outbound-api' });
    const behaviour = this.phoneBehaviour(input.to);
    const participant = {
      callSid: call.sid,
      muted: false,
      hold: false,
      startConferenceOnEnter: true,
      endConferenceOnExit: input.endConferenceOnExit ?? false,
      status: 'ringing' as SimConference['participants'][number]['status'],
      dateCreated: new Date(),
      dateUpdated: new Date(),
      ...(input.label ? { label: input.label } : {}),
    };
    conference.participants.push(participant);
    this.notify();
    const answer = setTimeout(() => {
      if (isFinalCallStatus(call.status)) return;
      if (!behaviour.answer) {
        this.endVirtualCall(call, 'no-answer');
        return;
      }
      call.status = 'in-progress';
      call.activity = 'conference';
      call.conference = conference.friendlyName;
      call.startTime = new Date();
      participant.status = 'connected';
      this.updateConference(conference);
    }, this.clock.ms(behaviour.ringSeconds));
    answer.unref();
    return call;
  }

  /** Stores a recording made on a call. */
  createRecording(callSid: string, duration: number): { sid: string; url: string } {
    const recording: SimRecording = {
      sid: newSid('RE'),
      callSid,
      duration,
      dateCreated: new Date(),
      status: 'completed',
    };
    this.recordings.push(recording);
    this.notify();
    return {
      sid: recording.sid,
      url: `${this.baseUrl}${accountPath(this.accountSid)}/Recordings/${recording.sid}`,
    };
  }

  // ---- messaging ----------------------------------------------------------------------------

  /** Sends an inbound SMS to the hotline and follows the MessagingResponse. */
  sendSms(input: { from: string; to?: string; body: string }): Promise<SmsResult> {
    return this.messaging.receive({ ...input, to: input.to ?? this.hotlineNumber });
  }

  /** Every message the system sent (REST API and TwiML replies), oldest first. */
  get outboundMessages(): SimMessage[] {
    return this.messages.filter((m) => m.direction !== 'inbound');
  }

  /** The system's SMS webhook URL. */
  get smsUrl(): string {
    return webhookUrl(this.options.webhookBaseUrl, TWILIO_PATHS.sms);
  }

  /** Forgets finished calls, messages, recordings and empty queues (live calls stay). */
  reset(): void {
    const live = (call: SimCall): boolean => this.runners.has(call.sid);
    this.calls.splice(0, this.calls.length, ...this.calls.filter(live));
    this.messages.splice(0);
    this.recordings.splice(0);
    this.webhooks.log.splice(0);
    this.notify();
  }
}
