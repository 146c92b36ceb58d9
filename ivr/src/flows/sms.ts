import type { Language } from '@hutong/shared';
import twilio from 'twilio';
import {
  NO_ANSWERS,
  SMS_KEYWORDS,
  YES_ANSWERS,
  renderSmsTemplate,
  type SmsTemplate,
} from '../menu/sms-dialogue.js';

/** The stages of one SMS conversation, in the order the questions are asked. */
export type SmsStage = 'new' | 'ask_danger' | 'ask_location' | 'ask_age' | 'open';

/** What the system stores between two messages of one conversation. */
export interface SmsConversationState {
  stage: SmsStage;
  language: Language;
  /** Re-asks spent on the current question (one at most, then the dialogue moves on). */
  retries: number;
  /** The sender asked not to receive messages; safety work continues regardless. */
  optedOut: boolean;
}

/** What one message told us; `text` is always the full message, kept as the sender wrote it. */
export interface SmsExtracted {
  immediateDanger?: boolean;
  location?: string;
  age?: number;
  text: string;
}

/** A keyword the message consisted of. */
export type SmsKeyword = 'stop' | 'start' | 'help' | 'language';

/** The outcome of one inbound message. */
export interface SmsStepResult {
  /** Reply text, or null when none is due. */
  reply: string | null;
  nextState: SmsConversationState;
  extracted: SmsExtracted;
  keyword?: SmsKeyword;
}

/** Input of one step: the message body and the reference number once the report exists. */
export interface SmsStepInput {
  body: string;
  reference?: string | undefined;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;
const LOCATION_MAX = 200;

/** Guesses the sender's language: any Chinese character means zh-CN, otherwise English. */
export function detectSmsLanguage(body: string): Language {
  return CJK.test(body) ? 'zh-CN' : 'en';
}

function normalize(body: string): string {
  return body
    .trim()
    .toLowerCase()
    .replace(/[\s。！!.,，、?？~～]+$/u, '')
    .trim();
}

function matches(list: readonly string[], body: string): boolean {
  const n = normalize(body);
  return list.some((word) => word.toLowerCase() === n);
}

/** Reads a yes/no answer; undefined when the text is neither. */
export function parseYesNo(body: string): boolean | undefined {
  if (matches(YES_ANSWERS, body)) return true;
  if (matches(NO_ANSWERS, body)) return false;
  return undefined;
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Reads a child's age in years from "7", "7岁", "about 7", "十二岁"; under a year is 0. */
export function parseAge(body: string): number | undefined {
  const text = body.trim();
  if (/个月|months?\b/i.test(text) && !/岁|years?\b/i.test(text)) return 0;
  const numbers = [...text.matchAll(/\d+/g)].map((m) => Number(m[0]));
  if (numbers.length > 0) return numbers.find((n) => n <= 25);
  const chinese =
    /([一二两三四五六七八九]?十[一二三四五六七八九]?|[零一二两三四五六七八九])\s*(岁|周岁)?/.exec(
      text,
    );
  if (!chinese?.[1]) return undefined;
  const word = chinese[1];
  if (!word.includes('十')) return CHINESE_DIGITS[word];
  const [tens, ones] = word.split('十');
  return (tens ? (CHINESE_DIGITS[tens] ?? 1) : 1) * 10 + (ones ? (CHINESE_DIGITS[ones] ?? 0) : 0);
}

function keywordOf(body: string): SmsKeyword | 'english' | 'chinese' | undefined {
  if (matches(SMS_KEYWORDS.stop, body)) return 'stop';
  if (matches(SMS_KEYWORDS.start, body)) return 'start';
  if (matches(SMS_KEYWORDS.help, body)) return 'help';
  if (matches(SMS_KEYWORDS.english, body)) return 'english';
  if (matches(SMS_KEYWORDS.chinese, body)) return 'chinese';
  return undefined;
}

/** The question each stage is waiting for an answer to. */
const STAGE_QUESTION: Record<SmsStage, SmsTemplate> = {
  new: 'welcome',
  ask_danger: 'retryDanger',
  ask_location: 'askLocation',
  ask_age: 'askAge',
  open: 'ack',
};

/**
 * One step of the SMS dialogue: language, then "is a child in danger now?", where, how old;
 * free text is accepted at every step and always returned in `extracted.text`. Pure: the
 * caller stores `nextState` and sends `reply`.
 */
export function smsStep(
  state: SmsConversationState | undefined,
  input: SmsStepInput,
): SmsStepResult {
  const body = input.body;
  const extracted: SmsExtracted = { text: body };
  const ref = input.reference;
  const current: SmsConversationState = state ?? {
    stage: 'new',
    language: detectSmsLanguage(body),
    retries: 0,
    optedOut: false,
  };
  const reply = (template: SmsTemplate, language = current.language): string =>
    renderSmsTemplate(template, language, { ref });

  const keyword = keywordOf(body);
  if (keyword === 'stop') {
    const nextState = { ...current, optedOut: true };
    return { reply: reply('stopped'), nextState, extracted, keyword: 'stop' };
  }
  if (keyword === 'start') {
    const nextState = { ...current, optedOut: false };
    return { reply: reply('started'), nextState, extracted, keyword: 'start' };
  }
  if (keyword === 'help') {
    return { reply: reply('help'), nextState: current, extracted, keyword: 'help' };
  }
  if (keyword === 'english' || keyword === 'chinese') {
    const language: Language = keyword === 'english' ? 'en' : 'zh-CN';
    const stage: SmsStage = current.stage === 'new' ? 'ask_danger' : current.stage;
    const template = current.stage === 'new' ? 'welcome' : STAGE_QUESTION[stage];
    const nextState = { ...current, language, stage };
    return { reply: reply(template, language), nextState, extracted, keyword: 'language' };
  }

  switch (current.stage) {
    case 'new':
      return {
        reply: reply('welcome'),
        nextState: { ...current, stage: 'ask_danger', retries: 0 },
        extracted,
      };
    case 'ask_danger': {
      const danger = parseYesNo(body);
      if (danger === undefined && current.retries < 1) {
        return {
          reply: reply('retryDanger'),
          nextState: { ...current, retries: current.retries + 1 },
          extracted,
        };
      }
      if (danger !== undefined) extracted.immediateDanger = danger;
      return {
        reply: reply(danger ? 'askLocationUrgent' : 'askLocation'),
        nextState: { ...current, stage: 'ask_location', retries: 0 },
        extracted,
      };
    }
    case 'ask_location': {
      const location = body.trim().slice(0, LOCATION_MAX);
      if (location) extracted.location = location;
      return {
        reply: reply('askAge'),
        nextState: { ...current, stage: 'ask_age', retries: 0 },
        extracted,
      };
    }
    case 'ask_age': {
      const age = parseAge(body);
      if (age !== undefined) extracted.age = age;
      return {
        reply: reply('done'),
        nextState: { ...current, stage: 'open', retries: 0 },
        extracted,
      };
    }
    case 'open':
      return { reply: reply('ack'), nextState: current, extracted };
  }
}

/**
 * The reply to a message that could not be stored at once (PostgreSQL unreachable; it is kept and
 * stored later, and the dialogue's own reply then goes out by SMS): "received, in danger call
 * 110", in the sender's language; nothing to an opt-out keyword.
 */
export function smsHeldReply(body: string): string | null {
  return keywordOf(body) === 'stop' ? null : renderSmsTemplate('ack', detectSmsLanguage(body));
}

/** Wraps a reply in TwiML for the SMS webhook's response (an empty document when null). */
export function smsReplyTwiml(reply: string | null): string {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
}
