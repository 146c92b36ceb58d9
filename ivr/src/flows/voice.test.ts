import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_MENU, MAIN_MENU, VOICE_PROMPTS } from '../menu/voice-menu.js';
import { incomingCallTwiml, menuStepTwiml, parseMenuState } from './voice.js';

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
  (parser.parse(xml) as { Response: Record<string, El[]> }).Response;

describe('incoming call', () => {
  it('asks for the language, each option in its own language and voice', () => {
    const response = doc(incomingCallTwiml(ctx).twiml);
    const gather = response.Gather![0]!;
    expect(gather).toMatchObject({
      numDigits: '1',
      timeout: '5',
      method: 'POST',
      action: 'https://hotline.example.org/twilio/voice/menu?stage=language&attempt=1',
    });
    const says = gather.Say as El[];
    expect(says.map((s) => s['#text'])).toEqual(LANGUAGE_MENU.map((item) => item.prompt));
    expect(says[0]).toMatchObject({ language: 'cmn-CN', voice: 'Polly.Zhiyu' });
    expect(says[1]).toMatchObject({ language: 'en-US', voice: 'Polly.Joanna' });
    // No input falls through to a Redirect back into the menu without Digits.
    expect(response.Redirect![0]!['#text']).toContain(
      '/twilio/voice/menu?stage=language&attempt=1',
    );
  });
});

describe('menu steps', () => {
  it('reads the main menu in English after 2', () => {
    const step = menuStepTwiml(ctx, { stage: 'language', attempt: 1 }, '2');
    expect(step.decision).toEqual({
      kind: 'menu',
      state: { stage: 'main', language: 'en', attempt: 1 },
    });
    const says = doc(step.twiml).Gather![0]!.Say as El[];
    expect(says.map((s) => s['#text'])).toEqual([
      ...MAIN_MENU.map((item) => item.prompt.en),
      VOICE_PROMPTS.repeat.en,
    ]);
    expect(says.every((s) => s.language === 'en-US')).toBe(true);
  });

  it('puts "a child is in danger" (1) into the urgent queue', () => {
    const step = menuStepTwiml(ctx, { stage: 'main', language: 'zh-CN', attempt: 1 }, '1');
    expect(step.decision).toEqual({
      kind: 'enqueue',
      language: 'zh-CN',
      option: 'immediate_danger',
      queue: 'urgent',
      reason: 'pressed',
    });
    const response = doc(step.twiml);
    const enqueue = response.Enqueue![0]!;
    expect(enqueue['#text']).toBe('urgent');
    expect(enqueue.waitUrl).toBe(
      'https://hotline.example.org/twilio/voice/wait?lang=zh-CN&queue=urgent&option=immediate_danger',
    );
    expect(enqueue.action).toBe(
      'https://hotline.example.org/twilio/voice/queue-exit?lang=zh-CN&queue=urgent&option=immediate_danger',
    );
    // The 110 advice comes first, before the caller is queued.
    expect(response.Say!.map((s) => s['#text'])).toEqual([
      '如果孩子正处于危险之中，请立即挂断并拨打110。',
      VOICE_PROMPTS.queueUrgent['zh-CN'],
    ]);
    expect(response.Say![0]).toMatchObject({ language: 'cmn-CN' });
  });

  it('tells an urgent English caller to ring 110 in English, before the Enqueue', () => {
    const step = menuStepTwiml(ctx, { stage: 'main', language: 'en', attempt: 1 }, '1');
    expect(step.twiml.indexOf('call 110')).toBeGreaterThan(-1);
    expect(step.twiml.indexOf('call 110')).toBeLessThan(step.twiml.indexOf('<Enqueue'));
    expect(doc(step.twiml).Say![0]).toMatchObject({
      language: 'en-US',
      '#text': 'If a child is in danger right now, please hang up and call 110 immediately.',
    });
  });

  it('does not say 110 before queueing a caller who chose to talk', () => {
    const step = menuStepTwiml(ctx, { stage: 'main', language: 'en', attempt: 1 }, '3');
    expect(step.twiml).not.toContain('110');
  });

  it('puts a professional report (2) into the general queue with the option recorded', () => {
    const step = menuStepTwiml(ctx, { stage: 'main', language: 'en', attempt: 1 }, '2');
    expect(step.decision).toMatchObject({
      kind: 'enqueue',
      option: 'professional_report',
      queue: 'general',
    });
    expect(doc(step.twiml).Enqueue![0]!.waitUrl).toContain('option=professional_report');
  });

  it('puts "talk to someone" (3) into the general queue', () => {
    const step = menuStepTwiml(ctx, { stage: 'main', language: 'en', attempt: 1 }, '3');
    expect(step.decision).toMatchObject({ kind: 'enqueue', option: 'talk', queue: 'general' });
    expect(doc(step.twiml).Enqueue![0]!['#text']).toBe('general');
  });

  it('repeats the menu on 0 without spending an attempt', () => {
    const step = menuStepTwiml(ctx, { stage: 'main', language: 'en', attempt: 2 }, '0');
    expect(step.decision).toEqual({
      kind: 'menu',
      state: { stage: 'main', language: 'en', attempt: 1 },
    });
    expect(doc(step.twiml).Gather).toHaveLength(1);
  });

  it('repeats once on no input, then queues the caller as "talk to someone"', () => {
    const first = menuStepTwiml(ctx, { stage: 'main', language: 'en', attempt: 1 });
    expect(first.decision).toEqual({
      kind: 'menu',
      state: { stage: 'main', language: 'en', attempt: 2 },
    });
    const second = menuStepTwiml(ctx, { stage: 'main', language: 'en', attempt: 2 });
    expect(second.decision).toMatchObject({
      kind: 'enqueue',
      option: 'talk',
      queue: 'general',
      reason: 'no-input',
    });
  });

  it('treats an unknown key like no input and says so', () => {
    const step = menuStepTwiml(ctx, { stage: 'main', language: 'zh-CN', attempt: 1 }, '7');
    const says = doc(step.twiml).Gather![0]!.Say as El[];
    expect(says[0]!['#text']).toBe(VOICE_PROMPTS.invalid['zh-CN']);
  });

  it('queues a caller who never chooses a language, in Chinese', () => {
    const step = menuStepTwiml(ctx, { stage: 'language', attempt: 2 });
    expect(step.decision).toMatchObject({ kind: 'enqueue', language: 'zh-CN', option: 'talk' });
  });

  it('reads the menu state from the query string, defensively', () => {
    expect(parseMenuState({ stage: 'main', lang: 'en', attempt: '2' })).toEqual({
      stage: 'main',
      language: 'en',
      attempt: 2,
    });
    expect(parseMenuState({ stage: 'main', lang: 'fr', attempt: 'x' })).toEqual({
      stage: 'main',
      language: 'zh-CN',
      attempt: 1,
    });
    expect(parseMenuState({})).toEqual({ stage: 'language', attempt: 1 });
  });
});
