import type {
  CentreKind,
  EscalationStep,
  Language,
  ClosureBlocker,
  NotificationChannel,
  OutcomeAction,
  ReferralProblem,
  TCentreSuggestion,
  TReportStatus,
} from '@hutong/shared';
import type { Label } from '../../lib/messages';

/**
 * Labels of the dispatch enums in both languages, kept beside the enums' values like the
 * situation and priority labels in shared (see `Label` in lib/messages).
 */

/** Referral statuses' words live in shared, with the other codes' (the case export uses them). */
export { REFERRAL_STATUS_LABEL } from '@hutong/shared';

/** The buttons a centre presses to move a referral. */
export const CENTRE_MOVE_LABEL: Record<
  'acknowledged' | 'accepted' | 'declined' | 'en_route' | 'on_site' | 'completed',
  Label
> = {
  acknowledged: { en: 'Acknowledge', 'zh-CN': '确认收到' },
  accepted: { en: 'Accept', 'zh-CN': '接受' },
  declined: { en: 'Decline…', 'zh-CN': '拒绝…' },
  en_route: { en: 'On our way', 'zh-CN': '正在前往' },
  on_site: { en: 'On site', 'zh-CN': '已到场' },
  completed: { en: 'Record outcome…', 'zh-CN': '记录处置结果…' },
};

export const CENTRE_KIND_LABEL: Record<CentreKind, Label> = {
  county_rescue_centre: {
    en: 'County rescue and protection centre',
    'zh-CN': '县级未成年人救助保护中心',
  },
  township_station: {
    en: 'Township protection station',
    'zh-CN': '乡镇（街道）未成年人保护工作站',
  },
  welfare_institution: { en: 'Child welfare institution', 'zh-CN': '儿童福利机构' },
  police: { en: 'Police', 'zh-CN': '公安机关' },
  hospital: { en: 'Hospital', 'zh-CN': '医院' },
  other: { en: 'Other', 'zh-CN': '其他' },
};

export const OUTCOME_ACTION_LABEL: Record<OutcomeAction, Label> = {
  child_seen: { en: 'Child seen', 'zh-CN': '已见到儿童' },
  placed_with_relatives: { en: 'Placed with relatives', 'zh-CN': '安置于亲属家' },
  placed_foster_family: { en: 'Placed with a foster family', 'zh-CN': '安置于寄养家庭' },
  placed_rescue_centre: { en: 'Placed at a rescue centre', 'zh-CN': '安置于救助保护机构' },
  placed_welfare_institution: {
    en: 'Placed at a welfare institution',
    'zh-CN': '安置于儿童福利机构',
  },
  placed_hospital: { en: 'Taken to hospital', 'zh-CN': '送医' },
  returned_home_with_support: { en: 'Returned home with support', 'zh-CN': '返家并提供支持' },
  police_case_opened: { en: 'Police case opened', 'zh-CN': '公安机关已立案' },
  services_arranged: { en: 'Services arranged', 'zh-CN': '已安排服务' },
};

export const SUGGESTION_REASON_LABEL: Record<TCentreSuggestion['reason'], Label> = {
  jurisdiction: { en: 'covers the location', 'zh-CN': '辖区覆盖该地点' },
  parent_region: { en: 'region above', 'zh-CN': '上级区域' },
  police: { en: 'police, mandatory report', 'zh-CN': '公安机关，强制报告' },
};

/** Each closure condition, worded as what must be true. */
export const CLOSURE_CHECK_LABEL: Record<ClosureBlocker, Label> = {
  open_referrals: {
    en: 'Every referral completed, cancelled, or declined and re-routed',
    'zh-CN': '所有转介均已完成、取消，或被拒绝并已改派',
  },
  declined_not_rerouted: {
    en: 'Every declined referral re-routed',
    'zh-CN': '所有被拒绝的转介均已改派',
  },
  police_not_notified: {
    en: 'Police notified (mandatory situations 1–8)',
    'zh-CN': '已通知公安机关（强制报告情形 1–8）',
  },
  callback_missing: {
    en: 'Reporter called back (回访) or the callback waived',
    'zh-CN': '已回访报告人或已说明免于回访',
  },
};

/** Why a referral move was refused (the `problem` of an ILLEGAL_TRANSITION). */
export const REFERRAL_PROBLEM_LABEL: Record<ReferralProblem, Label> = {
  not_allowed: {
    en: 'This change is not possible from the referral’s current status.',
    'zh-CN': '转介当前的状态不能做此变更。',
  },
  same_status: { en: 'The referral already has this status.', 'zh-CN': '转介已是此状态。' },
  not_your_move: { en: 'Your role may not make this change.', 'zh-CN': '您的角色不能做此变更。' },
  reason_required: { en: 'Give a reason.', 'zh-CN': '请填写理由。' },
  outcome_required: {
    en: 'Record the outcome to complete the referral.',
    'zh-CN': '请先记录处置结果再完成转介。',
  },
};

/** What a reporter is told (generic wording only). */
export const REPORT_STAGE_LABEL: Record<TReportStatus['stage'], Label> = {
  received: {
    en: 'Your report has been received and is waiting to be assessed.',
    'zh-CN': '您的报告已收到，正在等待评估。',
  },
  in_progress: { en: 'Your report is being dealt with.', 'zh-CN': '您的报告正在处理中。' },
  resolved: { en: 'Your report has been dealt with.', 'zh-CN': '您的报告已处理完毕。' },
  closed: { en: 'Your report is closed.', 'zh-CN': '您的报告已关闭。' },
};

export const REPORT_OUTCOME_LABEL: Record<NonNullable<TReportStatus['outcome']>, Label> = {
  help_provided: { en: 'Help has been provided.', 'zh-CN': '已提供帮助。' },
  no_further_action: { en: 'No further action was needed.', 'zh-CN': '无需进一步处置。' },
};

export const NOTIFICATION_CHANNEL_LABEL: Record<NotificationChannel, Label> = {
  in_app: { en: 'Console', 'zh-CN': '控制台' },
  sms: { en: 'SMS', 'zh-CN': '短信' },
  voice: { en: 'Call', 'zh-CN': '电话' },
};

/** Twilio's message and call statuses, and ours (acknowledged by pressing 1, opted out). */
const DELIVERY_STATUS_LABEL: Record<string, Label> = {
  queued: { en: 'queued', 'zh-CN': '排队中' },
  accepted: { en: 'queued', 'zh-CN': '排队中' },
  sending: { en: 'sending', 'zh-CN': '发送中' },
  sent: { en: 'sent', 'zh-CN': '已发送' },
  delivered: { en: 'delivered', 'zh-CN': '已送达' },
  read: { en: 'read', 'zh-CN': '已读' },
  undelivered: { en: 'not delivered', 'zh-CN': '未送达' },
  failed: { en: 'failed', 'zh-CN': '失败' },
  initiated: { en: 'dialling', 'zh-CN': '正在拨号' },
  ringing: { en: 'ringing', 'zh-CN': '响铃中' },
  'in-progress': { en: 'answered', 'zh-CN': '已接听' },
  completed: { en: 'call ended', 'zh-CN': '通话结束' },
  busy: { en: 'busy', 'zh-CN': '占线' },
  'no-answer': { en: 'no answer', 'zh-CN': '无人接听' },
  canceled: { en: 'cancelled', 'zh-CN': '已取消' },
  acknowledged: { en: 'acknowledged by pressing 1', 'zh-CN': '已按 1 确认' },
};

/** A delivery status in the reader's language (an unknown one as Twilio wrote it). */
export function deliveryStatusLabel(status: string, language: Language): string {
  return DELIVERY_STATUS_LABEL[status]?.[language] ?? status;
}

/** The escalation steps past an acknowledgement deadline. */
export const ESCALATION_STEP_LABEL: Record<EscalationStep, Label> = {
  next_contact: { en: 'next duty contact called', 'zh-CN': '已联系下一位值班人员' },
  supervisors: { en: 'hotline supervisors alerted', 'zh-CN': '已通知热线值班主任' },
  backup_centre: { en: 'backup centre alerted', 'zh-CN': '已通知备用机构' },
};
