import type { Label } from '../../lib/messages';

/** Texts of the statistics page in both languages (figures' own texts live in shared). */
export const STATS_MESSAGES = {
  navLink: { en: 'Statistics', 'zh-CN': '统计' },
  title: { en: 'Statistics', 'zh-CN': '统计分析' },
  intro: {
    en: 'Figures of the line for a period and a region: counts only, never a name.',
    'zh-CN': '按期间和地区统计的热线数据：只有数字，不含任何姓名。',
  },
  loading: { en: 'Loading the figures…', 'zh-CN': '正在加载统计数据…' },
  loadFailed: { en: 'The figures could not be loaded.', 'zh-CN': '无法加载统计数据。' },
  thisMonth: { en: 'This month', 'zh-CN': '本月' },
  lastMonth: { en: 'Last month', 'zh-CN': '上月' },
  from: { en: 'From', 'zh-CN': '开始日期' },
  to: { en: 'To', 'zh-CN': '结束日期' },
  region: { en: 'Region', 'zh-CN': '地区' },
  wholeScope: { en: 'Whole scope', 'zh-CN': '全部范围' },
  up: { en: 'Up one level', 'zh-CN': '返回上一级' },
  change: { en: '{{change}} against the previous period', 'zh-CN': '较上期 {{change}}' },
  noChange: { en: 'no previous figure', 'zh-CN': '上期无数据' },
  channelChart: { en: 'Contacts by channel, by day', 'zh-CN': '各渠道来访（按日）' },
  categories: { en: 'Situations', 'zh-CN': '情形类别' },
  regions: { en: 'Regions', 'zh-CN': '地区分布' },
  serviceLevels: { en: 'Service levels against targets', 'zh-CN': '服务水平与目标' },
  target: { en: 'target {{target}}', 'zh-CN': '目标 {{target}}' },
  exportXlsx: { en: 'Export xlsx', 'zh-CN': '导出 Excel' },
  exportCsv: { en: 'Export CSV', 'zh-CN': '导出 CSV' },
  print: { en: 'Print', 'zh-CN': '打印' },
  empty: { en: 'No contacts in this period.', 'zh-CN': '本期间没有来访。' },
} satisfies Record<string, Label>;
