import type { DirectoryKind } from '@hutong/shared';
import type { Label } from '../../lib/messages';

/** Texts of the directory and contact-history page in both languages (see `useMessages`). */
export const DIRECTORY_MESSAGES = {
  navLink: { en: 'Directory', 'zh-CN': '通讯录' },
  title: { en: 'Directory', 'zh-CN': '通讯录' },
  intro: {
    en: 'Rescue centres, police, hospitals and offices by area. Choose a region to see those in it and the centres covering it.',
    'zh-CN':
      '按区域查找救助保护机构、派出所、医院及相关部门。选择区域可查看辖区内的单位及覆盖该区域的救助机构。',
  },
  area: { en: 'Area', 'zh-CN': '区域' },
  areaPlaceholder: { en: 'All areas', 'zh-CN': '全部区域' },
  search: { en: 'Name contains', 'zh-CN': '名称包含' },
  loading: { en: 'Loading the directory…', 'zh-CN': '正在加载通讯录…' },
  failed: { en: 'The directory could not be loaded.', 'zh-CN': '无法加载通讯录。' },
  entries: { en: 'Police, hospitals and offices', 'zh-CN': '派出所、医院及相关部门' },
  centres: { en: 'Rescue centres', 'zh-CN': '救助保护机构' },
  empty: { en: 'Nothing listed for this area.', 'zh-CN': '该区域暂无登记。' },
  name: { en: 'Name', 'zh-CN': '名称' },
  kind: { en: 'Kind', 'zh-CN': '类别' },
  phone: { en: 'Phone', 'zh-CN': '电话' },
  region: { en: 'Region', 'zh-CN': '所在区域' },
  note: { en: 'Note', 'zh-CN': '备注' },
  duty: { en: 'Duty contacts', 'zh-CN': '值班联系人' },
  inactive: { en: 'inactive', 'zh-CN': '已停用' },
  add: { en: 'Add an entry', 'zh-CN': '新增条目' },
  save: { en: 'Save', 'zh-CN': '保存' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  saved: { en: '{{name}} is saved.', 'zh-CN': '已保存：{{name}}' },
  'errors.required': { en: 'Fill this in.', 'zh-CN': '请填写此项。' },
  'errors.phone': {
    en: 'Enter a mobile, a landline with its area code (0751-5321110) or a service number (110).',
    'zh-CN': '请填写手机号、带区号的固定电话（0751-5321110）或服务号码（110）。',
  },
  'history.title': { en: 'Contact history', 'zh-CN': '来电来访记录' },
  'history.intro': {
    en: 'Earlier reports, calls and texts from one phone number. The number is matched privately and not kept; each search is recorded in the audit log.',
    'zh-CN':
      '查询同一电话号码此前的报告、来电和短信。号码仅用于加密比对，不会保存；每次查询均记入审计日志。',
  },
  'history.phone': { en: 'Phone number', 'zh-CN': '电话号码' },
  'history.search': { en: 'Search', 'zh-CN': '查询' },
  'history.none': {
    en: 'No earlier contact from this number.',
    'zh-CN': '该号码此前没有联系记录。',
  },
  'history.found': { en: '{{count}} earlier contacts', 'zh-CN': '此前共 {{count}} 次联系' },
  'history.when': { en: 'When', 'zh-CN': '时间' },
  'history.channel': { en: 'Channel', 'zh-CN': '渠道' },
  'history.reference': { en: 'Reference', 'zh-CN': '编号' },
  'history.case': { en: 'Case', 'zh-CN': '案件' },
  'history.status': { en: 'Status', 'zh-CN': '状态' },
  'history.call': { en: 'Call (no report)', 'zh-CN': '来电（未形成报告）' },
  'history.failed': { en: 'The search failed.', 'zh-CN': '查询失败。' },
  'history.caseLink': {
    en: 'Earlier contacts from this case’s reporters',
    'zh-CN': '查看本案报告人的来电来访记录',
  },
  'history.fromCase': {
    en: 'Earlier contacts from the numbers the reporters of case {{reference}} gave.',
    'zh-CN': '以下为工单 {{reference}} 报告人所留号码此前的联系记录。',
  },
  'history.backToCase': { en: 'Back to case {{reference}}', 'zh-CN': '返回工单 {{reference}}' },
} satisfies Record<string, Label>;

/** Directory entry kinds, as people call them. */
export const DIRECTORY_KIND_LABEL: Record<DirectoryKind, Label> = {
  police: { en: 'Police station', 'zh-CN': '派出所/公安' },
  hospital: { en: 'Hospital', 'zh-CN': '医院' },
  school_safety: { en: 'School-safety office', 'zh-CN': '学校安全办公室' },
  civil_affairs: { en: 'Civil-affairs bureau', 'zh-CN': '民政部门' },
  womens_federation: { en: "Women's federation", 'zh-CN': '妇联' },
  other: { en: 'Other', 'zh-CN': '其他' },
};

/** Texts of the administrators' directory screen (adds to DIRECTORY_MESSAGES). */
export const DIRECTORY_ADMIN_MESSAGES = {
  navLink: { en: 'Directory entries', 'zh-CN': '通讯录管理' },
  title: { en: 'Directory entries', 'zh-CN': '通讯录管理' },
  intro: {
    en: 'Police stations, hospitals and offices operators may ring, by area. Rescue centres are kept under Centres. An entry no longer in use is made inactive rather than deleted.',
    'zh-CN':
      '接线员可能需要联系的派出所、医院及相关部门，按区域登记。救助保护机构请在“机构”中维护。不再使用的条目请停用，而非删除。',
  },
  newTitle: { en: 'New directory entry', 'zh-CN': '新增通讯录条目' },
  editTitle: { en: 'Edit {{name}}', 'zh-CN': '编辑：{{name}}' },
  edit: { en: 'Edit', 'zh-CN': '编辑' },
  editNamed: { en: 'Edit {{name}}', 'zh-CN': '编辑：{{name}}' },
  active: { en: 'In use', 'zh-CN': '启用' },
  activeYes: { en: 'In use', 'zh-CN': '启用中' },
  actions: { en: 'Actions', 'zh-CN': '操作' },
  phoneHint: {
    en: 'A mobile, a landline with its area code (0751-5321110) or a service number (110).',
    'zh-CN': '手机号、带区号的固定电话（0751-5321110）或服务号码（110）。',
  },
  saveFailed: { en: 'The entry was not saved.', 'zh-CN': '条目未保存。' },
  'errors.name': { en: 'Give the name.', 'zh-CN': '请填写名称。' },
  'errors.region': { en: 'Choose the region.', 'zh-CN': '请选择所在区域。' },
} satisfies Record<string, Label>;
