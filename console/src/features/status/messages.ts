import type { Label } from '../../lib/messages';

/** Texts of the public status page in both languages (see `useMessages`). */
export const STATUS_MESSAGES = {
  title: { en: 'Check the status of a report', 'zh-CN': '查询报告进度' },
  intro: {
    en: 'Enter the reference number and the lookup code you were given when you reported.',
    'zh-CN': '请输入报告时获得的报告编号和查询码。',
  },
  reference: { en: 'Reference number', 'zh-CN': '报告编号' },
  code: { en: 'Lookup code', 'zh-CN': '查询码' },
  check: { en: 'Check status', 'zh-CN': '查询' },
  checking: { en: 'Checking…', 'zh-CN': '正在查询…' },
  resultTitle: { en: 'Report {{reference}}', 'zh-CN': '报告 {{reference}}' },
  updated: { en: 'Last change: {{at}}', 'zh-CN': '最近更新：{{at}}' },
  newReport: { en: 'Make a new report', 'zh-CN': '提交新的报告' },
  'errors.both': {
    en: 'Enter the reference number and the lookup code.',
    'zh-CN': '请输入报告编号和查询码。',
  },
  'errors.notFound': {
    en: 'No report matches this reference number and lookup code.',
    'zh-CN': '没有与此报告编号和查询码相符的报告。',
  },
} satisfies Record<string, Label>;
