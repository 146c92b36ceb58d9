import type { CallOutcome, PresenceStatus } from '@hutong/shared';
import type { Label } from '../../lib/messages';

/** Presence names in both languages. */
export const PRESENCE_LABEL: Record<PresenceStatus, Label> = {
  available: { en: 'Available', 'zh-CN': '空闲' },
  on_call: { en: 'On a call', 'zh-CN': '通话中' },
  wrap_up: { en: 'Wrap-up', 'zh-CN': '话后处理' },
  break: { en: 'Break', 'zh-CN': '小休' },
  offline: { en: 'Offline', 'zh-CN': '离线' },
};

/** How a call ended, in both languages. */
export const CALL_OUTCOME_LABEL: Record<CallOutcome, Label> = {
  report_taken: { en: 'Report taken', 'zh-CN': '已受理报告' },
  advice_given: { en: 'Advice given', 'zh-CN': '已提供咨询' },
  referred: { en: 'Referred elsewhere', 'zh-CN': '已转介' },
  silent_or_abusive: { en: 'Silent or abusive', 'zh-CN': '无声或骚扰来电' },
  wrong_number: { en: 'Wrong number', 'zh-CN': '打错电话' },
};

/** Texts of the presence control, the wrap-up step and the supervisors' alerts. */
export const PRESENCE_MESSAGES = {
  label: { en: 'My status', 'zh-CN': '我的状态' },
  loadFailed: { en: 'Status unavailable', 'zh-CN': '状态不可用' },
  changeFailed: { en: 'Your status could not be changed.', 'zh-CN': '无法更改状态。' },
  systemSet: {
    en: 'Set by your call; it ends after the wrap-up.',
    'zh-CN': '由通话自动设置，话后处理完成后恢复。',
  },
  'wrapUp.title': { en: 'After the call', 'zh-CN': '话后处理' },
  'wrapUp.intro': {
    en: 'Record how the call ended. You become available when you save (or when the wrap-up time runs out at {{time}}).',
    'zh-CN': '请记录本次通话结果。保存后（或于 {{time}} 话后处理时间结束时）状态恢复为空闲。',
  },
  'wrapUp.case': { en: 'Case', 'zh-CN': '案件' },
  'wrapUp.noCase': { en: 'No case linked to this call.', 'zh-CN': '本次通话未关联案件。' },
  'wrapUp.outcome': { en: 'Outcome of the call', 'zh-CN': '通话结果' },
  'wrapUp.outcomeRequired': { en: 'Choose how the call ended', 'zh-CN': '请选择通话结果' },
  'wrapUp.note': { en: 'Short note (optional)', 'zh-CN': '简要备注（选填）' },
  'wrapUp.save': { en: 'Save and become available', 'zh-CN': '保存并恢复空闲' },
  'wrapUp.saved': {
    en: 'Wrap-up saved. You are available.',
    'zh-CN': '已保存话后处理，状态为空闲。',
  },
  'wrapUp.failed': { en: 'The wrap-up could not be saved.', 'zh-CN': '无法保存话后处理。' },
  'wrapUp.later': { en: 'Later', 'zh-CN': '稍后' },
  'alert.claim_overdue': {
    en: '{{priority}} case {{reference}} was not claimed in time',
    'zh-CN': '{{priority}} 案件 {{reference}} 超时未认领',
  },
  'alert.referral_escalated': {
    en: 'Referral for {{priority}} case {{reference}} escalated',
    'zh-CN': '{{priority}} 案件 {{reference}} 的转介已升级',
  },
  'alert.open': { en: 'Open the case', 'zh-CN': '打开案件' },
  'alert.title': { en: 'Needs a supervisor', 'zh-CN': '需要值班主任处理' },
} satisfies Record<string, Label>;
