/**
 * A stand-in for `@twilio/voice-sdk` (the outside world: the real SDK talks to Twilio's cloud,
 * which tests cannot reach), for `vi.mock('@twilio/voice-sdk', …)`. It emulates the documented
 * API the console uses (https://twilio.github.io/twilio-voice.js/): `new Device(token, options)`,
 * `Device.isSupported`, `register()` / `unregister()` (promises; `registered` / `unregistered`
 * events), `updateToken()`, `connect()`, `destroy()`, the `incoming`, `error` and
 * `tokenWillExpire` events; and on `Call`: `parameters`, `customParameters` (a Map), `accept()`
 * (asks for the microphone, then fires `accept` or `error`), `reject()`, `disconnect()`,
 * `status()`, and the `accept`, `disconnect`, `cancel`, `reject` and `error` events. Tests play
 * Twilio's side with `Device.ring`, `Call.hangUpRemotely` and `fakeTwilio`.
 */

type Listener = (...args: never[]) => void;

/** The SDK's objects are Node-style event emitters. */
class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  protected emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as (...a: unknown[]) => void)(...args);
    }
  }
}

/** An SDK error: an Error with Twilio's numeric code (e.g. 31401, 20104). */
export function twilioError(code: number, message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code, name: 'TwilioError' });
}

/** What Twilio's cloud and the browser will do next; reset between tests. */
export const fakeTwilio = {
  /** The browser refuses the microphone when a call is accepted (31401 in the SDK). */
  microphoneRefused: false,
  /** `register()` rejects with this. */
  registerFailure: null as Error | null,
  reset(): void {
    this.microphoneRefused = false;
    this.registerFailure = null;
    Device.instances.length = 0;
  },
};

/** Lets the SDK's asynchronous steps (getUserMedia, signalling) run first. */
const later = (step: () => void) => void Promise.resolve().then(step);

export class Call extends Emitter {
  private state: 'pending' | 'connecting' | 'open' | 'closed' = 'pending';

  constructor(
    readonly parameters: Record<string, string>,
    readonly customParameters: Map<string, string>,
  ) {
    super();
  }

  status(): string {
    return this.state;
  }

  accept(): void {
    if (this.state !== 'pending') return;
    this.state = 'connecting';
    later(() => {
      if (this.state !== 'connecting') return;
      if (fakeTwilio.microphoneRefused) {
        this.emit('error', twilioError(31401, 'UserMediaError: Permission denied'));
        return;
      }
      this.state = 'open';
      this.emit('accept', this);
    });
  }

  reject(): void {
    if (this.state !== 'pending') return;
    this.state = 'closed';
    this.emit('reject');
  }

  disconnect(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.emit('disconnect', this);
  }

  /** Twilio's side: the far end hung up (before an answer, the SDK calls it a cancel). */
  hangUpRemotely(): void {
    if (this.state === 'pending') {
      this.state = 'closed';
      this.emit('cancel');
    } else this.disconnect();
  }
}

export class Device extends Emitter {
  static isSupported = true;
  /** Every device made, newest last. */
  static readonly instances: Device[] = [];
  state: 'unregistered' | 'registering' | 'registered' | 'destroyed' = 'unregistered';
  readonly tokens: string[] = [];
  /** Incoming calls that rang this device. */
  readonly incoming: Call[] = [];

  constructor(
    token: string,
    readonly options: Record<string, unknown> = {},
  ) {
    super();
    this.tokens.push(token);
    Device.instances.push(this);
  }

  async register(): Promise<void> {
    if (this.state === 'destroyed') throw new Error('InvalidStateError: destroyed');
    this.state = 'registering';
    await Promise.resolve();
    if (fakeTwilio.registerFailure) {
      this.state = 'unregistered';
      throw fakeTwilio.registerFailure;
    }
    this.state = 'registered';
    this.emit('registered');
  }

  async unregister(): Promise<void> {
    await Promise.resolve();
    if (this.state === 'destroyed') return;
    this.state = 'unregistered';
    this.emit('unregistered');
  }

  updateToken(token: string): void {
    this.tokens.push(token);
  }

  connect(options: { params?: Record<string, string> } = {}): Promise<Call> {
    return Promise.resolve(new Call({}, new Map(Object.entries(options.params ?? {}))));
  }

  destroy(): void {
    this.state = 'destroyed';
    this.emit('destroyed');
  }

  /** Twilio's side: an error on the device (e.g. 20104, the token expired). */
  fail(error: Error): void {
    this.emit('error', error);
  }

  /** Twilio rings `client:<identity>`: only a registered device hears it. */
  ring(parameters: Record<string, string>, custom: Record<string, string> = {}): Call | null {
    if (this.state !== 'registered') return null;
    const call = new Call(parameters, new Map(Object.entries(custom)));
    this.incoming.push(call);
    this.emit('incoming', call);
    return call;
  }
}
