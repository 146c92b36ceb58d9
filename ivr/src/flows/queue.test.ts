import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { VOICE_PROMPTS } from '../menu/voice-menu.js';
import { FALLBACK_TWIML_EXAMPLE, fallbackTwiml } from './fallback.js';
import {
  connectTwiml,
  dialQueueTwiml,
  parseQueuedCaller,
  queueExitTwiml,
  softphoneJoinTwiml,
  softphoneRefusedTwiml,
  waitChoiceTwiml,
  waitTwiml,
  type QueuedCaller,
} from './queue.js';
import { voicemailSavedTwiml } from './voicemail.js';

const ctx = { baseUrl: 'https://hotline.example.org' };
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && name !== 'Response',
  parseTagValue: false,
  alwaysCreateTextNode: true,
  parseAttributeValue: false,
});
type El = Record<string, unknown> & { '#text'?: string };
const doc = (xml: string): Record<string, El[]> =>
  (parser.parse(xml) as { Response: Record<string, El[] | string> }).Response as Record<
    string,
    El[]
  >;

const general: QueuedCaller = { language: 'en', queue: 'general', option: 'talk' };
const urgent: QueuedCaller = { language: 'zh-CN', queue: 'urgent', option: 'immediate_danger' };

describe('hold loop', () => {
  it('tells the caller their position in their language', () => {
    const en = doc(waitTwiml(ctx, general, { QueuePosition: '3', QueueTime: '5' }).twiml);
    expect(en.Say![0]).toMatchObject({ '#text': 'You are number 3 in line.', language: 'en-US' });
    const zh = doc(waitTwiml(ctx, urgent, { QueuePosition: '2', QueueTime: '5' }).twiml);
    expect(zh.Say![0]).toMatchObject({ '#text': '您目前排在第2位。', language: 'cmn-CN' });
    expect(zh.Pause).toHaveLength(1);
  });

  it('reminds urgent callers of 110 every round, and other callers on their first round', () => {
    const says = (caller: QueuedCaller, time: string) =>
      (doc(waitTwiml(ctx, caller, { QueuePosition: '2', QueueTime: time }).twiml).Say ?? []).map(
        (s) => s['#text'],
      );
    expect(says(urgent, '0')[1]).toBe(VOICE_PROMPTS.call110['zh-CN']);
    expect(says(urgent, '45')[1]).toBe(VOICE_PROMPTS.call110['zh-CN']);
    expect(says(general, '0')[1]).toBe(VOICE_PROMPTS.call110.en);
    expect(says(general, '45')).not.toContain(VOICE_PROMPTS.call110.en);
  });

  it('offers voicemail or a callback after 60 s in the general queue', () => {
    const before = waitTwiml(ctx, general, { QueuePosition: '1', QueueTime: '59' });
    expect(before.decision.offered).toBe(false);
    expect(doc(before.twiml).Gather).toBeUndefined();
    const after = waitTwiml(ctx, general, { QueuePosition: '1', QueueTime: '60' });
    expect(after.decision).toEqual({ kind: 'hold', position: 1, waitSeconds: 60, offered: true });
    const gather = doc(after.twiml).Gather![0]!;
    expect(gather).toMatchObject({
      numDigits: '1',
      action:
        'https://hotline.example.org/twilio/voice/wait-choice?lang=en&queue=general&option=talk',
    });
    expect((gather.Say as El[])[0]!['#text']).toBe(VOICE_PROMPTS.offer.en);
  });

  it('never offers voicemail to a caller in the urgent queue', () => {
    const step = waitTwiml(ctx, urgent, { QueuePosition: '1', QueueTime: '900' });
    expect(step.decision.offered).toBe(false);
    expect(doc(step.twiml).Gather).toBeUndefined();
    expect(step.twiml).not.toContain(VOICE_PROMPTS.offer['zh-CN']);
  });

  it('leaves the queue on 1 or 2 and stays otherwise', () => {
    const voicemail = waitChoiceTwiml(ctx, general, '1');
    expect(voicemail.decision).toEqual({ kind: 'leave', choice: 'voicemail' });
    expect(doc(voicemail.twiml).Leave).toHaveLength(1);
    expect(waitChoiceTwiml(ctx, general, '2').decision).toEqual({
      kind: 'leave',
      choice: 'callback',
    });
    const stay = waitChoiceTwiml(ctx, general, '9');
    expect(stay.decision).toEqual({ kind: 'stay' });
    expect(doc(stay.twiml).Leave).toBeUndefined();
  });

  it('keeps an urgent caller queued even if a choice arrives', () => {
    expect(waitChoiceTwiml(ctx, urgent, '1').decision).toEqual({ kind: 'stay' });
  });
});

describe('queue exit', () => {
  it('records a voicemail after leave + voicemail', () => {
    const step = queueExitTwiml(ctx, general, { queueResult: 'leave', choice: 'voicemail' });
    expect(step.decision).toEqual({ kind: 'voicemail' });
    const record = doc(step.twiml).Record![0]!;
    expect(record).toMatchObject({
      action: 'https://hotline.example.org/twilio/voice/voicemail?lang=en',
      recordingStatusCallback: 'https://hotline.example.org/twilio/voice/recording?lang=en',
      finishOnKey: '#',
      maxLength: '300',
      playBeep: 'true',
    });
  });

  it('confirms a callback and hangs up after leave + callback', () => {
    const step = queueExitTwiml(ctx, general, { queueResult: 'leave', choice: 'callback' });
    expect(step.decision).toEqual({ kind: 'callback' });
    const response = doc(step.twiml);
    expect(response.Say![0]!['#text']).toBe(VOICE_PROMPTS.callbackConfirmed.en);
    expect(response.Hangup).toHaveLength(1);
  });

  it('puts the caller back in the queue when the choice is unknown', () => {
    const step = queueExitTwiml(ctx, general, { queueResult: 'leave' });
    expect(step.decision.kind).toBe('requeued');
    expect(doc(step.twiml).Enqueue![0]!['#text']).toBe('general');
  });

  it('records abandonment on hangup and answers nothing', () => {
    const step = queueExitTwiml(ctx, general, { queueResult: 'hangup' });
    expect(step.decision).toEqual({ kind: 'abandoned' });
    expect(Object.keys(doc(step.twiml)).filter((k) => k !== '#text')).toEqual([]);
  });

  it('routes a failed enqueue to the duty phone, then back to the queue', () => {
    const step = queueExitTwiml(ctx, urgent, {
      queueResult: 'queue-full',
      dutyPhone: '+8610000000',
    });
    expect(step.decision).toEqual({ kind: 'duty-phone' });
    const response = doc(step.twiml);
    expect((response.Dial![0]!.Number as El[])[0]!['#text']).toBe('+8610000000');
    expect(response.Enqueue![0]!['#text']).toBe('urgent');
  });

  it('re-enqueues on a system error without a duty phone', () => {
    const step = queueExitTwiml(ctx, urgent, { queueResult: 'system-error' });
    expect(step.decision).toMatchObject({ kind: 'requeued', reason: 'system-error' });
  });

  it('reads the queued caller back from the query string', () => {
    expect(parseQueuedCaller({ lang: 'en', queue: 'urgent', option: 'immediate_danger' })).toEqual({
      language: 'en',
      queue: 'urgent',
      option: 'immediate_danger',
    });
    expect(parseQueuedCaller({ queue: 'x', option: 'y' })).toEqual({
      language: 'zh-CN',
      queue: 'general',
      option: 'talk',
    });
  });
});

describe('answering and fallback', () => {
  it('dials a queue for the answering side', () => {
    expect((doc(dialQueueTwiml('urgent')).Dial![0]!.Queue as El[])[0]!['#text']).toBe('urgent');
  });

  it('bridges a dequeued caller into the case conference', () => {
    const response = doc(connectTwiml(ctx, { language: 'en', conference: 'case-HT-7K3F-9QX2' }));
    const conference = (response.Dial![0]!.Conference as El[])[0]!;
    expect(conference).toMatchObject({ '#text': 'case-HT-7K3F-9QX2', endConferenceOnExit: 'true' });
  });

  it("joins an operator's softphone to the case conference without a beep", () => {
    const response = doc(softphoneJoinTwiml(ctx, { conference: 'HT-7K3F-9QX2' }));
    expect(response.Say).toBeUndefined();
    const conference = (response.Dial![0]!.Conference as El[])[0]!;
    expect(conference).toMatchObject({
      '#text': 'HT-7K3F-9QX2',
      startConferenceOnEnter: 'true',
      endConferenceOnExit: 'true',
      beep: 'false',
    });
  });

  it('refuses a softphone in both languages and hangs up', () => {
    const response = doc(softphoneRefusedTwiml());
    expect(response.Say!.map((s) => s['#text'])).toEqual([
      VOICE_PROMPTS.softphoneRefused['zh-CN'],
      VOICE_PROMPTS.softphoneRefused.en,
    ]);
    expect(response.Say!.map((s) => s.language)).toEqual(['cmn-CN', 'en-US']);
    expect(response.Dial).toBeUndefined();
    expect(response.Hangup).toHaveLength(1);
  });

  it('thanks the caller after a voicemail', () => {
    const response = doc(voicemailSavedTwiml(ctx, 'zh-CN'));
    expect(response.Say![0]!['#text']).toBe(VOICE_PROMPTS.voicemailSaved['zh-CN']);
    expect(response.Hangup).toHaveLength(1);
  });

  it('sends the caller to the duty phone in both languages when the main webhook fails', () => {
    const response = doc(fallbackTwiml('+8613900000000'));
    expect(response.Say!.map((s) => s.language)).toEqual(['cmn-CN', 'en-US', 'cmn-CN', 'en-US']);
    expect(response.Dial![0]).toMatchObject({ timeout: '30' });
    expect((response.Dial![0]!.Number as El[])[0]!['#text']).toBe('+8613900000000');
    expect(response.Hangup).toHaveLength(1);
  });

  it('tells the caller to ring 110 when no duty phone is configured', () => {
    const response = doc(fallbackTwiml());
    expect(response.Dial).toBeUndefined();
    expect(response.Say![0]!['#text']).toContain('110');
    expect(FALLBACK_TWIML_EXAMPLE).toContain('<Number>+8610XXXXXXXX</Number>');
  });
});
