import type { TwilioIncomingCall } from './softphone';

/**
 * Where the browser's leg of a check-in call stands: registering the device, waiting for
 * Twilio to ring it, answering (the microphone is asked for), connected, ended.
 */
export type ReceptionStatus = 'registering' | 'waiting' | 'connecting' | 'connected' | 'ended';

export interface ReceptionState {
  status: ReceptionStatus;
  /** The last problem (microphone refused, token expired, device error); the call may go on. */
  error: unknown;
}

/** What a Voice SDK error means to the person on the call. */
export type ReceptionProblem = 'microphone' | 'token' | 'other';

// Twilio's error codes: https://www.twilio.com/docs/api/errors (31401 and 31402 are the SDK's
// UserMediaErrors, 31208 the 1.x code for a refused microphone; 20104 AccessTokenExpired).
const MICROPHONE_CODES = new Set([31401, 31402, 31208]);
const TOKEN_CODES = new Set([20104]);

/** The Twilio error code of a Voice SDK error, if it has one. */
export function twilioErrorCode(error: unknown): number | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : null;
}

/** Sorts a Voice SDK (or browser) error into what the dialog says about it. */
export function receptionProblem(error: unknown): ReceptionProblem {
  const code = twilioErrorCode(error);
  if (code !== null && MICROPHONE_CODES.has(code)) return 'microphone';
  if ((error as { name?: unknown } | null)?.name === 'NotAllowedError') return 'microphone';
  if (code !== null && TOKEN_CODES.has(code)) return 'token';
  return 'other';
}

/**
 * The browser's side of one check-in call taken on the softphone. The backend has Twilio ring
 * `client:operator-<user id>`; this accepts the incoming call whose CallSid is the check-in's
 * staff leg (`staffCallSid`) and refuses any other. A call may ring before the start response
 * names its CallSid, so calls are held until `expect` says which one is ours.
 */
export class CheckinReception {
  private state: ReceptionState = { status: 'registering', error: null };
  private readonly listeners = new Set<() => void>();
  private expected: string | null = null;
  private held: TwilioIncomingCall[] = [];
  private call: TwilioIncomingCall | null = null;
  /** Settles once the device is registered; rejects (and ends this) when it cannot register. */
  readonly ready: Promise<void>;

  constructor(
    register: () => Promise<void>,
    /** Called once when this ends, for the softphone to unregister the device. */
    private readonly release: (reception: CheckinReception) => void,
  ) {
    this.ready = register().then(
      () => {
        if (this.state.status === 'registering') this.set({ ...this.state, status: 'waiting' });
      },
      (error: unknown) => {
        this.fail(error);
        this.close();
        throw error;
      },
    );
  }

  getState = (): ReceptionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private set(state: ReceptionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  /** A call rang the device (the softphone's `incoming` listener). */
  offer(call: TwilioIncomingCall): void {
    if (this.state.status === 'ended' || this.call) return call.reject();
    if (this.expected === null) {
      this.held.push(call);
      // The caller may give up before we know: forget it then.
      call.on('cancel', () => {
        this.held = this.held.filter((c) => c !== call);
      });
      return;
    }
    if (call.parameters.CallSid === this.expected) this.take(call);
    else call.reject();
  }

  /** The check-in call was placed: its staff leg is the incoming call with this CallSid. */
  expect(staffCallSid: string): void {
    if (this.state.status === 'ended') return;
    this.expected = staffCallSid;
    const held = this.held;
    this.held = [];
    for (const call of held) {
      if (!this.call && call.parameters.CallSid === staffCallSid) this.take(call);
      else call.reject();
    }
  }

  private take(call: TwilioIncomingCall): void {
    this.call = call;
    this.set({ ...this.state, status: 'connecting' });
    call.on('accept', () => {
      if (this.call === call) this.set({ ...this.state, status: 'connected' });
    });
    const gone = () => {
      if (this.call !== call) return;
      this.call = null;
      this.close();
    };
    call.on('disconnect', gone);
    call.on('cancel', gone);
    call.on('reject', gone);
    call.on('error', (error) => {
      if (this.call === call) this.fail(error);
    });
    call.accept();
  }

  /** A problem to show; the call goes on unless Twilio ends it. */
  fail(error: unknown): void {
    this.set({ ...this.state, error });
  }

  /** The person hangs up: drops the browser's leg (or refuses it if it has not rung yet). */
  hangUp(): void {
    this.close();
  }

  /** Ends this: refuses held calls, drops the one in progress, and releases the device. */
  close(): void {
    if (this.state.status === 'ended') return;
    const call = this.call;
    this.call = null;
    const held = this.held;
    this.held = [];
    this.set({ ...this.state, status: 'ended' });
    for (const waiting of held) waiting.reject();
    call?.disconnect();
    this.release(this);
  }
}
