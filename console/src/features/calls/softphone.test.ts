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
import type { SoftphoneStatus, TwilioVoiceCall, TwilioVoiceDevice } from './softphone';

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

describe('createSoftphone', () => {
  const endCall = () => Promise.resolve();

  it('is simulated when the backend sends no token', async () => {
    const phone = await createSoftphone({ mode: 'simulated', identity: 'op' }, { endCall });
    expect(phone.mode).toBe('simulated');
  });

  it('refuses Twilio with a clear error when the Voice SDK is not in the build', async () => {
    const setup = { mode: 'twilio' as const, identity: 'op', token: 'jwt' };
    await expect(createSoftphone(setup, { endCall })).rejects.toBeInstanceOf(
      SoftphoneUnavailableError,
    );
    await expect(createSoftphone(setup, { endCall })).rejects.toThrow(/@twilio\/voice-sdk/);
  });

  it('joins the case conference through a Voice SDK device when one is provided', async () => {
    const listeners = new Map<string, () => void>();
    let disconnected = false;
    const voiceCall: TwilioVoiceCall = {
      on: ((event: string, listener: () => void) =>
        listeners.set(event, listener)) as TwilioVoiceCall['on'],
      disconnect: () => {
        disconnected = true;
        listeners.get('disconnect')?.();
      },
    };
    const params: Array<Record<string, string>> = [];
    let token = '';
    const device: TwilioVoiceDevice = {
      connect: (options) => {
        params.push(options.params);
        return Promise.resolve(voiceCall);
      },
      destroy: () => undefined,
    };
    const phone = await createSoftphone(
      { mode: 'twilio', identity: 'op', token: 'jwt-token' },
      {
        endCall,
        loadTwilioVoice: () =>
          Promise.resolve((t: string) => {
            token = t;
            return device;
          }),
      },
    );
    expect(phone).toBeInstanceOf(TwilioSoftphone);
    expect(token).toBe('jwt-token');
    phone.answered(answer());
    await new Promise((r) => setTimeout(r, 0));
    expect(params).toEqual([{ conference: 'HT-SOFT-0001' }]);
    listeners.get('accept')?.();
    expect(phone.getState().status).toBe('in_call');
    await phone.hangUp();
    expect(disconnected).toBe(true);
    expect(phone.getState().status).toBe('ended');
  });
});
