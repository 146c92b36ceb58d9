import type { TAnswerCallResponse, TCallSummary, TSoftphoneToken } from '@hutong/shared';
import { CheckinReception, receptionProblem } from './checkin-reception';

/** Where the operator's call stands: connecting → in call → ended; idle when there is none. */
export type SoftphoneStatus = 'idle' | 'connecting' | 'in_call' | 'ended';

/** The call the softphone is on, as far as the console needs to show it. */
interface SoftphoneCall {
  callId: string;
  caseId: string;
  caseReference: string;
  maskedNumber: string;
}

export interface SoftphoneState {
  status: SoftphoneStatus;
  call: SoftphoneCall | null;
  /** Why the last hang-up failed, if it did (the call goes on). */
  error: unknown;
}

/**
 * The operator's phone in the browser. The backend bridges the caller into a conference named
 * after the case when the operator answers; the softphone follows that call and ends it.
 */
export interface Softphone {
  readonly mode: TSoftphoneToken['mode'];
  getState(): SoftphoneState;
  /** Listens to state changes; returns the unsubscribe function. */
  subscribe(listener: (state: SoftphoneState) => void): () => void;
  /** The operator answered (the answer response): join the call. */
  answered(response: TAnswerCallResponse): void;
  /** A `call.updated` from the server; calls other than the current one are ignored. */
  callUpdated(call: TCallSummary): void;
  /** Ends the call. */
  hangUp(): Promise<void>;
  /** Clears an ended call from view. */
  dismiss(): void;
  /**
   * A check-in call is about to ring this browser (`softphone: true`): registers the device for
   * incoming calls until the returned reception ends. Null when there is no real device (the
   * simulator answers `client:` legs itself).
   */
  receiveCheckin(): CheckinReception | null;
  /** Releases the device (sign-out, unmount). */
  destroy(): void;
}

const IDLE: SoftphoneState = { status: 'idle', call: null, error: null };
const RECENT_MAX = 100;

function statusOf(call: TCallSummary): SoftphoneStatus | null {
  switch (call.status) {
    case 'ringing':
      return 'connecting';
    case 'in_progress':
      return 'in_call';
    case 'completed':
    case 'abandoned':
    case 'voicemail':
    case 'callback':
      return 'ended';
    case 'ivr':
    case 'queued':
      return null;
  }
}

/** State bookkeeping both implementations share. */
abstract class BaseSoftphone implements Softphone {
  abstract readonly mode: TSoftphoneToken['mode'];
  protected state: SoftphoneState = IDLE;
  private readonly listeners = new Set<(state: SoftphoneState) => void>();
  // The bridge may report the call connected before the answer response arrives: keep the
  // latest update of calls not (yet) ours so `answered` can catch up with it.
  private readonly recent = new Map<string, TCallSummary>();

  getState(): SoftphoneState {
    return this.state;
  }

  subscribe(listener: (state: SoftphoneState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  protected set(state: SoftphoneState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  answered(response: TAnswerCallResponse): void {
    this.set({
      status: statusOf(response.call) === 'in_call' ? 'in_call' : 'connecting',
      call: {
        callId: response.call.id,
        caseId: response.case.id,
        caseReference: response.case.reference,
        maskedNumber: response.call.maskedNumber,
      },
      error: null,
    });
    const earlier = this.recent.get(response.call.id);
    this.recent.clear();
    if (earlier && Date.parse(earlier.updatedAt) >= Date.parse(response.call.updatedAt)) {
      this.callUpdated(earlier);
    }
  }

  callUpdated(call: TCallSummary): void {
    const current = this.state.call;
    if (!current || current.callId !== call.id) {
      this.recent.delete(call.id);
      this.recent.set(call.id, call);
      if (this.recent.size > RECENT_MAX) this.recent.delete(this.recent.keys().next().value!);
      return;
    }
    if (this.state.status === 'ended') return;
    const status = statusOf(call);
    if (status && status !== this.state.status) this.set({ ...this.state, status });
  }

  abstract hangUp(): Promise<void>;

  dismiss(): void {
    if (this.state.status === 'ended') this.set(IDLE);
  }

  receiveCheckin(): CheckinReception | null {
    return null;
  }

  destroy(): void {
    this.listeners.clear();
  }
}

/**
 * Development and tests: no audio. State comes from the answer response and `call.updated`
 * events; hanging up asks the backend to end the caller's leg, and the event that follows
 * moves the state to ended.
 */
export class SimulatedSoftphone extends BaseSoftphone {
  readonly mode = 'simulated';

  constructor(private readonly endCall: (callId: string) => Promise<unknown>) {
    super();
  }

  async hangUp(): Promise<void> {
    const call = this.state.call;
    if (!call || this.state.status === 'ended' || this.state.status === 'idle') return;
    try {
      await this.endCall(call.callId);
      if (this.state.error !== null) this.set({ ...this.state, error: null });
    } catch (error) {
      this.set({ ...this.state, error });
    }
  }
}

/** The slice of Twilio's Voice SDK `Call` the softphone uses. */
export interface TwilioVoiceCall {
  on(event: 'accept' | 'disconnect' | 'cancel' | 'reject', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  disconnect(): void;
}

/** The slice of a Voice SDK `Call` that rings the device (the `incoming` event's argument). */
export interface TwilioIncomingCall extends TwilioVoiceCall {
  /** Twilio's parameters of the incoming call: `CallSid`, `From`, `To`… */
  readonly parameters: Record<string, string>;
  /** `<Parameter>`s the TwiML (or the REST API's `client:…?name=value`) put on the call. */
  readonly customParameters: Map<string, string>;
  /** Answers: the SDK asks for the microphone, then fires `accept` (or `error`). */
  accept(): void;
  /** Refuses a call that has not been accepted; Twilio ends that leg. */
  reject(): void;
}

/** The slice of Twilio's Voice SDK `Device` the softphone uses (`new Device(token)`). */
export interface TwilioVoiceDevice {
  connect(options: { params: Record<string, string> }): Promise<TwilioVoiceCall>;
  /** Makes the device reachable as `client:<identity>` (incoming calls), until `unregister`. */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** Swaps in a fresh access token without dropping a call in progress. */
  updateToken(token: string): void;
  /** `tokenWillExpire` fires shortly before the token runs out; `error` on device failures. */
  on(event: 'tokenWillExpire', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** A call rings this (registered) device. */
  on(event: 'incoming', listener: (call: TwilioIncomingCall) => void): unknown;
  destroy(): void;
}

/** Builds a Voice SDK device from an access token (e.g. `(token) => new Device(token)`). */
export type TwilioDeviceFactory = (token: string) => TwilioVoiceDevice;

/** Loads the Voice SDK (lazily: simulated consoles never fetch it) and returns a device factory. */
export type TwilioVoiceLoader = () => Promise<TwilioDeviceFactory>;

/** The console was told to use Twilio's Voice SDK, but it could not load or is not supported. */
export class SoftphoneUnavailableError extends Error {
  constructor(reason: string) {
    super(`The Twilio Voice SDK is unavailable: ${reason}`);
    this.name = 'SoftphoneUnavailableError';
  }
}

/**
 * Production: the operator's browser joins the case's conference through Twilio's Voice SDK.
 * `device.connect({ params: { conference } })` makes Twilio request the TwiML App's Voice URL
 * (`POST /twilio/voice/client`), which checks this operator answered that call and answers
 * `<Dial><Conference>`. The token is refreshed through `GET /api/calls/softphone` before it
 * expires (or once it has); device and call errors go into the state for the call bar to show.
 * For a check-in call taken in the browser the device registers for incoming calls
 * (`receiveCheckin`); an incoming call nobody is waiting for is refused.
 */
export class TwilioSoftphone extends BaseSoftphone {
  readonly mode = 'twilio';
  private active: TwilioVoiceCall | null = null;
  private reception: CheckinReception | null = null;
  private destroyed = false;

  constructor(
    private readonly device: TwilioVoiceDevice,
    private readonly deps: {
      /** A fresh access token (the token route again). */
      refreshToken: () => Promise<string>;
      /** Ends the caller's leg through the backend when there is no audio leg to drop. */
      endCall: (callId: string) => Promise<unknown>;
    },
  ) {
    super();
    device.on('tokenWillExpire', () => this.renewToken());
    device.on('error', (error) => {
      this.deviceFailed(error);
      // Expired before it could be renewed (a sleeping laptop): renew it now, as ahead of time.
      if (receptionProblem(error) === 'token') this.renewToken();
    });
    device.on('incoming', (call) => {
      if (!this.destroyed && this.reception) this.reception.offer(call);
      else call.reject();
    });
  }

  private renewToken(): void {
    this.deps
      .refreshToken()
      .then((token) => {
        if (!this.destroyed) this.device.updateToken(token);
      })
      .catch((error: unknown) => this.deviceFailed(error));
  }

  private fail(error: unknown): void {
    if (!this.destroyed) this.set({ ...this.state, error });
  }

  /** A device or token problem concerns the hotline call and a check-in call alike. */
  private deviceFailed(error: unknown): void {
    if (this.destroyed) return;
    this.fail(error);
    this.reception?.fail(error);
  }

  override receiveCheckin(): CheckinReception {
    // An earlier check-in's reception ends without unregistering: this one registers at once.
    const earlier = this.reception;
    this.reception = null;
    earlier?.close();
    const reception = new CheckinReception(
      () => this.device.register(),
      (done) => {
        if (this.reception !== done) return;
        this.reception = null;
        // Nothing else listens for incoming calls: stop being reachable.
        if (!this.destroyed) this.device.unregister().catch(() => undefined);
      },
    );
    this.reception = reception;
    return reception;
  }

  override answered(response: TAnswerCallResponse): void {
    this.active?.disconnect();
    this.active = null;
    super.answered(response);
    const callId = response.call.id;
    const mine = () => !this.destroyed && this.state.call?.callId === callId;
    void this.device
      .connect({ params: { conference: response.conference } })
      .then((call) => {
        if (!mine()) return call.disconnect();
        this.active = call;
        const gone = () => {
          if (this.active === call) this.active = null;
          if (mine()) this.set({ ...this.state, status: 'ended' });
        };
        call.on('accept', () => {
          if (mine() && this.state.status !== 'ended') {
            this.set({ ...this.state, status: 'in_call' });
          }
        });
        call.on('disconnect', gone);
        call.on('cancel', gone);
        call.on('reject', gone);
        call.on('error', (error) => {
          if (mine()) this.fail(error);
        });
      })
      .catch((error: unknown) => {
        if (mine()) this.fail(error);
      });
  }

  async hangUp(): Promise<void> {
    const call = this.state.call;
    if (!call || this.state.status === 'ended' || this.state.status === 'idle') return;
    if (this.active) {
      // Leaving the conference ends it (endConferenceOnExit), and with it the caller's call.
      this.active.disconnect();
      return;
    }
    // No audio leg (it failed to connect): end the caller's leg through the backend.
    try {
      await this.deps.endCall(call.callId);
      if (this.state.error !== null) this.set({ ...this.state, error: null });
    } catch (error) {
      this.fail(error);
    }
  }

  override destroy(): void {
    this.reception?.close();
    this.destroyed = true;
    this.active?.disconnect();
    this.active = null;
    super.destroy();
    this.device.destroy();
  }
}

/**
 * Picks the implementation from `GET /api/calls/softphone`: Twilio only when the backend minted
 * a token (loading the SDK then, and only then), simulated otherwise.
 */
export async function createSoftphone(
  setup: TSoftphoneToken,
  deps: {
    endCall: (callId: string) => Promise<unknown>;
    /** A fresh token for the Twilio device (required in Twilio mode). */
    refreshToken?: () => Promise<string>;
    /** Defaults to the lazily imported `@twilio/voice-sdk`. */
    loadTwilioVoice?: TwilioVoiceLoader;
  },
): Promise<Softphone> {
  switch (setup.mode) {
    case 'simulated':
      return new SimulatedSoftphone(deps.endCall);
    case 'twilio': {
      const load = deps.loadTwilioVoice ?? (await import('./twilio-device')).loadTwilioVoice;
      const makeDevice = await load();
      return new TwilioSoftphone(makeDevice(setup.token), {
        endCall: deps.endCall,
        refreshToken:
          deps.refreshToken ??
          (() => Promise.reject(new SoftphoneUnavailableError('no way to refresh the token'))),
      });
    }
  }
}
