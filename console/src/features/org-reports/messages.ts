import type { TReportStatus } from '@hutong/shared';
import type { Label } from '../../lib/messages';

/** Texts of the reporting organisation's report list in both languages (see `useMessages`). */
export const ORG_REPORTS_MESSAGES = {
  navLink: { en: 'Our reports', 'zh-CN': '本单位报告' },
  title: { en: 'Reports from {{org}}', 'zh-CN': '{{org}} 的报告' },
  titleLoading: { en: 'Our reports', 'zh-CN': '本单位报告' },
  intro: {
    en: 'Reports made by your organisation’s signed-in reporters, and how far each has got. Details of the child and of the help given stay with the hotline.',
    'zh-CN': '本单位已登录报告人提交的报告及其处理进度。儿童信息和处置细节仅由热线掌握。',
  },
  newReport: { en: 'Make a report', 'zh-CN': '提交报告' },
  loading: { en: 'Loading the reports…', 'zh-CN': '正在加载报告…' },
  failed: { en: 'The reports could not be loaded.', 'zh-CN': '无法加载报告。' },
  empty: {
    en: 'No reports yet. Reports you make while signed in appear here.',
    'zh-CN': '暂无报告。您登录后提交的报告会显示在这里。',
  },
  caption: { en: 'Reports, newest first', 'zh-CN': '报告（最新的在前）' },
  reference: { en: 'Reference', 'zh-CN': '报告编号' },
  received: { en: 'Received', 'zh-CN': '收到时间' },
  by: { en: 'Made by', 'zh-CN': '报告人' },
  stage: { en: 'Progress', 'zh-CN': '进度' },
  outcome: { en: 'Outcome', 'zh-CN': '结果' },
  updated: { en: 'Last change', 'zh-CN': '最近更新' },
  inactive: {
    en: 'Your organisation’s account is no longer active, so its reports are not shown. A report you make now is filed as an ordinary public report; keep its reference and lookup code.',
    'zh-CN':
      '您所在单位的账户已停用，因此不再显示本单位报告。现在提交的报告将作为普通公众报告处理，请保存报告编号和查询码。',
  },
} satisfies Record<string, Label>;

export const ORG_STAGE_LABEL: Record<TReportStatus['stage'], Label> = {
  received: { en: 'Received', 'zh-CN': '已收到' },
  in_progress: { en: 'Being dealt with', 'zh-CN': '处理中' },
  resolved: { en: 'Dealt with', 'zh-CN': '已处理' },
  closed: { en: 'Closed', 'zh-CN': '已关闭' },
};
