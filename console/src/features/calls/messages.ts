import type { Label } from '../../lib/messages';

/**
 * Texts of the softphone and the phone simulator added after the typed i18n resource neared
 * TypeScript's instantiation limit (see `useMessages`).
 */
export const SOFTPHONE_MESSAGES = {
  unavailable: {
    en: 'Audio calls could not start: the Twilio Voice SDK did not load or this browser does not support it. Calls are tracked here without audio.',
    'zh-CN':
      '无法开始语音通话：Twilio Voice SDK 未能加载，或此浏览器不支持。此处仅跟踪通话状态，没有声音。',
  },
  phoneError: { en: 'Phone problem:', 'zh-CN': '电话故障：' },
} satisfies Record<string, Label>;

export const PHONE_SIM_MESSAGES = {
  loading: { en: 'Loading the simulator…', 'zh-CN': '正在加载模拟器…' },
  loadError: {
    en: 'What the simulator carried could not be read.',
    'zh-CN': '无法读取模拟器的通话和短信记录。',
  },
} satisfies Record<string, Label>;

/** Texts of the waiting-calls panel's one-line summary, shown collapsed while nobody waits. */
export const CALLS_LINE_MESSAGES = {
  onLine: { en: '{{count}} on the line', 'zh-CN': '{{count}} 路通话中' },
} satisfies Record<string, Label>;
