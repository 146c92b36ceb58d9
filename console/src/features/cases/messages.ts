import type { Label } from '../../lib/messages';

/** Texts of the two-pane case view in both languages (see `useMessages`). */
export const CASE_VIEW_MESSAGES = {
  reported: { en: 'What was reported', 'zh-CN': '报告内容' },
  work: { en: 'Assessment and actions', 'zh-CN': '评估与处置' },
  refer: { en: 'Refer…', 'zh-CN': '转介…' },
  deadlines: { en: 'Deadlines', 'zh-CN': '时限' },
  holder: { en: 'Holder', 'zh-CN': '承办人' },
  nobody: { en: 'Nobody yet', 'zh-CN': '尚无人认领' },
  filedBy: { en: 'Filed by', 'zh-CN': '报告单位' },
  filedByConfidential: {
    en: 'An organisation (confidential)',
    'zh-CN': '某报告单位（保密）',
  },
  lockedTitle: { en: 'Read only until you claim this case', 'zh-CN': '认领后才能编辑' },
  lockedByOther: {
    en: '{{name}} holds this case; only they or a supervisor may change the assessment.',
    'zh-CN': '此工单由{{name}}承办；只有承办人或值班主任可以修改评估。',
  },
  editingTitle: { en: 'Someone else is editing', 'zh-CN': '其他人正在编辑' },
  lockedEditing: {
    en: '{{name}} is changing this assessment now. You can read it; it opens for you when they stop, so neither of you overwrites the other.',
    'zh-CN': '{{name}}正在修改此评估。您可以查看；对方停止编辑后即可修改，以免互相覆盖。',
  },
  someoneElse: { en: 'Someone else', 'zh-CN': '其他人' },
  viewersTitle: { en: 'Also in this case', 'zh-CN': '正在查看此工单' },
  viewerEditing: { en: '{{name}} (editing)', 'zh-CN': '{{name}}（正在编辑）' },
  lockedNoRole: {
    en: 'Your role may read this assessment but not change it.',
    'zh-CN': '您的角色可以查看但不能修改评估。',
  },
  prefilledTitle: { en: 'Taken from the report', 'zh-CN': '已从报告带入' },
  prefilled: {
    en: 'The children, “in danger now” and the place come from the report and are not saved yet. Check them, correct what is wrong, then confirm.',
    'zh-CN': '儿童信息、“当前是否有危险”和地点取自报告，尚未保存。请核对、修改后确认。',
  },
  prefilledLocked: {
    en: 'Shown as the report gave them; nothing is saved until the holder confirms.',
    'zh-CN': '按报告内容显示；承办人确认后才会保存。',
  },
  confirmPrefill: { en: 'Confirm and save', 'zh-CN': '确认并保存' },
  'timeline.status': { en: 'Status: {{from}} → {{to}}', 'zh-CN': '状态：{{from}} → {{to}}' },
  'timeline.priority': {
    en: 'Priority: {{from}} → {{to}}',
    'zh-CN': '优先级：{{from}} → {{to}}',
  },
  'timeline.referral': {
    en: 'Referral: {{from}} → {{to}}',
    'zh-CN': '转介状态：{{from}} → {{to}}',
  },
  'timeline.referralTo': { en: 'Referred to {{centre}}', 'zh-CN': '转介至{{centre}}' },
  'timeline.holder': { en: 'Holder: {{from}} → {{to}}', 'zh-CN': '承办人：{{from}} → {{to}}' },
  'timeline.released': { en: 'Released by {{name}}', 'zh-CN': '{{name}}已释放' },
  'timeline.nobody': { en: 'nobody', 'zh-CN': '无' },
  'timeline.byPhone': { en: 'confirmed by phone', 'zh-CN': '电话确认' },
} satisfies Record<string, Label>;
