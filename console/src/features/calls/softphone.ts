import type { TAnswerCallResponse, TCallSummary, TSoftphoneToken } from '@hutong/shared';

/** Where the operator's call stands: connecting → in call → ended; idle when there is none. */
export type SoftphoneStatus = 'idle' | 'connecting' | 'in_call' | 'ended';

/** The call the softphone is on, as far as the console needs to show it. */
export interface SoftphoneCall {
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
  on(event: 'accept' | 'disconnect' | 'cancel', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  disconnect(): void;
}

/** The slice of Twilio's Voice SDK `Device` the softphone uses (`new Device(token)`). */
export interface TwilioVoiceDevice {
  connect(options: { params: Record<string, string> }): Promise<TwilioVoiceCall>;
  destroy(): void;
}

/** Builds a Voice SDK device from an access token (e.g. `(token) => new Device(token)`). */
export type TwilioVoiceLoader = () => Promise<(token: string) => TwilioVoiceDevice>;

/** The console was told to use Twilio's Voice SDK, but the SDK is not part of this build. */
export class SoftphoneUnavailableError extends Error {
  constructor() {
    super(
      'The Twilio Voice SDK (@twilio/voice-sdk) is not bundled in this console build: add it ' +
        'and pass a loader to createSoftphone to take calls with audio.',
    );
    this.name = 'SoftphoneUnavailableError';
  }
}

/** The loader used when none is given: this build ships without the SDK. */
export const missingTwilioVoice: TwilioVoiceLoader = () =>
  Promise.reject(new SoftphoneUnavailableError());

/**
 * Production: the operator's browser joins the case's conference through Twilio's Voice SDK
 * (the TwiML App named by TWILIO_TWIML_APP_SID receives the `conference` parameter).
 */
export class TwilioSoftphone extends BaseSoftphone {
  readonly mode = 'twilio';
  private active: TwilioVoiceCall | null = null;

  constructor(private readonly device: TwilioVoiceDevice) {
    super();
  }

  override answered(response: TAnswerCallResponse): void {
    super.answered(response);
    void this.device
      .connect({ params: { conference: response.conference } })
      .then((call) => {
        this.active = call;
        call.on('accept', () => this.set({ ...this.state, status: 'in_call' }));
        call.on('disconnect', () => this.set({ ...this.state, status: 'ended' }));
        call.on('error', (error) => this.set({ ...this.state, error }));
      })
      .catch((error: unknown) => this.set({ ...this.state, error }));
  }

  hangUp(): Promise<void> {
    this.active?.disconnect();
    this.active = null;
    return Promise.resolve();
  }

  override destroy(): void {
    super.destroy();
    this.device.destroy();
  }
}

/**
 * Picks the implementation from `GET /api/calls/softphone`: Twilio only when the backend minted
 * a token (and the SDK loads: else SoftphoneUnavailableError), simulated otherwise.
 */
export async function createSoftphone(
  setup: TSoftphoneToken,
  deps: { endCall: (callId: string) => Promise<unknown>; loadTwilioVoice?: TwilioVoiceLoader },
): Promise<Softphone> {
  switch (setup.mode) {
    case 'simulated':
      return new SimulatedSoftphone(deps.endCall);
    case 'twilio': {
      const makeDevice = await (deps.loadTwilioVoice ?? missingTwilioVoice)();
      return new TwilioSoftphone(makeDevice(setup.token));
    }
  }
}
