import type { Language } from '@hutong/shared';

/**
 * Every SMS reply, as templates with a `{ref}` slot for the report's reference number and
 * nothing else: no names, no details of the child (MPL art. 103). Each one fits two SMS
 * segments once rendered (tested).
 */
export const SMS_TEMPLATES = {
  welcome: {
    'zh-CN':
      '护童热线已收到您的短信，编号{ref}。如有孩子正处于危险中，请立即拨打110。请问孩子现在有危险吗？回复1有，回复2没有。',
    en: 'Hutong child protection hotline: we received your message, ref {ref}. If a child is in danger, call 110 now. Is a child in danger right now? Reply 1 for yes, 2 for no.',
  },
  retryDanger: {
    'zh-CN': '抱歉，没有看懂。请问孩子现在有危险吗？回复1有，回复2没有。您也可以直接描述情况。',
    en: 'Sorry, we did not understand. Is a child in danger right now? Reply 1 for yes, 2 for no. You can also just describe what is happening.',
  },
  askLocationUrgent: {
    'zh-CN': '请立即拨打110报警。请告诉我们孩子现在的具体位置（城市、区县、街道、门牌号或学校）。',
    en: 'Please call 110 now. Tell us exactly where the child is (city, district, street and number, or school).',
  },
  askLocation: {
    'zh-CN': '请告诉我们孩子在哪里（城市、区县、街道或学校）。',
    en: 'Where is the child? Tell us the city, district, street or school.',
  },
  askAge: {
    'zh-CN': '孩子大约几岁？回复数字即可，不确定请回复“不知道”。',
    en: 'How old is the child? Reply with a number, or "not sure".',
  },
  done: {
    'zh-CN':
      '谢谢，工作人员会尽快回复您（编号{ref}）。您可以继续发送更多情况。如有危险请立即拨打110。',
    en: 'Thank you. A counsellor will reply as soon as possible (ref {ref}). You can keep sending us details. In danger? Call 110 now.',
  },
  ack: {
    'zh-CN': '已收到，工作人员会尽快回复。如有危险请立即拨打110。',
    en: 'Received. A counsellor will reply soon. In danger? Call 110 now.',
  },
  help: {
    'zh-CN':
      '护童儿童保护热线，24小时服务。直接回复短信描述情况即可，可匿名。紧急情况请拨打110。回复TD退订。',
    en: 'Hutong child protection hotline, 24 hours. Reply to describe what is happening; you can stay anonymous. Emergency: call 110. Reply STOP to opt out.',
  },
  stopped: {
    'zh-CN': '您已退订护童短信通知。如有孩子处于危险中，请拨打110。回复START可恢复。',
    en: 'You will no longer receive messages from Hutong. If a child is in danger, call 110. Reply START to resume.',
  },
  started: {
    'zh-CN': '您已恢复接收护童短信。请直接回复描述情况。',
    en: 'You will receive Hutong messages again. Reply to describe what is happening.',
  },
} as const satisfies Record<string, Record<Language, string>>;

/** Template names. */
export type SmsTemplate = keyof typeof SMS_TEMPLATES;

/** Fills a template's `{ref}` slot. */
export function renderSmsTemplate(
  template: SmsTemplate,
  language: Language,
  params: { ref?: string | undefined } = {},
): string {
  const text: string = SMS_TEMPLATES[template][language];
  const ref = params.ref ?? (language === 'en' ? 'pending' : '待定');
  return text.replaceAll('{ref}', ref);
}

/** Whole-message keywords (case-insensitive); carriers' opt-out words plus Chinese ones. */
export const SMS_KEYWORDS = {
  stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'TD', '退订', '取消订阅'],
  start: ['START', 'UNSTOP', '开始', '恢复'],
  help: ['HELP', 'INFO', '帮助'],
  english: ['EN', 'ENGLISH'],
  chinese: ['中文', 'ZH', 'CN'],
} as const;

/** Answers read as "yes, a child is in danger now". */
export const YES_ANSWERS = [
  '1',
  'y',
  'yes',
  'yeah',
  'yep',
  '是',
  '是的',
  '有',
  '有危险',
  '对',
  '危险',
];
/** Answers read as "no". */
export const NO_ANSWERS = [
  '2',
  'n',
  'no',
  'nope',
  '否',
  '不是',
  '没有',
  '没',
  '无',
  '没危险',
  '没有危险',
];
