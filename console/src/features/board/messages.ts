import type { Label } from '../../lib/messages';

/** Texts of the supervisors' duty board in both languages (see `useMessages`). */
export const BOARD_MESSAGES = {
  navLink: { en: 'Duty board', 'zh-CN': '值班看板' },
  title: { en: 'Duty board', 'zh-CN': '值班看板' },
  intro: {
    en: 'The live picture: open cases, deadlines missed, waiting callers and who is on duty. It updates by itself.',
    'zh-CN': '实时总览：未结案件、超时事项、等待中的来电和在岗人员。页面会自动更新。',
  },
  loading: { en: 'Loading the duty board…', 'zh-CN': '正在加载值班看板…' },
  loadFailed: { en: 'The duty board could not be loaded.', 'zh-CN': '无法加载值班看板。' },
  stale: {
    en: 'Could not refresh; showing the board as of {{time}}.',
    'zh-CN': '刷新失败；当前显示的是 {{time}} 的数据。',
  },
  asOf: { en: 'As of {{time}}', 'zh-CN': '更新于 {{time}}' },
  'cases.title': { en: 'Open cases', 'zh-CN': '未结案件' },
  'cases.open': { en: '{{count}} open', 'zh-CN': '共 {{count}} 件' },
  'cases.unclaimed': { en: '{{count}} not yet claimed', 'zh-CN': '{{count}} 件尚未认领' },
  'overdue.title': { en: 'Not claimed in time', 'zh-CN': '超时未认领' },
  'overdue.none': {
    en: 'Every case has been claimed within its deadline.',
    'zh-CN': '所有案件均已在时限内认领。',
  },
  'overdue.more': {
    en: 'Showing {{shown}} of {{total}}.',
    'zh-CN': '显示 {{total}} 件中的 {{shown}} 件。',
  },
  'overdue.late': { en: '{{time}} late', 'zh-CN': '已超时 {{time}}' },
  'referrals.title': { en: 'Referrals needing attention', 'zh-CN': '需关注的转介' },
  'referrals.awaiting': {
    en: '{{count}} waiting for acknowledgement',
    'zh-CN': '{{count}} 件等待确认',
  },
  'referrals.none': {
    en: 'No referral is past its acknowledgement deadline or escalated.',
    'zh-CN': '没有超过确认时限或已升级的转介。',
  },
  'referrals.case': { en: 'Case', 'zh-CN': '案件' },
  'referrals.centre': { en: 'Centre', 'zh-CN': '机构' },
  'referrals.priority': { en: 'Priority', 'zh-CN': '优先级' },
  'referrals.status': { en: 'Status', 'zh-CN': '状态' },
  'referrals.deadline': { en: 'Acknowledge by', 'zh-CN': '确认时限' },
  'referrals.escalation': { en: 'Escalation', 'zh-CN': '升级' },
  'referrals.level': { en: 'Step {{level}}', 'zh-CN': '第 {{level}} 步' },
  'referrals.notEscalated': { en: 'Not yet', 'zh-CN': '未升级' },
  'calls.title': { en: 'Phone', 'zh-CN': '电话' },
  'calls.waiting': {
    en: '{{count}} callers waiting',
    'zh-CN': '{{count}} 位来电者在等待',
    one: { en: '{{count}} caller waiting' },
  },
  'calls.urgent': { en: '{{count}} urgent', 'zh-CN': '其中紧急 {{count}} 位' },
  'calls.longest': { en: 'Longest wait {{time}}', 'zh-CN': '最长等待 {{time}}' },
  'calls.none': { en: 'Nobody is waiting.', 'zh-CN': '目前无人等待。' },
  'calls.day': {
    en: 'Last 24 h: {{within}} of {{queued}} callers answered within 15 s ({{percent}}); {{abandoned}} hung up waiting.',
    'zh-CN':
      '过去24小时：{{queued}} 位来电者中 {{within}} 位在15秒内接听（{{percent}}）；{{abandoned}} 位等待中挂断。',
  },
  'calls.dayNone': {
    en: 'No caller has reached a queue in the last 24 h.',
    'zh-CN': '过去24小时内没有来电进入排队。',
  },
  'callbacks.open': {
    en: '{{count}} callbacks to make',
    'zh-CN': '{{count}} 个待回电',
    one: { en: '{{count}} callback to make' },
  },
  'callbacks.overdue': { en: '{{count}} past their deadline', 'zh-CN': '{{count}} 个已超时' },
  'duty.title': { en: 'On duty now', 'zh-CN': '当前在岗' },
  'duty.none': { en: 'No console is open.', 'zh-CN': '目前没有人在线。' },
  'duty.unknown': {
    en: 'Who is on duty could not be counted just now.',
    'zh-CN': '暂时无法统计在岗人员。',
  },
  'duty.name': { en: 'Name', 'zh-CN': '姓名' },
  'duty.role': { en: 'Role', 'zh-CN': '角色' },
  'duty.holding': { en: 'Cases held', 'zh-CN': '负责案件' },
  'duty.consoles': { en: 'Open consoles', 'zh-CN': '在线终端' },
} satisfies Record<string, Label>;

/** Texts of the shift panels on the board (presence, handover, bulk reassignment). */
export const SHIFT_MESSAGES = {
  'presence.title': { en: 'Operators now', 'zh-CN': '接线员状态' },
  'presence.status': { en: 'Status', 'zh-CN': '状态' },
  'presence.since': { en: 'since {{time}} ({{for}})', 'zh-CN': '自 {{time}}（{{for}}）' },
  'handover.title': { en: 'Shift handover', 'zh-CN': '交接班记录' },
  'handover.loading': { en: 'Loading handover notes…', 'zh-CN': '正在加载交接班记录…' },
  'handover.loadFailed': {
    en: 'The handover notes could not be loaded.',
    'zh-CN': '无法加载交接班记录。',
  },
  'handover.none': { en: 'No handover notes yet.', 'zh-CN': '暂无交接班记录。' },
  'handover.write': { en: 'Write a handover note', 'zh-CN': '填写交接班记录' },
  'handover.hint': {
    en: 'What the next shift must know. Refer to cases by reference; no names of children or reporters.',
    'zh-CN': '下一班需要了解的事项。请用案件编号指代案件，不要写儿童或报告人姓名。',
  },
  'handover.required': { en: 'Write the handover note', 'zh-CN': '请填写交接班记录' },
  'handover.save': { en: 'Save note', 'zh-CN': '保存记录' },
  'handover.saved': { en: 'Handover note saved.', 'zh-CN': '已保存交接班记录。' },
  'handover.failed': { en: 'The note could not be saved.', 'zh-CN': '无法保存记录。' },
  'reassign.title': { en: 'Hand over all cases', 'zh-CN': '批量移交案件' },
  'reassign.intro': {
    en: 'Moves every open case one person holds to another, or back to the queue. Each case’s timeline and the audit log record it.',
    'zh-CN':
      '将某人负责的全部未结案件移交给另一人或退回待认领队列。每个案件的时间线和审计日志都会记录。',
  },
  'reassign.from': { en: 'Cases held by', 'zh-CN': '当前负责人' },
  'reassign.fromRequired': { en: 'Choose whose cases to move', 'zh-CN': '请选择当前负责人' },
  'reassign.to': { en: 'Move to', 'zh-CN': '移交给' },
  'reassign.toRequired': { en: 'Choose where they go', 'zh-CN': '请选择移交对象' },
  'reassign.same': {
    en: 'Choose someone other than the current holder',
    'zh-CN': '请选择当前负责人以外的人',
  },
  'reassign.queue': { en: 'Back to the queue (unclaimed)', 'zh-CN': '退回队列（待认领）' },
  'reassign.submit': { en: 'Move cases', 'zh-CN': '移交案件' },
  'reassign.done': { en: '{{count}} cases moved.', 'zh-CN': '已移交 {{count}} 件案件。' },
  'reassign.failed': { en: 'The cases could not be moved.', 'zh-CN': '无法移交案件。' },
  'reassign.loadFailed': {
    en: 'The list of operators could not be loaded.',
    'zh-CN': '无法加载接线员列表。',
  },
} satisfies Record<string, Label>;
