import { isFinalCallStatus, type TwilioCallStatus } from '../twilio/call-status.js';
import { delay, speechSeconds, type SimClock } from './clock.js';
import { rfc2822 } from './resources.js';
import { parseTwiml, type TwimlNode } from './twiml-parser.js';
import type {
  CallActivity,
  CallScript,
  PhoneBehaviour,
  SimCall,
  SimConference,
  SimQueue,
} from './types.js';
import type { SimulatorFaults, WebhookResult } from './webhooks.js';

/** What a running call needs from the simulator that owns it. */
export interface SimulatorCore {
  readonly accountSid: string;
  readonly clock: SimClock;
  readonly apiBaseUrl: string;
  faults(): SimulatorFaults;
  send(
    url: string,
    params: Record<string, string>,
    method?: string,
    duplicate?: boolean,
  ): Promise<WebhookResult>;
  notify(): void;
  nextChange(): Promise<void>;
  callBySid(sid: string): SimCall | undefined;
  runnerFor(sid: string): CallRunner | undefined;
  queueByName(name: string, create: boolean): SimQueue | undefined;
  conferenceByName(name: string): SimConference;
  updateConference(conference: SimConference): void;
  createRecording(callSid: string, duration: number): { sid: string; url: string };
  phoneBehaviour(target: string): PhoneBehaviour;
  startDialedCall(parent: SimCall, to: string): SimCall;
  endVirtualCall(call: SimCall, status: TwilioCallStatus): void;
}

/** How a call reports its progress (the number's or the REST request's StatusCallback). */
export interface StatusCallbackConfig {
  url: string;
  method: string;
  /** Events to send: initiated, ringing, answered, completed. */
  events: Set<string>;
}

type Interrupt =
  | { kind: 'hangup' }
  | { kind: 'redirect'; url: string; method: string; dequeued: boolean }
  | { kind: 'twiml'; twiml: string }
  | { kind: 'bridge'; partnerSid: string; url?: string | undefined; method: string };

type Next =
  | { kind: 'url'; url: string; method: string; params?: Record<string, string> }
  | {
      kind: 'twiml';
      twiml: string;
      url: string;
    };

type Step = Next | 'continue' | 'end';

/** Thrown out of any wait when the call is hung up, redirected or bridged from outside. */
class Interrupted extends Error {}

/** The Twilio error announcement when no usable TwiML could be fetched. */
const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.';

/** Runs one call: fetches TwiML, interprets it verb by verb, and plays the caller's part. */
export class CallRunner {
  readonly done: Promise<void>;
  private interrupt: Interrupt | null = null;
  private readonly pendingDigits: string[] = [];
  private readonly scriptDigits: Array<string | null>;
  private sequence = 0;
  private callbacks: Promise<unknown> = Promise.resolve();
  private readonly heldCallbacks: Array<Record<string, string>> = [];
  private answeredAt = 0;
  private hangupTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly core: SimulatorCore,
    readonly call: SimCall,
    private readonly options: {
      first: Next;
      fallbackUrl?: string | undefined;
      statusCallback?: StatusCallbackConfig | undefined;
      script?: CallScript | undefined;
      /** Outbound calls ring and may go unanswered before any TwiML runs. */
      outbound?: PhoneBehaviour | undefined;
    },
  ) {
    this.scriptDigits = [...(options.script?.digits ?? [])];
    this.done = this.run();
  }

  /** Queues DTMF digits; the next `<Gather>` receives them. */
  press(digits: string): void {
    this.pendingDigits.push(digits);
    this.core.notify();
  }

  /** Hangs up from the caller's side. */
  hangup(): void {
    this.setInterrupt({ kind: 'hangup' });
  }

  /** Redirects the live call to new TwiML (REST Calls update, Members dequeue). */
  redirect(url: string, method: string, dequeued: boolean): void {
    this.setInterrupt({ kind: 'redirect', url, method, dequeued });
  }

  /** Replaces the live call's TwiML with a document (REST Calls update with Twiml). */
  replaceTwiml(twiml: string): void {
    this.setInterrupt({ kind: 'twiml', twiml });
  }

  /** Bridges this queued call to the caller that dialed its queue. */
  bridgeTo(partnerSid: string, url: string | undefined, method: string): void {
    this.setInterrupt({ kind: 'bridge', partnerSid, url, method });
  }

  private setInterrupt(interrupt: Interrupt): void {
    if (this.call.activity === 'ended') return;
    // A hangup wins over anything pending; a redirect does not undo a hangup.
    if (this.interrupt?.kind === 'hangup') return;
    this.interrupt = interrupt;
    this.core.notify();
  }

  private check(): void {
    if (this.interrupt) throw new Interrupted();
  }

  private take(): Interrupt {
    const interrupt = this.interrupt ?? { kind: 'hangup' };
    this.interrupt = null;
    return interrupt;
  }

  private setActivity(activity: CallActivity): void {
    this.call.activity = activity;
    this.call.dateUpdated = new Date();
    this.core.notify();
  }

  private event(
    type: string,
    detail?: Record<string, string | number | boolean | undefined>,
  ): void {
    this.call.events.push(detail ? { at: Date.now(), type, detail } : { at: Date.now(), type });
    this.core.notify();
  }

  /** Waits until `until()` holds or `maxSeconds` of simulated time pass; throws when interrupted. */
  private async block(until: () => boolean, maxSeconds?: number): Promise<boolean> {
    const deadline =
      maxSeconds === undefined
        ? Number.POSITIVE_INFINITY
        : Date.now() + this.core.clock.ms(maxSeconds);
    for (;;) {
      this.check();
      if (until()) return true;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await Promise.race([this.core.nextChange(), delay(Math.min(remaining, 250))]);
    }
  }

  private async sleep(seconds: number): Promise<void> {
    await this.block(() => false, seconds);
  }

  // ---- parameters and callbacks -------------------------------------------------------------

  private baseParams(): Record<string, string> {
    const c = this.call;
    return {
      AccountSid: c.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: c.sid,
      CallStatus: c.status,
      Called: c.to,
      Caller: c.from,
      Direction: c.direction,
      From: c.from,
      To: c.to,
      FromCountry: country(c.from),
      ToCountry: country(c.to),
      ...(c.parentCallSid ? { ParentCallSid: c.parentCallSid } : {}),
    };
  }

  private setStatus(status: TwilioCallStatus): void {
    this.call.status = status;
    this.call.dateUpdated = new Date();
    this.core.notify();
  }

  /** Sends one status callback in order after the previous ones (or holds it, by fault). */
  private statusEvent(event: 'initiated' | 'ringing' | 'answered' | 'completed'): void {
    const config = this.options.statusCallback;
    if (!config?.events.has(event)) return;
    const params: Record<string, string> = {
      ...this.baseParams(),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.sequence++),
      Timestamp: rfc2822(new Date()) ?? '',
    };
    if (event === 'completed' && this.call.duration !== undefined) {
      params.CallDuration = String(this.call.duration);
      params.Duration = String(Math.ceil(this.call.duration / 60));
    }
    if (this.core.faults().reverseStatusCallbacks && event !== 'completed') {
      this.heldCallbacks.push(params);
      return;
    }
    const batch = [params];
    if (event === 'completed') batch.unshift(...this.heldCallbacks.splice(0).reverse());
    if (this.core.faults().reverseStatusCallbacks) batch.reverse();
    const duplicate = this.core.faults().duplicateStatusCallbacks;
    this.callbacks = this.callbacks.then(async () => {
      for (const p of batch) await this.core.send(config.url, p, config.method, duplicate);
    });
  }

  // ---- the main loop ------------------------------------------------------------------------

  private async run(): Promise<void> {
    // Let the constructor return before the first request goes out.
    await delay(0);
    let next: Next | null = this.options.first;
    try {
      if (!(await this.connect())) return;
      while (next) {
        try {
          const doc = await this.load(next, true);
          if (!doc) break;
          if (this.answeredAt === 0) this.answer();
          const step: Step = await this.execute(doc.root.children, doc.url);
          next = step === 'continue' || step === 'end' ? null : step;
        } catch (error) {
          if (!(error instanceof Interrupted)) throw error;
          const interrupt = this.take();
          next =
            interrupt.kind === 'redirect'
              ? { kind: 'url', url: interrupt.url, method: interrupt.method }
              : interrupt.kind === 'twiml'
                ? {
                    kind: 'twiml',
                    twiml: interrupt.twiml,
                    url: this.options.first.kind === 'url' ? this.options.first.url : '',
                  }
                : null;
          if (interrupt.kind === 'hangup') this.event('hangup', { by: 'caller' });
        }
      }
    } catch (error) {
      this.event('error', { message: (error as Error).message });
    } finally {
      this.finish();
      await this.callbacks;
    }
  }

  /** Rings; for outbound calls the callee may not answer. Returns whether the call proceeds. */
  private async connect(): Promise<boolean> {
    const behaviour = this.options.outbound;
    if (!behaviour) {
      this.statusEvent('ringing');
      return true;
    }
    this.setStatus('initiated');
    this.statusEvent('initiated');
    if (behaviour.reject) {
      this.endWith(behaviour.reject);
      return false;
    }
    this.setStatus('ringing');
    this.statusEvent('ringing');
    try {
      await this.sleep(behaviour.ringSeconds);
    } catch {
      this.take();
      this.endWith('canceled');
      return false;
    }
    if (!behaviour.answer) {
      this.endWith('no-answer');
      return false;
    }
    return true;
  }

  private endWith(status: TwilioCallStatus): void {
    this.setStatus(status);
    this.call.duration = 0;
  }

  private answer(): void {
    this.answeredAt = Date.now();
    this.call.startTime = new Date();
    this.setStatus('in-progress');
    this.setActivity('ivr');
    this.statusEvent('answered');
    const after = this.options.script?.hangupAfterSeconds;
    if (after !== undefined) {
      this.hangupTimer = setTimeout(() => this.hangup(), this.core.clock.ms(after));
      this.hangupTimer.unref();
    }
  }

  private finish(): void {
    if (this.hangupTimer) clearTimeout(this.hangupTimer);
    const c = this.call;
    c.endTime = new Date();
    if (this.answeredAt > 0) {
      c.duration = Math.round(this.core.clock.secondsSince(this.answeredAt));
      if (!isFinalCallStatus(c.status)) c.status = 'completed';
    } else if (!isFinalCallStatus(c.status)) {
      c.status = 'completed';
      c.duration = 0;
    }
    delete c.queue;
    delete c.conference;
    delete c.bridgedWith;
    this.setActivity('ended');
    this.statusEvent('completed');
  }

  /**
   * Fetches a TwiML document. With `useFallback`, a failed request or unparsable document goes
   * to the fallback URL with ErrorCode and ErrorUrl, and failing that the caller hears Twilio's
   * application-error message and the call ends (returns null).
   */
  private async load(
    next: Next,
    useFallback: boolean,
  ): Promise<{ root: TwimlNode; url: string } | null> {
    if (next.kind === 'twiml') return { root: parseTwiml(next.twiml), url: next.url };
    const params = { ...this.baseParams(), ...next.params };
    const result = await this.core.send(next.url, params, next.method);
    this.check();
    this.event('request', { url: pathOf(next.url), status: result.status });
    const parsed = result.ok ? tryParse(result.body) : undefined;
    if (parsed) return { root: parsed, url: next.url };
    const errorCode = result.ok ? 12100 : (result.errorCode ?? 11200);
    this.event('webhook-failed', { url: pathOf(next.url), errorCode });
    const fallback = this.options.fallbackUrl;
    if (useFallback && fallback && next.url !== fallback) {
      const fb = await this.core.send(fallback, {
        ...params,
        ErrorCode: String(errorCode),
        ErrorUrl: next.url,
      });
      this.check();
      this.event('fallback', { url: pathOf(fallback), status: fb.status });
      const doc = fb.ok ? tryParse(fb.body) : undefined;
      if (doc) return { root: doc, url: fallback };
    }
    if (this.answeredAt === 0) this.answer();
    this.heard('Say', APPLICATION_ERROR, 'en-US', 'woman');
    return null;
  }

  private heard(verb: 'Say' | 'Play', text: string, language?: string, voice?: string): void {
    const entry: SimCall['transcript'][number] = { verb, text, at: Date.now() };
    if (language) entry.language = language;
    if (voice) entry.voice = voice;
    this.call.transcript.push(entry);
    this.core.notify();
  }

  // ---- verbs --------------------------------------------------------------------------------

  private async execute(verbs: TwimlNode[], docUrl: string): Promise<Step> {
    for (const verb of verbs) {
      this.check();
      const step = await this.verb(verb, docUrl);
      if (step !== 'continue') return step;
    }
    // Twilio hangs up when a document runs out of verbs.
    return 'end';
  }

  private async verb(node: TwimlNode, docUrl: string): Promise<Step> {
    switch (node.name) {
      case 'Say':
      case 'Play':
      case 'Pause':
        await this.media(node);
        return 'continue';
      case 'Gather':
        return this.gather(node, docUrl);
      case 'Record':
        return this.record(node, docUrl);
      case 'Enqueue':
        return this.enqueue(node, docUrl);
      case 'Dial':
        return this.dial(node, docUrl);
      case 'Redirect':
        return {
          kind: 'url',
          url: resolve(node.text, docUrl),
          method: node.attrs.method ?? 'POST',
        };
      case 'Hangup':
        this.event('hangup', { by: 'twiml' });
        return 'end';
      case 'Reject':
        this.event('reject', { reason: node.attrs.reason ?? 'rejected' });
        this.setStatus(node.attrs.reason === 'busy' ? 'busy' : 'no-answer');
        return 'end';
      case 'Leave':
        // Only meaningful in a queue's wait document; elsewhere Twilio ignores it.
        return 'continue';
      default:
        this.event('unsupported-verb', { verb: node.name });
        return 'continue';
    }
  }

  private async media(node: TwimlNode): Promise<void> {
    const loop = Math.max(1, Number(node.attrs.loop ?? 1) || 1);
    if (node.name === 'Pause') {
      await this.sleep(Number(node.attrs.length ?? 1) || 1);
      return;
    }
    for (let i = 0; i < loop; i += 1) {
      if (node.name === 'Say') {
        this.heard('Say', node.text, node.attrs.language ?? 'en-US', node.attrs.voice ?? 'man');
        await this.sleep(speechSeconds(node.text, node.attrs.language));
      } else {
        this.heard('Play', node.text);
        await this.sleep(5);
      }
    }
  }

  /** Plays the prompts, then answers from the script, the keypad buffer, or times out. */
  private async gatherDigits(node: TwimlNode): Promise<string | null> {
    this.setActivity('gathering');
    const numDigits = Number(node.attrs.numDigits ?? 0) || 0;
    const finishOnKey = node.attrs.finishOnKey ?? '#';
    const timeout = Number(node.attrs.timeout ?? 5) || 5;
    const trim = (raw: string): string => {
      let digits = raw;
      if (finishOnKey && digits.includes(finishOnKey))
        digits = digits.slice(0, digits.indexOf(finishOnKey));
      return numDigits > 0 ? digits.slice(0, numDigits) : digits;
    };
    for (const child of node.children) {
      if (this.pendingDigits.length > 0) break; // a key press interrupts the prompts
      await this.media(child);
    }
    if (this.pendingDigits.length === 0 && this.scriptDigits.length > 0) {
      const step = this.scriptDigits.shift();
      if (step === null || step === undefined) {
        await this.sleep(timeout);
        return null;
      }
      return trim(step);
    }
    const got = await this.block(() => this.pendingDigits.length > 0, timeout);
    return got ? trim(this.pendingDigits.shift() ?? '') : null;
  }

  private async gather(node: TwimlNode, docUrl: string): Promise<Step> {
    const digits = await this.gatherDigits(node);
    this.setActivity('ivr');
    if (digits === null || digits === '') {
      this.event('gather-timeout');
      if (node.attrs.actionOnEmptyResult !== 'true') return 'continue';
    } else {
      this.event('press', { digits });
    }
    return {
      kind: 'url',
      url: resolve(node.attrs.action ?? docUrl, docUrl),
      method: node.attrs.method ?? 'POST',
      params: { Digits: digits ?? '' },
    };
  }

  private async record(node: TwimlNode, docUrl: string): Promise<Step> {
    this.setActivity('recording');
    this.event('record-start');
    const seconds = Math.min(
      this.options.script?.recordSeconds ?? 5,
      Number(node.attrs.maxLength ?? 3600) || 3600,
    );
    let hungUp = false;
    const started = Date.now();
    try {
      await this.sleep(seconds);
    } catch (error) {
      if (!(error instanceof Interrupted) || this.interrupt?.kind !== 'hangup') throw error;
      hungUp = true;
    }
    const duration = Math.max(1, Math.round(this.core.clock.secondsSince(started)));
    const recording = this.core.createRecording(this.call.sid, duration);
    this.event('recorded', { recordingSid: recording.sid, duration });
    const params = {
      RecordingUrl: recording.url,
      RecordingSid: recording.sid,
      RecordingDuration: String(duration),
      Digits: hungUp ? 'hangup' : (node.attrs.finishOnKey ?? '1234567890*#').slice(-1),
    };
    const callback = node.attrs.recordingStatusCallback;
    if (callback) {
      const statusParams = {
        AccountSid: this.call.accountSid,
        CallSid: this.call.sid,
        RecordingSid: recording.sid,
        RecordingUrl: recording.url,
        RecordingStatus: 'completed',
        RecordingDuration: String(duration),
        RecordingChannels: '1',
        RecordingSource: 'RecordVerb',
        RecordingStartTime: rfc2822(new Date(started)) ?? '',
      };
      const duplicate = this.core.faults().duplicateStatusCallbacks;
      const method = node.attrs.recordingStatusCallbackMethod ?? 'POST';
      this.callbacks = this.callbacks.then(() =>
        this.core.send(resolve(callback, docUrl), statusParams, method, duplicate),
      );
    }
    const action = resolve(node.attrs.action ?? docUrl, docUrl);
    const method = node.attrs.method ?? 'POST';
    if (hungUp) {
      // Twilio still reports the recording to the action after a hang-up; the reply is ignored.
      await this.core.send(action, { ...this.baseParams(), ...params }, method);
      throw new Interrupted();
    }
    this.setActivity('ivr');
    return { kind: 'url', url: action, method, params };
  }

  // ---- queues -------------------------------------------------------------------------------

  private queueParams(queue: SimQueue): Record<string, string> {
    const index = queue.members.findIndex((m) => m.callSid === this.call.sid);
    const enqueuedAt = this.call.queue?.enqueuedAt ?? Date.now();
    const avg = queue.waits.length
      ? queue.waits.reduce((a, b) => a + b, 0) / queue.waits.length
      : 0;
    return {
      QueueSid: queue.sid,
      QueuePosition: String(index + 1),
      QueueTime: String(Math.floor(this.core.clock.secondsSince(enqueuedAt))),
      AvgQueueTime: String(Math.round(avg)),
      CurrentQueueSize: String(queue.members.length),
    };
  }

  private leaveQueue(queue: SimQueue): number {
    const waited = this.core.clock.secondsSince(this.call.queue?.enqueuedAt ?? Date.now());
    const index = queue.members.findIndex((m) => m.callSid === this.call.sid);
    if (index >= 0) {
      queue.members.splice(index, 1);
      queue.waits.push(waited);
    }
    delete this.call.queue;
    queue.dateUpdated = new Date();
    this.core.notify();
    return Math.floor(waited);
  }

  private queueAction(
    node: TwimlNode,
    docUrl: string,
    queue: SimQueue,
    result: string,
    queueTime: number,
  ): Next | null {
    this.call.queueResults.push(result);
    this.event('queue-exit', { queue: queue.friendlyName, result });
    if (!node.attrs.action) return null;
    return {
      kind: 'url',
      url: resolve(node.attrs.action, docUrl),
      method: node.attrs.method ?? 'POST',
      params: { QueueResult: result, QueueSid: queue.sid, QueueTime: String(queueTime) },
    };
  }

  /** Posts the Enqueue action as a notification whose TwiML Twilio does not run. */
  private async notifyQueueAction(next: Next | null): Promise<void> {
    if (next?.kind !== 'url') return;
    await this.core.send(next.url, { ...this.baseParams(), ...next.params }, next.method);
  }

  private async enqueue(node: TwimlNode, docUrl: string): Promise<Step> {
    const name = node.text;
    const queue = this.core.queueByName(name, true)!;
    if (queue.members.length >= queue.maxSize) {
      const next = this.queueAction(node, docUrl, queue, 'queue-full', 0);
      return next ?? 'continue';
    }
    queue.members.push({ callSid: this.call.sid, enqueuedAt: Date.now() });
    this.call.queue = { sid: queue.sid, name, enqueuedAt: Date.now() };
    this.setActivity('enqueued');
    this.event('enqueue', { queue: name });
    const waitUrl = node.attrs.waitUrl ? resolve(node.attrs.waitUrl, docUrl) : undefined;
    const waitMethod = node.attrs.waitUrlMethod ?? 'POST';
    try {
      for (;;) {
        if (!waitUrl) {
          await this.sleep(10); // Twilio's hold music
          continue;
        }
        const result = await this.core.send(
          waitUrl,
          { ...this.baseParams(), ...this.queueParams(queue) },
          waitMethod,
        );
        this.check();
        const doc = result.ok ? tryParse(result.body) : undefined;
        if (!doc) {
          await this.sleep(10);
          continue;
        }
        const outcome = await this.runWait(doc.children, waitUrl, queue);
        if (outcome === 'leave') {
          const queueTime = this.leaveQueue(queue);
          this.setActivity('ivr');
          const next = this.queueAction(node, docUrl, queue, 'leave', queueTime);
          return next ?? 'continue';
        }
        if (outcome === 'hangup') {
          const queueTime = this.leaveQueue(queue);
          this.setStatus('completed');
          await this.notifyQueueAction(this.queueAction(node, docUrl, queue, 'hangup', queueTime));
          return 'end';
        }
      }
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      const queueTime = this.leaveQueue(queue);
      const interrupt = this.interrupt;
      if (interrupt?.kind === 'bridge') {
        this.take();
        return this.bridged(node, docUrl, queue, queueTime, interrupt);
      }
      if (interrupt?.kind === 'hangup') this.setStatus('completed');
      const result = interrupt?.kind === 'hangup' ? 'hangup' : 'redirected';
      await this.notifyQueueAction(this.queueAction(node, docUrl, queue, result, queueTime));
      throw error;
    }
  }

  /** Runs a wait document; only the verbs Twilio allows there. */
  private async runWait(
    verbs: TwimlNode[],
    docUrl: string,
    queue: SimQueue,
  ): Promise<'leave' | 'hangup' | 'done'> {
    for (const node of verbs) {
      this.check();
      switch (node.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          await this.media(node);
          break;
        case 'Leave':
          return 'leave';
        case 'Hangup':
          return 'hangup';
        case 'Gather': {
          const digits = await this.gatherDigits(node);
          this.setActivity('enqueued');
          if (!digits && node.attrs.actionOnEmptyResult !== 'true') break;
          if (digits) this.event('press', { digits });
          const action = resolve(node.attrs.action ?? docUrl, docUrl);
          const result = await this.core.send(
            action,
            { ...this.baseParams(), ...this.queueParams(queue), Digits: digits ?? '' },
            node.attrs.method ?? 'POST',
          );
          this.check();
          const doc = result.ok ? tryParse(result.body) : undefined;
          return doc ? this.runWait(doc.children, action, queue) : 'done';
        }
        case 'Redirect': {
          const url = resolve(node.text, docUrl);
          const result = await this.core.send(
            url,
            { ...this.baseParams(), ...this.queueParams(queue) },
            node.attrs.method ?? 'POST',
          );
          this.check();
          const doc = result.ok ? tryParse(result.body) : undefined;
          return doc ? this.runWait(doc.children, url, queue) : 'done';
        }
        default:
          this.event('unsupported-verb', { verb: node.name, context: 'wait' });
      }
    }
    return 'done';
  }

  /** The queued caller's side of `<Dial><Queue>`: talk until either side ends. */
  private async bridged(
    node: TwimlNode,
    docUrl: string,
    queue: SimQueue,
    queueTime: number,
    bridge: Extract<Interrupt, { kind: 'bridge' }>,
  ): Promise<Step> {
    this.call.bridgedWith = bridge.partnerSid;
    this.setActivity('bridged');
    this.event('bridged', { with: bridge.partnerSid });
    const partnerGone = (): boolean => {
      const partner = this.core.callBySid(bridge.partnerSid);
      return !partner || isFinalCallStatus(partner.status) || partner.bridgedWith !== this.call.sid;
    };
    try {
      if (bridge.url) {
        const result = await this.core.send(
          bridge.url,
          {
            ...this.baseParams(),
            QueueSid: queue.sid,
            QueueTime: String(queueTime),
            DequeingCallSid: bridge.partnerSid,
          },
          bridge.method,
        );
        const doc = result.ok ? tryParse(result.body) : undefined;
        for (const child of doc?.children ?? []) await this.media(child);
      }
      await this.block(partnerGone);
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      delete this.call.bridgedWith;
      if (this.interrupt?.kind === 'hangup') this.setStatus('completed');
      await this.notifyQueueAction(this.queueAction(node, docUrl, queue, 'bridged', queueTime));
      throw error;
    }
    delete this.call.bridgedWith;
    this.setActivity('ivr');
    const next = this.queueAction(node, docUrl, queue, 'bridged', queueTime);
    return next ?? 'continue';
  }

  // ---- dial ---------------------------------------------------------------------------------

  private async dial(node: TwimlNode, docUrl: string): Promise<Step> {
    const noun: TwimlNode = node.children[0] ?? {
      name: 'Number',
      attrs: {},
      children: [],
      text: node.text,
    };
    const timeout = Number(node.attrs.timeout ?? 30) || 30;
    this.setActivity('dialing');
    this.event('dial', { noun: noun.name, target: noun.name === 'Number' ? 'number' : noun.text });
    let outcome: Record<string, string>;
    switch (noun.name) {
      case 'Queue':
        outcome = await this.dialQueue(noun, timeout);
        break;
      case 'Conference':
        outcome = await this.joinConference(noun);
        break;
      default:
        outcome = await this.dialParty(
          noun.name === 'Client' ? `client:${noun.text}` : noun.text,
          timeout,
          legCallback(noun, docUrl),
        );
    }
    this.setActivity('ivr');
    this.event('dial-end', { status: outcome.DialCallStatus });
    if (!node.attrs.action) return 'continue';
    return {
      kind: 'url',
      url: resolve(node.attrs.action, docUrl),
      method: node.attrs.method ?? 'POST',
      params: outcome,
    };
  }

  /**
   * The far end of `<Dial><Number|Client>`: rings, is refused (busy, failed), goes unanswered or
   * talks. With the noun's `statusCallback`, the leg reports its own progress as Twilio does:
   * its CallSid, `ParentCallSid` and `Direction: outbound-dial`, signed, in order.
   */
  private async dialParty(
    target: string,
    timeout: number,
    callback?: StatusCallbackConfig,
  ): Promise<Record<string, string>> {
    const behaviour = this.core.phoneBehaviour(target);
    const child = this.core.startDialedCall(this.call, target);
    const leg = new LegReporter(this.core, child, callback);
    leg.send('initiated');
    const end = (status: TwilioCallStatus): void => {
      this.core.endVirtualCall(child, status);
      leg.send('completed');
    };
    try {
      if (behaviour.reject) {
        end(behaviour.reject);
        return { DialCallStatus: behaviour.reject, DialCallSid: child.sid, DialCallDuration: '0' };
      }
      leg.send('ringing');
      const answers = behaviour.answer && behaviour.ringSeconds < timeout;
      await this.sleep(answers ? behaviour.ringSeconds : timeout);
      if (!answers) {
        end('no-answer');
        return { DialCallStatus: 'no-answer', DialCallSid: child.sid, DialCallDuration: '0' };
      }
      child.status = 'in-progress';
      child.startTime = new Date();
      child.bridgedWith = this.call.sid;
      this.call.bridgedWith = child.sid;
      leg.send('answered');
      this.setActivity('bridged');
      const started = Date.now();
      await this.block(() => isFinalCallStatus(child.status), behaviour.talkSeconds);
      const talked = Math.round(this.core.clock.secondsSince(started));
      end('completed');
      return {
        DialCallStatus: 'completed',
        DialCallSid: child.sid,
        DialCallDuration: String(talked),
      };
    } finally {
      delete this.call.bridgedWith;
      // The caller hung up while the leg rang or talked: the leg ends with the call.
      if (!isFinalCallStatus(child.status)) end(child.startTime ? 'completed' : 'canceled');
      await leg.flushed();
    }
  }

  private async dialQueue(noun: TwimlNode, timeout: number): Promise<Record<string, string>> {
    const queue = this.core.queueByName(noun.text, false);
    if (!queue) return { DialCallStatus: 'failed' };
    const found = await this.block(() => queue.members.length > 0, timeout);
    const front = found ? queue.members.shift() : undefined;
    const member = front ? this.core.runnerFor(front.callSid) : undefined;
    if (!front || !member) return { DialCallStatus: 'no-answer', QueueSid: queue.sid };
    queue.waits.push(this.core.clock.secondsSince(front.enqueuedAt));
    this.call.bridgedWith = front.callSid;
    this.setActivity('bridged');
    member.bridgeTo(this.call.sid, noun.attrs.url, noun.attrs.method ?? 'POST');
    const started = Date.now();
    try {
      await this.block(() => {
        const other = this.core.callBySid(front.callSid);
        return (
          !other ||
          isFinalCallStatus(other.status) ||
          (other.bridgedWith !== this.call.sid && other.activity !== 'enqueued')
        );
      });
    } finally {
      delete this.call.bridgedWith;
      this.core.notify();
    }
    return {
      DialCallStatus: 'completed',
      DialCallSid: front.callSid,
      DialCallDuration: String(Math.round(this.core.clock.secondsSince(started))),
      QueueSid: queue.sid,
    };
  }

  private async joinConference(noun: TwimlNode): Promise<Record<string, string>> {
    const conference = this.core.conferenceByName(noun.text);
    const participant = {
      callSid: this.call.sid,
      muted: noun.attrs.muted === 'true',
      hold: false,
      startConferenceOnEnter: noun.attrs.startConferenceOnEnter !== 'false',
      endConferenceOnExit: noun.attrs.endConferenceOnExit === 'true',
      status: 'connected' as const,
      dateCreated: new Date(),
      dateUpdated: new Date(),
    };
    conference.participants.push(participant);
    this.call.conference = conference.friendlyName;
    this.setActivity('conference');
    this.core.updateConference(conference);
    try {
      await this.block(
        () => conference.status === 'completed' || !conference.participants.includes(participant),
      );
    } finally {
      const index = conference.participants.indexOf(participant);
      if (index >= 0) conference.participants.splice(index, 1);
      delete this.call.conference;
      if (participant.endConferenceOnExit && conference.status !== 'completed') {
        conference.status = 'completed';
      }
      this.core.updateConference(conference);
    }
    return { DialCallStatus: 'completed', ConferenceSid: conference.sid };
  }
}

/** A `<Number>` or `<Client>` noun's own status callback, as Twilio reads its attributes. */
function legCallback(noun: TwimlNode, docUrl: string): StatusCallbackConfig | undefined {
  const url = noun.attrs.statusCallback;
  if (!url) return undefined;
  // Twilio's default for a noun's statusCallbackEvent is `completed` alone.
  const events = (noun.attrs.statusCallbackEvent ?? 'completed').split(/[\s,]+/).filter(Boolean);
  return {
    url: resolve(url, docUrl),
    method: noun.attrs.statusCallbackMethod ?? 'POST',
    events: new Set([...events, 'completed']),
  };
}

/** Sends a dialed leg's status callbacks one after another (the leg has no TwiML of its own). */
class LegReporter {
  private sequence = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly core: SimulatorCore,
    private readonly leg: SimCall,
    private readonly config: StatusCallbackConfig | undefined,
  ) {}

  send(event: 'initiated' | 'ringing' | 'answered' | 'completed'): void {
    const config = this.config;
    if (!config?.events.has(event)) return;
    const c = this.leg;
    const status: string =
      event === 'answered' ? 'in-progress' : event === 'completed' ? c.status : event;
    const params: Record<string, string> = {
      AccountSid: c.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: c.sid,
      CallStatus: status,
      Called: c.to,
      Caller: c.from,
      Direction: c.direction,
      From: c.from,
      To: c.to,
      ...(c.parentCallSid ? { ParentCallSid: c.parentCallSid } : {}),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.sequence++),
      Timestamp: rfc2822(new Date()) ?? '',
    };
    if (event === 'completed') {
      params.CallDuration = String(c.duration ?? 0);
      params.Duration = String(Math.ceil((c.duration ?? 0) / 60));
    }
    const duplicate = this.core.faults().duplicateStatusCallbacks;
    this.chain = this.chain.then(() =>
      this.core.send(config.url, params, config.method, duplicate),
    );
  }

  /** Resolves once every callback sent so far has been delivered (or has failed). */
  async flushed(): Promise<void> {
    await this.chain.catch(() => undefined);
  }
}

function tryParse(body: string): TwimlNode | undefined {
  try {
    return parseTwiml(body);
  } catch {
    return undefined;
  }
}

function resolve(url: string, base: string): string {
  try {
    return new URL(url, base).toString();
  } catch {
    return url;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function country(number: string): string {
  if (number.startsWith('+86')) return 'CN';
  if (number.startsWith('+1')) return 'US';
  if (number.startsWith('+44')) return 'GB';
  return '';
}
