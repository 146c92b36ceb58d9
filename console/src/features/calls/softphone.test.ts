import { describe, expect, it } from 'vitest';
import { AppError } from '@hutong/shared';
import type { TAnswerCallResponse, TCallSummary } from '@hutong/shared';
import { buildCase, uuid } from '../../test/factories';
import {
  SimulatedSoftphone,
  SoftphoneUnavailableError,
  TwilioSoftphone,
  createSoftphone,
} from './softphone';
import { receptionProblem } from './checkin-reception';
import type {
  SoftphoneStatus,
  TwilioIncomingCall,
  TwilioVoiceCall,
  TwilioVoiceDevice,
} from './softphone';

const callId = uuid();
const theCase = buildCase({ reference: 'HT-SOFT-0001' });

function summary(status: TCallSummary['status']): TCallSummary {
  return {
    id: callId,
    status,
    maskedNumber: '+86 138****0000',
    language: 'zh-CN',
    option: 'immediate_danger',
    urgent: true,
    queuedAt: new Date().toISOString(),
    waitSeconds: 12,
    position: null,
    answeredBy: { id: uuid(), displayName: 'Operator One' },
    caseId: theCase.id,
    caseReference: theCase.reference,
    escalated: false,
    updatedAt: new Date().toISOString(),
  };
}

const answer = (status: TCallSummary['status'] = 'ringing'): TAnswerCallResponse => ({
  call: summary(status),
  case: theCase,
  conference: theCase.reference,
});

describe('SimulatedSoftphone', () => {
  it('goes connecting → in call → ended from the answer and call.updated events', async () => {
    const ended: string[] = [];
    const phone = new SimulatedSoftphone((id) => {
      ended.push(id);
      return Promise.resolve();
    });
    const seen: SoftphoneStatus[] = [];
    phone.subscribe((s) => seen.push(s.status));
    expect(phone.getState().status).toBe('idle');

    phone.answered(answer());
    expect(phone.getState()).toMatchObject({
      status: 'connecting',
      call: { callId, caseId: theCase.id, caseReference: 'HT-SOFT-0001' },
    });
    // Another caller's events do not touch this call.
    phone.callUpdated({ ...summary('completed'), id: uuid() });
    phone.callUpdated(summary('in_progress'));
    expect(phone.getState().status).toBe('in_call');

    await phone.hangUp();
    expect(ended).toEqual([callId]);
    // Still in the call until the server says it ended.
    expect(phone.getState().status).toBe('in_call');
    phone.callUpdated(summary('completed'));
    expect(phone.getState().status).toBe('ended');
    // A late update never moves an ended call back.
    phone.callUpdated(summary('in_progress'));
    expect(phone.getState().status).toBe('ended');
    phone.dismiss();
    expect(phone.getState().status).toBe('idle');
    expect(seen).toEqual(['connecting', 'in_call', 'ended', 'idle']);
  });

  it('catches up with a "connected" update that arrived before the answer response', () => {
    const phone = new SimulatedSoftphone(() => Promise.resolve());
    const response = answer('ringing');
    phone.callUpdated({
      ...summary('in_progress'),
      updatedAt: new Date(Date.parse(response.call.updatedAt) + 500).toISOString(),
    });
    expect(phone.getState().status).toBe('idle');
    phone.answered(response);
    expect(phone.getState().status).toBe('in_call');
  });

  it('keeps the call and shows the error when hanging up fails', async () => {
    const phone = new SimulatedSoftphone(() =>
      Promise.reject(new AppError('FORBIDDEN', { message: 'no' })),
    );
    phone.answered(answer('in_progress'));
    expect(phone.getState().status).toBe('in_call');
    await phone.hangUp();
    expect(phone.getState().status).toBe('in_call');
    expect(phone.getState().error).toBeInstanceOf(AppError);
  });
});

/**
 * A stand-in for Twilio's Voice SDK `Device` (the outside world: its calls go to Twilio's
 * cloud), driven by the test: it records connects and tokens and lets the test play Twilio's
 * events.
 */
class FakeDevice implements TwilioVoiceDevice {
  readonly connects: Array<Record<string, string>> = [];
  readonly tokens: string[] = [];
  readonly calls: FakeCall[] = [];
  destroyed = false;
  failConnect: Error | null = null;
  failRegister: Error | null = null;
  registered = false;
  /** register / unregister, in the order asked. */
  readonly registrations: string[] = [];
  private readonly listeners = new Map<string, (arg: never) => void>();

  constructor(token: string) {
    this.tokens.push(token);
  }

  connect(options: { params: Record<string, string> }): Promise<TwilioVoiceCall> {
    this.connects.push(options.params);
    if (this.failConnect) return Promise.reject(this.failConnect);
    const call = new FakeCall();
    this.calls.push(call);
    return Promise.resolve(call);
  }

  register(): Promise<void> {
    this.registrations.push('register');
    if (this.failRegister) return Promise.reject(this.failRegister);
    this.registered = true;
    return Promise.resolve();
  }

  unregister(): Promise<void> {
    this.registrations.push('unregister');
    this.registered = false;
    return Promise.resolve();
  }

  updateToken(token: string): void {
    this.tokens.push(token);
  }

  on(event: string, listener: (arg: never) => void): this {
    this.listeners.set(event, listener);
    return this;
  }

  /** Twilio's SDK fires an event on the device. */
  fire(event: 'tokenWillExpire' | 'error', error?: Error): void {
    (this.listeners.get(event) as ((error?: Error) => void) | undefined)?.(error);
  }

  /** Twilio rings the registered device (`client:<identity>`) with a call of this CallSid. */
  ring(callSid: string): FakeIncomingCall {
    const call = new FakeIncomingCall(callSid);
    (this.listeners.get('incoming') as ((call: TwilioIncomingCall) => void) | undefined)?.(call);
    return call;
  }

  destroy(): void {
    this.destroyed = true;
  }
}

class FakeCall implements TwilioVoiceCall {
  disconnected = false;
  private readonly listeners: Array<[string, (error: Error) => void]> = [];

  on(event: string, listener: (error: Error) => void): this {
    this.listeners.push([event, listener]);
    return this;
  }

  fire(event: 'accept' | 'disconnect' | 'cancel' | 'reject' | 'error', error?: Error): void {
    for (const [name, listener] of this.listeners) if (name === event) listener(error!);
  }

  disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.fire('disconnect');
  }
}

/** An incoming call, as the SDK hands it to the `incoming` listener. */
class FakeIncomingCall extends FakeCall implements TwilioIncomingCall {
  readonly parameters: Record<string, string>;
  readonly customParameters = new Map<string, string>();
  accepted = false;
  rejected = false;

  constructor(callSid: string) {
    super();
    this.parameters = { CallSid: callSid, From: '+8620000000', To: 'client:operator-1' };
  }

  accept(): void {
    this.accepted = true;
  }

  reject(): void {
    this.rejected = true;
  }
}

/** Lets promise callbacks (the SDK's connect) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function twilioPhone(
  options: {
    refreshToken?: () => Promise<string>;
    endCall?: (callId: string) => Promise<unknown>;
  } = {},
) {
  let device: FakeDevice | undefined;
  const phone = await createSoftphone(
    { mode: 'twilio', identity: 'operator-1', token: 'token-1' },
    {
      endCall: options.endCall ?? (() => Promise.resolve()),
      refreshToken: options.refreshToken ?? (() => Promise.resolve('token-2')),
      loadTwilioVoice: () =>
        Promise.resolve((token: string) => {
          device = new FakeDevice(token);
          return device;
        }),
    },
  );
  return { phone, device: device! };
}

describe('TwilioSoftphone (Voice SDK device injected)', () => {
  it('joins the case conference on answer, goes in call on accept, and leaves it on hang-up', async () => {
    const { phone, device } = await twilioPhone();
    expect(phone).toBeInstanceOf(TwilioSoftphone);
    expect(phone.mode).toBe('twilio');
    expect(device.tokens).toEqual(['token-1']);
    const seen: SoftphoneStatus[] = [];
    phone.subscribe((s) => seen.push(s.status));

    phone.answered(answer('ringing'));
    await settle();
    expect(device.connects).toEqual([{ conference: 'HT-SOFT-0001' }]);
    expect(phone.getState().status).toBe('connecting');
    device.calls[0]!.fire('accept');
    expect(phone.getState().status).toBe('in_call');

    await phone.hangUp();
    expect(device.calls[0]!.disconnected).toBe(true);
    expect(phone.getState().status).toBe('ended');
    // A late server update never reopens it; dismiss clears it.
    phone.callUpdated(summary('in_progress'));
    expect(phone.getState().status).toBe('ended');
    phone.dismiss();
    expect(seen).toEqual(['connecting', 'in_call', 'ended', 'idle']);
  });

  it('follows the server when the caller hangs up first', async () => {
    const { phone, device } = await twilioPhone();
    phone.answered(answer('in_progress'));
    await settle();
    expect(phone.getState().status).toBe('in_call');
    // The caller left: the conference ends and Twilio drops the operator's leg.
    device.calls[0]!.fire('disconnect');
    expect(phone.getState().status).toBe('ended');
  });

  it('refreshes the token through the token route before it expires', async () => {
    let asked = 0;
    const { phone, device } = await twilioPhone({
      refreshToken: () => {
        asked += 1;
        return Promise.resolve(`token-${asked + 1}`);
      },
    });
    device.fire('tokenWillExpire');
    await settle();
    expect(asked).toBe(1);
    expect(device.tokens).toEqual(['token-1', 'token-2']);
    expect(phone.getState().error).toBeNull();
  });

  it('puts a failed token refresh, a device error and a call error into the state', async () => {
    const refusal = new AppError('UNAUTHENTICATED', { message: 'signed out' });
    const { phone, device } = await twilioPhone({ refreshToken: () => Promise.reject(refusal) });
    device.fire('tokenWillExpire');
    await settle();
    expect(phone.getState().error).toBe(refusal);
    expect(device.tokens).toEqual(['token-1']);

    const deviceError = new Error('31005: connection error');
    device.fire('error', deviceError);
    expect(phone.getState().error).toBe(deviceError);

    phone.answered(answer());
    await settle();
    expect(phone.getState().error).toBeNull();
    const callError = new Error('31201: no microphone');
    device.calls[0]!.fire('error', callError);
    expect(phone.getState()).toMatchObject({ status: 'connecting', error: callError });
  });

  it('ends the caller through the backend when the audio leg never connected', async () => {
    const ended: string[] = [];
    const { phone, device } = await twilioPhone({
      endCall: (id) => {
        ended.push(id);
        return Promise.resolve();
      },
    });
    device.failConnect = new Error('31208: permission denied');
    phone.answered(answer());
    await settle();
    expect(phone.getState().error).toBe(device.failConnect);
    expect(phone.getState().status).toBe('connecting');
    await phone.hangUp();
    expect(ended).toEqual([callId]);
    expect(phone.getState().error).toBeNull();
    phone.callUpdated(summary('completed'));
    expect(phone.getState().status).toBe('ended');
  });

  it('releases the device and drops the call on destroy (sign-out)', async () => {
    const { phone, device } = await twilioPhone();
    phone.answered(answer('in_progress'));
    await settle();
    phone.destroy();
    expect(device.calls[0]!.disconnected).toBe(true);
    expect(device.destroyed).toBe(true);
    // Events after sign-out change nothing and fetch no token.
    device.fire('tokenWillExpire');
    await settle();
    expect(device.tokens).toEqual(['token-1']);
  });
});

/** A Voice SDK error as the SDK raises them: an Error with Twilio's numeric code. */
const twilioError = (code: number, message: string) => Object.assign(new Error(message), { code });

const OURS = 'CA0000000000000000000000000000c001';
const OTHER = 'CA0000000000000000000000000000c002';

describe('TwilioSoftphone receiving a check-in call (Voice SDK device injected)', () => {
  it('registers, holds calls until the CallSid is known, accepts that one only, and unregisters after hang-up', async () => {
    const { phone, device } = await twilioPhone();
    const reception = phone.receiveCheckin()!;
    expect(reception.getState().status).toBe('registering');
    await reception.ready;
    expect(device.registrations).toEqual(['register']);
    expect(reception.getState().status).toBe('waiting');

    // Twilio may ring before the start response names the staff leg: nothing is answered yet.
    const stray = device.ring(OTHER);
    const ours = device.ring(OURS);
    expect(ours.accepted).toBe(false);
    reception.expect(OURS);
    expect(ours.accepted).toBe(true);
    expect(stray.rejected).toBe(true);
    expect(reception.getState().status).toBe('connecting');
    ours.fire('accept');
    expect(reception.getState().status).toBe('connected');

    reception.hangUp();
    expect(ours.disconnected).toBe(true);
    expect(reception.getState().status).toBe('ended');
    expect(device.registrations).toEqual(['register', 'unregister']);
    // Nobody is waiting for a call now: one that still rings is refused.
    expect(device.ring(OURS).rejected).toBe(true);
  });

  it('refuses any other call once it knows its own, and ends when the far side hangs up', async () => {
    const { phone, device } = await twilioPhone();
    const reception = phone.receiveCheckin()!;
    await reception.ready;
    reception.expect(OURS);
    expect(device.ring(OTHER).rejected).toBe(true);
    const ours = device.ring(OURS);
    expect(ours.accepted).toBe(true);
    // A second ring of the same identity while on the call is refused too.
    expect(device.ring(OURS).rejected).toBe(true);
    ours.fire('accept');
    ours.fire('disconnect');
    expect(reception.getState().status).toBe('ended');
    expect(device.registrations).toEqual(['register', 'unregister']);
  });

  it('shows a refused microphone and an expired token, and renews the token', async () => {
    let asked = 0;
    const { phone, device } = await twilioPhone({
      refreshToken: () => {
        asked += 1;
        return Promise.resolve('token-2');
      },
    });
    const reception = phone.receiveCheckin()!;
    await reception.ready;
    reception.expect(OURS);
    const ours = device.ring(OURS);
    const refused = twilioError(31401, 'Permission denied');
    ours.fire('error', refused);
    expect(reception.getState()).toMatchObject({ status: 'connecting', error: refused });
    expect(receptionProblem(refused)).toBe('microphone');

    const expired = twilioError(20104, 'AccessTokenExpired');
    device.fire('error', expired);
    expect(reception.getState().error).toBe(expired);
    expect(receptionProblem(expired)).toBe('token');
    await settle();
    expect(asked).toBe(1);
    expect(device.tokens).toEqual(['token-1', 'token-2']);
    // Hanging up an answer that never connected drops it all the same.
    reception.hangUp();
    expect(ours.disconnected).toBe(true);
  });

  it('ends with the reason when the device cannot register', async () => {
    const { phone, device } = await twilioPhone();
    const failure = twilioError(31005, 'Connection error');
    device.failRegister = failure;
    const reception = phone.receiveCheckin()!;
    await expect(reception.ready).rejects.toBe(failure);
    expect(reception.getState()).toEqual({ status: 'ended', error: failure });
    expect(device.ring(OURS).rejected).toBe(true);
  });

  it('drops the check-in call on destroy (sign-out)', async () => {
    const { phone, device } = await twilioPhone();
    const reception = phone.receiveCheckin()!;
    await reception.ready;
    reception.expect(OURS);
    const ours = device.ring(OURS);
    phone.destroy();
    expect(ours.disconnected).toBe(true);
    expect(reception.getState().status).toBe('ended');
  });

  it('is not offered by the simulated softphone (the simulator answers client legs itself)', () => {
    expect(new SimulatedSoftphone(() => Promise.resolve()).receiveCheckin()).toBeNull();
  });
});

describe('createSoftphone', () => {
  const endCall = () => Promise.resolve();

  it('is simulated when the backend sends no token, without loading the Voice SDK', async () => {
    let loaded = false;
    const phone = await createSoftphone(
      { mode: 'simulated', identity: 'op' },
      {
        endCall,
        loadTwilioVoice: () => {
          loaded = true;
          return Promise.reject(new Error('not expected'));
        },
      },
    );
    expect(phone.mode).toBe('simulated');
    expect(loaded).toBe(false);
  });

  it('reports a Voice SDK that cannot load as unavailable', async () => {
    const setup = { mode: 'twilio' as const, identity: 'op', token: 'jwt' };
    const loadTwilioVoice = () =>
      Promise.reject(new SoftphoneUnavailableError('this browser does not support it'));
    await expect(createSoftphone(setup, { endCall, loadTwilioVoice })).rejects.toBeInstanceOf(
      SoftphoneUnavailableError,
    );
  });
});
