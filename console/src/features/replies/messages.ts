import type { Label } from '../../lib/messages';

/** Texts of the administrators' canned-replies screen in both languages (see `useMessages`). */
export const REPLIES_MESSAGES = {
  navLink: { en: 'SMS replies', 'zh-CN': '常用短信' },
  title: { en: 'Canned SMS replies', 'zh-CN': '常用短信回复' },
  intro: {
    en: 'Operators insert these from the SMS reply box, in the language of the conversation. Write both languages; never put a name or any personal detail in a reply.',
    'zh-CN':
      '接线员在短信回复框中一键插入，按对话语言选用。请填写中英文两种；回复中不得包含姓名或任何个人信息。',
  },
  loading: { en: 'Loading the replies…', 'zh-CN': '正在加载常用回复…' },
  failed: { en: 'The replies could not be loaded.', 'zh-CN': '无法加载常用回复。' },
  empty: { en: 'No canned replies yet.', 'zh-CN': '尚无常用回复。' },
  add: { en: 'Add a reply', 'zh-CN': '新增回复' },
  position: { en: 'Order', 'zh-CN': '顺序' },
  positionHint: {
    en: 'Lower numbers come first in the reply box.',
    'zh-CN': '数字越小，在回复框中越靠前。',
  },
  labelZh: { en: 'Name (Chinese)', 'zh-CN': '名称（中文）' },
  labelEn: { en: 'Name (English)', 'zh-CN': '名称（英文）' },
  textZh: { en: 'Text (Chinese)', 'zh-CN': '内容（中文）' },
  textEn: { en: 'Text (English)', 'zh-CN': '内容（英文）' },
  name: { en: 'Name', 'zh-CN': '名称' },
  text: { en: 'Text', 'zh-CN': '内容' },
  updated: { en: 'Changed', 'zh-CN': '修改时间' },
  actions: { en: 'Actions', 'zh-CN': '操作' },
  edit: { en: 'Edit', 'zh-CN': '编辑' },
  editNamed: { en: 'Edit {{name}}', 'zh-CN': '编辑：{{name}}' },
  delete: { en: 'Delete', 'zh-CN': '删除' },
  deleteNamed: { en: 'Delete {{name}}', 'zh-CN': '删除：{{name}}' },
  deleteConfirm: {
    en: 'Delete “{{name}}”? Operators will no longer see it.',
    'zh-CN': '确定删除“{{name}}”？删除后接线员将不再看到此回复。',
  },
  newTitle: { en: 'New canned reply', 'zh-CN': '新增常用回复' },
  editTitle: { en: 'Edit “{{name}}”', 'zh-CN': '编辑“{{name}}”' },
  save: { en: 'Save', 'zh-CN': '保存' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  saved: { en: '“{{name}}” is saved.', 'zh-CN': '已保存“{{name}}”。' },
  deleted: { en: '“{{name}}” is deleted.', 'zh-CN': '已删除“{{name}}”。' },
  saveFailed: { en: 'The reply was not saved.', 'zh-CN': '回复未保存。' },
  deleteFailed: { en: 'The reply was not deleted.', 'zh-CN': '回复未删除。' },
  'errors.label': { en: 'Name the reply.', 'zh-CN': '请填写名称。' },
  'errors.text': { en: 'Write the reply.', 'zh-CN': '请填写回复内容。' },
} satisfies Record<string, Label>;
