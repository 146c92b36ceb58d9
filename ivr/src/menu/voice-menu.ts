import type { Language } from '@hutong/shared';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';

/** What the caller chose; recorded on the call and shown to the operator. */
export const MenuOption = {
  immediateDanger: 'immediate_danger',
  professionalReport: 'professional_report',
  talk: 'talk',
} as const;
export type MenuOption = (typeof MenuOption)[keyof typeof MenuOption];

/** Twilio queue names; callers in `urgent` are answered first and never offered voicemail. */
export const CallQueue = { urgent: 'urgent', general: 'general' } as const;
export type CallQueue = (typeof CallQueue)[keyof typeof CallQueue];

/** Text in both hotline languages. */
export type Localized = Record<Language, string>;

/** `<Say>` settings per hotline language: Amazon Polly voices Twilio supports for each locale. */
export const SAY_SETTINGS = {
  'zh-CN': { language: 'cmn-CN', voice: 'Polly.Zhiyu' },
  en: { language: 'en-US', voice: 'Polly.Joanna' },
} as const satisfies Record<
  Language,
  {
    language: NonNullable<VoiceResponse.SayAttributes['language']>;
    voice: NonNullable<VoiceResponse.SayAttributes['voice']>;
  }
>;

/** The hotline's default language when the caller does not choose. */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** The first menu: each option is spoken in its own language. */
export const LANGUAGE_MENU: ReadonlyArray<{ digit: string; language: Language; prompt: string }> = [
  { digit: '1', language: 'zh-CN', prompt: '您好，这里是护童儿童保护热线。中文服务请按1。' },
  {
    digit: '2',
    language: 'en',
    prompt: 'Hello, this is the Hutong child protection hotline. For English, press 2.',
  },
];

/** One choice of the main menu. */
export interface MainMenuItem {
  digit: string;
  option: MenuOption;
  queue: CallQueue;
  prompt: Localized;
}

/** The main menu, in the order it is read. */
export const MAIN_MENU: readonly MainMenuItem[] = [
  {
    digit: '1',
    option: MenuOption.immediateDanger,
    queue: CallQueue.urgent,
    prompt: {
      'zh-CN': '如果有孩子现在正处于危险中，请按1。',
      en: 'If a child is in danger right now, press 1.',
    },
  },
  {
    digit: '2',
    option: MenuOption.professionalReport,
    queue: CallQueue.general,
    prompt: {
      'zh-CN': '如果您是教师、医生或其他专业人员，要报告情况，请按2。',
      en: 'If you are a teacher, doctor or other professional making a report, press 2.',
    },
  },
  {
    digit: '3',
    option: MenuOption.talk,
    queue: CallQueue.general,
    prompt: {
      'zh-CN': '如果您想找人谈谈，请按3。',
      en: 'If you want to talk to someone, press 3.',
    },
  },
];

/** The digit that reads the current menu again. */
export const REPEAT_DIGIT = '0';

/** A menu is read at most this many times without input; then the caller is queued. */
export const MAX_MENU_ATTEMPTS = 2;

/** Where a caller who never presses anything goes: a person, never a dead end. */
export const NO_INPUT_OPTION: MenuOption = MenuOption.talk;

/** Seconds the menus wait for a key press. */
export const GATHER_TIMEOUT_SECONDS = 5;

/** Seconds in the general queue before voicemail and callback are offered (DESIGN.md). */
export const OFFER_VOICEMAIL_AFTER_SECONDS = 60;

/** The digits of the hold-loop offer. */
export const WAIT_CHOICES = { voicemail: '1', callback: '2' } as const;
export type WaitChoice = keyof typeof WAIT_CHOICES;

/** Every spoken prompt apart from the menus. */
export const VOICE_PROMPTS = {
  repeat: { 'zh-CN': '重听请按0。', en: 'To hear these options again, press 0.' },
  invalid: {
    'zh-CN': '抱歉，没有听清您的选择。',
    en: 'Sorry, we did not get your choice.',
  },
  /** Said before an urgent caller is queued, and to callers waiting (DESIGN.md: 110 first). */
  call110: {
    'zh-CN': '如果孩子正处于危险之中，请立即挂断并拨打110。',
    en: 'If a child is in danger right now, please hang up and call 110 immediately.',
  },
  queueUrgent: {
    'zh-CN': '我们正在优先为您接通工作人员，请不要挂机。',
    en: 'We are putting you through to a counsellor first. Please stay on the line.',
  },
  queueGeneral: {
    'zh-CN': '正在为您转接工作人员，请稍候。',
    en: 'Please hold. A counsellor will be with you soon.',
  },
  holdUrgent: {
    'zh-CN': '您的来电正在优先处理，工作人员马上接听，请不要挂机。',
    en: 'Your call has priority and will be answered very soon. Please stay on the line.',
  },
  holdGeneral: {
    'zh-CN': '所有工作人员都在通话中，请不要挂机。',
    en: 'All counsellors are busy. Please stay on the line.',
  },
  offer: {
    'zh-CN': '如需留言，请按1；如需我们回电，请按2；继续等待请不要挂机。',
    en: 'To leave a voicemail, press 1. To be called back, press 2. Or stay on the line to keep your place.',
  },
  stay: { 'zh-CN': '好的，请继续等待。', en: 'Thank you. Please continue to hold.' },
  voicemail: {
    'zh-CN': '请在提示音后留言，说完后按井号键或直接挂机。',
    en: 'Please leave your message after the tone. Press the hash key or hang up when you are done.',
  },
  voicemailSaved: {
    'zh-CN': '您的留言已收到，我们会尽快回电。如有孩子处于危险中，请立即拨打110。',
    en: 'Your message has been received and we will call you back soon. If a child is in danger, call 110 now.',
  },
  callbackConfirmed: {
    'zh-CN': '我们已记录您的来电，会尽快回电。如有孩子处于危险中，请立即拨打110。',
    en: 'We have noted your call and will call you back soon. If a child is in danger, call 110 now.',
  },
  connecting: { 'zh-CN': '正在为您接通工作人员。', en: 'Connecting you now.' },
  softphoneRefused: {
    'zh-CN': '此软电话无法加入该通话。',
    en: 'This softphone cannot join that call.',
  },
  goodbye: { 'zh-CN': '感谢您的来电，再见。', en: 'Thank you for calling. Goodbye.' },
  fallback: {
    'zh-CN': '系统暂时繁忙，正在为您转接值班电话，请不要挂机。',
    en: 'Our system is busy. Transferring you to the duty phone. Please stay on the line.',
  },
  fallbackUnavailable: {
    'zh-CN': '抱歉，现在无法接通。如有孩子处于危险中，请立即拨打110。',
    en: 'Sorry, we cannot connect you right now. If a child is in danger, call 110 now.',
  },
} as const satisfies Record<string, Localized>;

/** The caller's queue position, spoken in their language (QueuePosition is 1-based). */
export function positionPrompt(language: Language, position: number): string {
  if (language === 'en') {
    return position <= 1 ? 'You are next in line.' : `You are number ${position} in line.`;
  }
  return position <= 1 ? '您是下一位。' : `您目前排在第${position}位。`;
}
