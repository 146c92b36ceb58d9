import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { SMS_TEMPLATES, renderSmsTemplate, type SmsTemplate } from '../menu/sms-dialogue.js';
import { smsEncoding } from './sms-segments.js';
import {
  detectSmsLanguage,
  parseAge,
  parseYesNo,
  smsReplyTwiml,
  smsStep,
  type SmsConversationState,
} from './sms.js';

const REF = 'HT-7K3F-9QX2';

function converse(messages: string[]) {
  let state: SmsConversationState | undefined;
  return messages.map((body) => {
    const result = smsStep(state, { body, reference: REF });
    state = result.nextState;
    return result;
  });
}

describe('SMS dialogue', () => {
  it('runs the Chinese dialogue: danger, where, how old, and keeps every text', () => {
    const [first, danger, where, age, more] = converse([
      '我邻居家的孩子一直在哭，好像被打了',
      '有',
      '广州市天河区某小区5栋',
      '大概七岁',
      '现在又听到打骂声',
    ]);
    expect(first!.reply).toContain(REF);
    expect(first!.reply).toContain('回复1有');
    expect(first!.nextState).toMatchObject({ stage: 'ask_danger', language: 'zh-CN' });
    expect(first!.extracted).toEqual({ text: '我邻居家的孩子一直在哭，好像被打了' });
    expect(danger!.extracted).toEqual({ text: '有', immediateDanger: true });
    expect(danger!.reply).toBe(SMS_TEMPLATES.askLocationUrgent['zh-CN']);
    expect(where!.extracted.location).toBe('广州市天河区某小区5栋');
    expect(age!.extracted.age).toBe(7);
    expect(age!.nextState.stage).toBe('open');
    expect(more!.extracted).toEqual({ text: '现在又听到打骂声' });
    expect(more!.reply).toBe(SMS_TEMPLATES.ack['zh-CN']);
  });

  it('runs the English dialogue and re-asks once when the danger answer is unclear', () => {
    const [first, unclear, still, where, age] = converse([
      'A child at my school has bruises',
      'not sure what you mean',
      'maybe',
      'Shenzhen, Nanshan district, No. 3 primary school',
      'about 10 years old',
    ]);
    expect(first!.nextState.language).toBe('en');
    expect(first!.reply).toContain(`ref ${REF}`);
    expect(unclear!.reply).toBe(SMS_TEMPLATES.retryDanger.en);
    expect(unclear!.nextState.stage).toBe('ask_danger');
    // The second unclear answer moves on rather than trapping the sender in a loop.
    expect(still!.nextState.stage).toBe('ask_location');
    expect(still!.extracted.immediateDanger).toBeUndefined();
    expect(still!.extracted.text).toBe('maybe');
    expect(where!.extracted.location).toContain('Nanshan');
    expect(age!.extracted.age).toBe(10);
    expect(age!.reply).toContain(REF);
  });

  it('switches language on a keyword and asks the current question again', () => {
    const [first, switched] = converse(['hello', '中文']);
    expect(first!.nextState.language).toBe('en');
    expect(switched!.keyword).toBe('language');
    expect(switched!.nextState.language).toBe('zh-CN');
    expect(switched!.reply).toBe(SMS_TEMPLATES.retryDanger['zh-CN']);
  });

  it('recognises STOP, START and 帮助 and returns the opt-out state', () => {
    const [, stop, start, help] = converse(['hi', 'STOP', 'start', '帮助']);
    expect(stop!.keyword).toBe('stop');
    expect(stop!.nextState.optedOut).toBe(true);
    expect(stop!.extracted.text).toBe('STOP');
    expect(start!.nextState.optedOut).toBe(false);
    expect(help!.keyword).toBe('help');
    expect(help!.reply).toBe(SMS_TEMPLATES.help.en);
    const td = smsStep(undefined, { body: '退订' });
    expect(td).toMatchObject({ keyword: 'stop', nextState: { optedOut: true, language: 'zh-CN' } });
  });

  it('does not take a keyword inside a longer message', () => {
    const result = smsStep(undefined, { body: 'please stop him hurting my brother' });
    expect(result.keyword).toBeUndefined();
    expect(result.nextState.optedOut).toBe(false);
  });

  it('carries a placeholder when the reference is not known yet', () => {
    expect(smsStep(undefined, { body: '你好' }).reply).toContain('编号待定');
  });

  it('detects the language from the script', () => {
    expect(detectSmsLanguage('孩子')).toBe('zh-CN');
    expect(detectSmsLanguage('help')).toBe('en');
  });

  it('reads yes/no and ages in both languages', () => {
    expect(parseYesNo('是的。')).toBe(true);
    expect(parseYesNo('没有')).toBe(false);
    expect(parseYesNo('YES!')).toBe(true);
    expect(parseYesNo('perhaps')).toBeUndefined();
    expect(parseAge('十二岁')).toBe(12);
    expect(parseAge('两岁')).toBe(2);
    expect(parseAge('8个月')).toBe(0);
    expect(parseAge('I am 34, she is 6')).toBe(6);
    expect(parseAge('不知道')).toBeUndefined();
  });

  it('wraps replies in MessagingResponse TwiML', () => {
    const parsed = new XMLParser().parse(smsReplyTwiml('收到')) as {
      Response: { Message: string };
    };
    expect(parsed.Response.Message).toBe('收到');
    expect(smsReplyTwiml(null)).not.toContain('<Message');
  });
});

describe('SMS segment limits', () => {
  const templates = Object.keys(SMS_TEMPLATES) as SmsTemplate[];

  it.each(templates)(
    'the Chinese "%s" reply fits two UCS-2 segments (≤ 134 code units)',
    (name) => {
      const text = renderSmsTemplate(name, 'zh-CN', { ref: REF });
      const encoding = smsEncoding(text);
      expect(encoding.encoding).toBe('UCS-2');
      expect(encoding.units).toBeLessThanOrEqual(134);
      expect(encoding.segments).toBeLessThanOrEqual(2);
    },
  );

  it.each(templates)('the English "%s" reply is GSM-7 within two segments (≤ 306)', (name) => {
    const text = renderSmsTemplate(name, 'en', { ref: REF });
    const encoding = smsEncoding(text);
    expect(encoding.encoding).toBe('GSM-7');
    expect(encoding.units).toBeLessThanOrEqual(306);
    expect(encoding.segments).toBeLessThanOrEqual(2);
  });

  it('counts segments as carriers do', () => {
    expect(smsEncoding('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsEncoding('a'.repeat(161)).segments).toBe(2);
    expect(smsEncoding('{'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsEncoding('中'.repeat(70)).segments).toBe(1);
    expect(smsEncoding('中'.repeat(71)).segments).toBe(2);
    expect(smsEncoding('中'.repeat(134)).segments).toBe(2);
    expect(smsEncoding('中'.repeat(135)).segments).toBe(3);
  });
});
