import type { Label } from '../../lib/messages';

/** Texts of the warnings screens in both languages (see `useMessages`). */
export const WARNINGS_MESSAGES = {
  navLink: { en: 'Warnings', 'zh-CN': '预警' },
  title: { en: 'Early warnings', 'zh-CN': '预警信息' },
  intro: {
    en: 'Overdue visits, danger signals and reports about children on the register, newest first. Acknowledge, dismiss with a reason, or escalate to the hotline.',
    'zh-CN':
      '逾期未走访、走访发现危险信号、涉及在档儿童的举报，按时间倒序。可确认、说明理由后撤销，或转报热线处置。',
  },
  loading: { en: 'Loading warnings…', 'zh-CN': '正在加载预警…' },
  failed: { en: 'The warnings could not be loaded.', 'zh-CN': '无法加载预警。' },
  empty: { en: 'No open warnings.', 'zh-CN': '暂无待处理预警。' },
  emptyAll: { en: 'No warnings.', 'zh-CN': '暂无预警。' },
  count: { en: '{{count}} warnings', 'zh-CN': '共 {{count}} 条预警', one: { en: '1 warning' } },
  'filter.label': { en: 'Filter warnings', 'zh-CN': '筛选预警' },
  'filter.status': { en: 'Show', 'zh-CN': '显示' },
  'filter.open': { en: 'Open', 'zh-CN': '待处理' },
  'filter.all': { en: 'All', 'zh-CN': '全部' },
  'filter.kind': { en: 'Kind', 'zh-CN': '类型' },
  'filter.any': { en: 'Any', 'zh-CN': '全部' },
  raisedAt: { en: 'Raised {{date}}', 'zh-CN': '{{date}} 发出' },
  acknowledge: { en: 'Acknowledge', 'zh-CN': '确认' },
  dismiss: { en: 'Dismiss…', 'zh-CN': '撤销…' },
  dismissReason: { en: 'Why no action is needed', 'zh-CN': '无需处置的理由' },
  dismissConfirm: { en: 'Dismiss', 'zh-CN': '确认撤销' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  escalate: { en: 'Escalate to the hotline', 'zh-CN': '转报热线' },
  escalated: {
    en: 'Escalated: report {{reference}} is in the operators’ queue.',
    'zh-CN': '已转报：举报编号 {{reference}}，已进入接线员队列。',
  },
  acknowledgedBy: { en: 'Acknowledged by {{who}}', 'zh-CN': '{{who}} 已确认' },
  dismissedBy: { en: 'Dismissed by {{who}}: {{reason}}', 'zh-CN': '{{who}} 已撤销：{{reason}}' },
  escalatedTo: {
    en: 'Escalated as report {{reference}}',
    'zh-CN': '已转报，举报编号 {{reference}}',
  },
  actionFailed: { en: 'That did not work.', 'zh-CN': '操作未成功。' },
  reasonRequired: { en: 'Give a reason.', 'zh-CN': '请填写理由。' },
  live: { en: 'Warnings update live.', 'zh-CN': '预警实时更新。' },
  boardLine: {
    en: '{{count}} open warnings on the children’s register',
    'zh-CN': '儿童档案待处理预警 {{count}} 条',
    one: { en: '1 open warning on the children’s register' },
  },
  fileTitle: { en: 'Warnings', 'zh-CN': '预警' },
  fileEmpty: { en: 'No warnings for this child.', 'zh-CN': '该儿童暂无预警。' },
  linkedTitle: { en: 'Reports about this child', 'zh-CN': '涉及该儿童的举报' },
  linkedEmpty: { en: 'No reports link to this file.', 'zh-CN': '暂无关联举报。' },
} satisfies Record<string, Label>;

/** The operator's panel on a case whose report is about a child on the register. */
export const CHILDREN_ON_FILE_MESSAGES = {
  title: { en: 'Child on the register', 'zh-CN': '在档儿童' },
  intro: {
    en: 'This report is about a child the village’s children’s director keeps a file on.',
    'zh-CN': '该举报涉及的儿童已在儿童主任处建档。',
  },
  lastVisit: { en: 'Last visit: {{date}}', 'zh-CN': '最近走访：{{date}}' },
  neverVisited: { en: 'Not visited yet', 'zh-CN': '尚未走访' },
  director: { en: 'Children’s director: {{who}}', 'zh-CN': '儿童主任：{{who}}' },
  noDirector: { en: 'No children’s director on record', 'zh-CN': '暂无儿童主任记录' },
  openFile: { en: 'Open {{name}}’s file', 'zh-CN': '打开{{name}}的档案' },
} satisfies Record<string, Label>;
