import type { Label } from '../../lib/messages';

/** Texts of the public report form added with issue 5, in both languages (see `useMessages`). */
export const REPORT_MESSAGES = {
  notifyWhenResolved: {
    en: 'Text me at this number when the case is resolved',
    'zh-CN': '案件办结时发短信告诉我',
  },
  notifyWhenResolvedHint: {
    en: 'The text gives only your reference number: no names and no details. Reply STOP to it to stop texts.',
    'zh-CN': '短信只含您的编号，不含任何姓名或细节。回复TD可退订。',
  },
  'errors.notifyPhone': {
    en: 'Give your phone number to be texted, or untick the box.',
    'zh-CN': '请填写接收短信的电话号码，或取消勾选。',
  },
  filedFor: {
    en: 'Filed for {{org}}',
    'zh-CN': '以 {{org}} 名义提交',
  },
  filedForHint: {
    en: 'Your colleagues can follow it under “Our reports”.',
    'zh-CN': '同事可在“本机构报告”中跟进。',
  },
  checkingSignIn: { en: 'Loading the form…', 'zh-CN': '正在加载表单…' },
} satisfies Record<string, Label>;
