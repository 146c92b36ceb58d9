import type { Label } from '../lib/messages';

/** Texts of the signed-in shell: connection banner, navigation, loading. */
export const SHELL_MESSAGES = {
  'connection.down': {
    en: 'Live updates are interrupted; reconnecting… New reports may not appear at once.',
    'zh-CN': '实时更新已中断，正在重新连接… 新报告可能不会立即显示',
  },
  'connection.since': { en: 'Since {{time}}.', 'zh-CN': '自 {{time}} 起。' },
  'connection.back': {
    en: 'Live updates are back.',
    'zh-CN': '实时更新已恢复。',
  },
  'offline.notice': {
    en: 'No connection: the console opened from this phone. Visits you record are kept here and sent when the connection returns.',
    'zh-CN': '当前没有网络：护童已从本机打开。记录的走访会保存在本机，网络恢复后自动发送。',
  },
  'nav.search': { en: 'Search cases', 'zh-CN': '查询工单' },
  'nav.searchShortcut': {
    en: 'Press / to search cases',
    'zh-CN': '按 / 键查询工单',
  },
  'nav.menu': { en: 'Menu', 'zh-CN': '菜单' },
  'nav.account': { en: 'Account', 'zh-CN': '账号' },
  'loading.page': { en: 'Loading the page…', 'zh-CN': '正在加载页面…' },
  'account.centre': { en: 'Centre: {{name}}', 'zh-CN': '所属机构：{{name}}' },
} satisfies Record<string, Label>;
