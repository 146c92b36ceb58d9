import type { Label } from '../../lib/messages';

/** Texts of the queue's tabs and triage row in both languages (see `useMessages`). */
export const QUEUE_MESSAGES = {
  tabsLabel: { en: 'Which cases to show', 'zh-CN': '显示哪些工单' },
  'tab.mine': { en: 'Mine', 'zh-CN': '我的' },
  'tab.unclaimed': { en: 'Unclaimed', 'zh-CN': '未认领' },
  'tab.all': { en: 'All', 'zh-CN': '全部' },
  'empty.mine': { en: 'You hold no open cases.', 'zh-CN': '你目前没有认领的待处理工单。' },
  'empty.unclaimed': {
    en: 'Every open case has been claimed.',
    'zh-CN': '所有待处理工单均已有人认领。',
  },
  caption: {
    en: 'Open cases: unclaimed before claimed, then by priority; within a priority, cases past their claim deadline first, then the earliest deadline',
    'zh-CN':
      '待处理工单：未认领的在前、已认领的在后，再按优先级；同一优先级中已超过认领时限的在前，其余按认领时限先后',
  },
  reasonsLabel: { en: 'Why this priority: ', 'zh-CN': '定级原因：' },
  reasonSeparator: { en: '; ', 'zh-CN': '；' },
  setsPriority: { en: ' (sets the priority)', 'zh-CN': '（决定优先级）' },
  nameSeparator: { en: ', ', 'zh-CN': '，' },
} satisfies Record<string, Label>;

/** Texts of the P1 alerts opt-in: the shell's notice and the queue's switch. */
export const ALERTS_MESSAGES = {
  off: { en: 'P1 alerts are off', 'zh-CN': 'P1 提醒已关闭' },
  offBody: {
    en: 'New red (P1) cases will not ring or show a desktop notification in this browser.',
    'zh-CN': '新的红色（P1）工单在此浏览器中不会响铃，也不会弹出桌面通知。',
  },
  turnOn: { en: 'Turn on P1 alerts', 'zh-CN': '开启 P1 提醒' },
  suspended: {
    en: 'P1 alerts are on, but the browser has muted the sound since the page was reloaded.',
    'zh-CN': 'P1 提醒已开启，但页面重新加载后浏览器已将提示音静音。',
  },
  resume: { en: 'Re-enable sound', 'zh-CN': '重新开启提示音' },
  turnOff: { en: 'Turn off', 'zh-CN': '关闭' },
} satisfies Record<string, Label>;
