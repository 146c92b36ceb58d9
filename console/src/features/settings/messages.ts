import type { Label } from '../../lib/messages';

/** Texts of the administrators' settings screen in both languages (see `useMessages`). */
export const SETTINGS_MESSAGES = {
  navLink: { en: 'Settings', 'zh-CN': '设置' },
  title: { en: 'Dispatch settings', 'zh-CN': '转介设置' },
  loading: { en: 'Loading settings…', 'zh-CN': '正在加载设置…' },
  loadError: { en: 'The settings could not be loaded.', 'zh-CN': '无法加载设置。' },
  legend: {
    en: 'Time a centre has to acknowledge a referral',
    'zh-CN': '救助机构确认转介的时限',
  },
  hint: {
    en: 'In minutes, from 1 to 10080 (7 days). A more urgent level may not have a longer time. Changes apply to referrals made from now on; deadlines already running are kept. Green (P4) cases have no deadline.',
    'zh-CN':
      '单位为分钟，1 至 10080（7 天）。紧急程度更高的等级时限不得更长。修改只对此后新建的转介生效，已在计时的时限不变。绿色（P4）工单不设时限。',
  },
  'field.P1': { en: 'Red (P1), minutes', 'zh-CN': '红色（P1），分钟' },
  'field.P2': { en: 'Yellow (P2), minutes', 'zh-CN': '黄色（P2），分钟' },
  'field.P3': { en: 'Blue (P3), minutes', 'zh-CN': '蓝色（P3），分钟' },
  defaultIs: { en: 'Default: {{minutes}}', 'zh-CN': '默认：{{minutes}}' },
  save: { en: 'Save settings', 'zh-CN': '保存设置' },
  saving: { en: 'Saving…', 'zh-CN': '正在保存…' },
  reset: { en: 'Restore the defaults', 'zh-CN': '恢复默认值' },
  saved: { en: 'The settings are saved.', 'zh-CN': '设置已保存。' },
  lastChanged: {
    en: 'Last changed by {{name}} at {{time}}.',
    'zh-CN': '最近由{{name}}于{{time}}修改。',
  },
  neverChanged: {
    en: 'The defaults are in force.',
    'zh-CN': '当前使用默认值。',
  },
  errorSummary: {
    en: 'Please correct the fields marked below.',
    'zh-CN': '请更正下面标出的字段。',
  },
  'errors.whole': {
    en: 'Enter a whole number of minutes from 1 to 10080.',
    'zh-CN': '请输入 1 至 10080 之间的整数分钟。',
  },
  'errors.order': {
    en: 'May not be shorter than the level above it.',
    'zh-CN': '不得短于更紧急等级的时限。',
  },
  'visits.title': { en: 'Visits to children on the register', 'zh-CN': '在档儿童走访周期' },
  'visits.legend': {
    en: 'Days to the next visit, by risk level',
    'zh-CN': '按风险等级设定的下次走访间隔（天）',
  },
  'visits.hint': {
    en: 'In days, from {{min}} to {{max}}. A higher risk may not have a longer interval. Each file takes the new interval the next time its risk is worked out (a visit, a change to the file).',
    'zh-CN':
      '单位为天，{{min}} 至 {{max}}。风险越高，间隔不得越长。每份档案在下次重新评估风险时（走访或修改档案）采用新的间隔。',
  },
  'visits.field.high': { en: 'High risk, days', 'zh-CN': '高风险，天' },
  'visits.field.medium': { en: 'Medium risk, days', 'zh-CN': '中风险，天' },
  'visits.field.low': { en: 'Low risk, days', 'zh-CN': '低风险，天' },
  'visits.defaultIs': { en: 'Default: {{days}}', 'zh-CN': '默认：{{days}}' },
  'visits.neverChanged': {
    en: 'The default intervals are in force.',
    'zh-CN': '当前使用默认走访周期。',
  },
  'visits.save': { en: 'Save visit intervals', 'zh-CN': '保存走访周期' },
  'visits.saved': { en: 'The visit intervals are saved.', 'zh-CN': '走访周期已保存。' },
  'visits.loadError': {
    en: 'The visit intervals could not be loaded.',
    'zh-CN': '无法加载走访周期。',
  },
  'visits.errors.whole': {
    en: 'Enter a whole number of days from {{min}} to {{max}}.',
    'zh-CN': '请输入 {{min}} 至 {{max}} 之间的整数天数。',
  },
  'visits.errors.order': {
    en: 'May not be shorter than the interval for a higher risk.',
    'zh-CN': '不得短于更高风险等级的间隔。',
  },
} satisfies Record<string, Label>;
