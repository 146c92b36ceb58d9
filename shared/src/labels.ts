import type { CaseEventType, CaseStatus } from './cases/constants.js';
import type {
  TAssessment,
  ChildCircumstance,
  GuardianshipSituation,
  RiskFactor,
  SuspectRelationship,
} from './cases/assessment.js';
import {
  CATEGORY_META,
  type Channel,
  type Language,
  type ReporterRelationship,
  type Sex,
} from './reports/constants.js';
import type { PriorityReason } from './cases/priority.js';
import type { ReferralStatus } from './dispatch/constants.js';

/** A text in both languages. */
export type Label = Record<Language, string>;

/**
 * The words for the domain's codes, in one place for everyone who shows them: the console (its
 * locale files take these tables) and what the backend writes for people (the case export).
 * The situation and priority labels live beside their enums (CATEGORY_META, PRIORITY_META).
 */

export const CASE_STATUS_LABEL: Record<CaseStatus, Label> = {
  new: { 'zh-CN': '新建', en: 'New' },
  triaging: { 'zh-CN': '评估中', en: 'Being assessed' },
  dispatched: { 'zh-CN': '已派发', en: 'Dispatched' },
  in_progress: { 'zh-CN': '处置中', en: 'In progress' },
  resolved: { 'zh-CN': '已处置', en: 'Resolved' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
  closed_no_action: { 'zh-CN': '已关闭（无需处置）', en: 'Closed, no action' },
};

export const CHANNEL_LABEL: Record<Channel, Label> = {
  voice: { 'zh-CN': '电话', en: 'Phone' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
  web: { 'zh-CN': '网页表单', en: 'Web form' },
  api: { 'zh-CN': '合作方接口', en: 'Partner API' },
  '12345': { 'zh-CN': '12345热线转办', en: '12345 service line' },
  monitoring: { 'zh-CN': '监测预警', en: 'Monitoring warning' },
};

/** A child's sex as a form field's value. */
export const SEX_LABEL: Record<Sex, Label> = {
  female: { 'zh-CN': '女', en: 'Female' },
  male: { 'zh-CN': '男', en: 'Male' },
  unknown: { 'zh-CN': '不详', en: 'Unknown' },
};

export const REPORTER_RELATIONSHIP_LABEL: Record<ReporterRelationship, Label> = {
  teacher: { 'zh-CN': '教师', en: 'Teacher' },
  doctor_or_nurse: { 'zh-CN': '医生或护士', en: 'Doctor or nurse' },
  social_worker: { 'zh-CN': '社工', en: 'Social worker' },
  neighbour: { 'zh-CN': '邻居', en: 'Neighbour' },
  relative: { 'zh-CN': '亲属', en: 'Relative' },
  parent: { 'zh-CN': '父母', en: 'Parent' },
  friend: { 'zh-CN': '朋友', en: 'Friend' },
  self: { 'zh-CN': '我就是这名儿童', en: 'I am the child' },
  police: { 'zh-CN': '警察', en: 'Police' },
  committee_member: { 'zh-CN': '居委会或村委会', en: "Residents' or village committee" },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const CHILD_CIRCUMSTANCE_LABEL: Record<ChildCircumstance, Label> = {
  left_behind: { 'zh-CN': '留守儿童', en: 'Left-behind child' },
  de_facto_unsupported: { 'zh-CN': '事实无人抚养儿童', en: 'De-facto unsupported child' },
  orphan: { 'zh-CN': '孤儿', en: 'Orphan' },
  in_difficulty: { 'zh-CN': '困境儿童', en: 'Child in difficulty' },
  street_or_migrant: { 'zh-CN': '流浪或流动儿童', en: 'Street or migrant child' },
  disability: { 'zh-CN': '残疾儿童', en: 'Child with a disability' },
};

export const SUSPECT_RELATIONSHIP_LABEL: Record<SuspectRelationship, Label> = {
  father: { 'zh-CN': '父亲', en: 'Father' },
  mother: { 'zh-CN': '母亲', en: 'Mother' },
  step_parent: { 'zh-CN': '继父母', en: 'Step-parent' },
  grandparent: { 'zh-CN': '祖父母或外祖父母', en: 'Grandparent' },
  other_relative: { 'zh-CN': '其他亲属', en: 'Other relative' },
  carer: { 'zh-CN': '照料人', en: 'Carer' },
  teacher_or_staff: { 'zh-CN': '教师或学校工作人员', en: 'Teacher or school staff' },
  peer: { 'zh-CN': '其他未成年人', en: 'Another child' },
  acquaintance: { 'zh-CN': '邻居或熟人', en: 'Neighbour or acquaintance' },
  online_contact: { 'zh-CN': '网友', en: 'Someone met online' },
  employer: { 'zh-CN': '雇主', en: 'Employer' },
  stranger: { 'zh-CN': '陌生人', en: 'Stranger' },
  unknown: { 'zh-CN': '不详', en: 'Not known' },
};

export const GUARDIANSHIP_LABEL: Record<GuardianshipSituation, Label> = {
  both_parents: { 'zh-CN': '父母双方', en: 'Both parents' },
  one_parent: { 'zh-CN': '父母一方', en: 'One parent' },
  grandparents_or_relatives: { 'zh-CN': '祖辈或其他亲属', en: 'Grandparents or relatives' },
  institution: { 'zh-CN': '机构', en: 'An institution' },
  entrusted_carer: { 'zh-CN': '委托照护人', en: 'An entrusted carer' },
  no_guardian: { 'zh-CN': '无人监护', en: 'No one' },
  unknown: { 'zh-CN': '不详', en: 'Not known' },
};

export const RISK_FACTOR_LABEL: Record<RiskFactor, Label> = {
  immediate_danger: { 'zh-CN': '儿童当前处于危险中', en: 'The child is in danger right now' },
  suspect_has_access: {
    'zh-CN': '疑似侵害人现在能接触到儿童',
    en: 'The suspected person can reach the child now',
  },
  serious_injury: { 'zh-CN': '伤情严重，需要就医', en: 'Serious injury needing medical care' },
  suicidal_intent: {
    'zh-CN': '儿童谈到自杀或已有计划',
    en: 'The child talks of suicide or has a plan',
  },
  weapon_or_threats: { 'zh-CN': '涉及凶器或暴力威胁', en: 'Weapons or threats of violence' },
  child_alone: { 'zh-CN': '儿童独处，无人照料', en: 'The child is alone without a carer' },
  afraid_to_go_home: { 'zh-CN': '儿童害怕回家', en: 'The child is afraid to go home' },
  previous_reports: {
    'zh-CN': '此前已有关于该儿童的报告',
    en: 'There were earlier reports about this child',
  },
};

export const REFERRAL_STATUS_LABEL: Record<ReferralStatus, Label> = {
  pending: { en: 'Waiting for acknowledgement', 'zh-CN': '等待确认' },
  acknowledged: { en: 'Acknowledged', 'zh-CN': '已确认' },
  accepted: { en: 'Accepted', 'zh-CN': '已接受' },
  declined: { en: 'Declined', 'zh-CN': '已拒绝' },
  en_route: { en: 'On the way', 'zh-CN': '在途' },
  on_site: { en: 'On site', 'zh-CN': '已到场' },
  completed: { en: 'Completed', 'zh-CN': '已完成' },
  cancelled: { en: 'Cancelled', 'zh-CN': '已取消' },
  revoked: { en: 'Revoked', 'zh-CN': '已撤回' },
};

export const CASE_EVENT_LABEL: Record<CaseEventType, Label> = {
  case_opened: { 'zh-CN': '建立工单', en: 'Case opened' },
  report_linked: { 'zh-CN': '关联报告', en: 'Report linked' },
  triaged: { 'zh-CN': '完成定级', en: 'Priority assessed' },
  claimed: { 'zh-CN': '认领', en: 'Claimed' },
  claim_overdue: { 'zh-CN': '超过认领时限', en: 'Claim deadline missed' },
  released: { 'zh-CN': '释放', en: 'Released' },
  status_changed: { 'zh-CN': '状态变更', en: 'Status changed' },
  note_added: { 'zh-CN': '添加备注', en: 'Note added' },
  reassigned: { 'zh-CN': '改派', en: 'Reassigned' },
  assessment_updated: { 'zh-CN': '更新评估', en: 'Assessment updated' },
  priority_overridden: { 'zh-CN': '人工调整风险等级', en: 'Risk level changed by hand' },
  attachment_added: { 'zh-CN': '添加附件', en: 'File added' },
  report_merged: { 'zh-CN': '报告并入本工单', en: 'Report moved into this case' },
  report_moved_out: { 'zh-CN': '报告移至其他工单', en: 'Report moved to another case' },
  referral_created: { 'zh-CN': '已转介救助机构', en: 'Referred to a centre' },
  referral_updated: { 'zh-CN': '转介状态变更', en: 'Referral status changed' },
  referral_notified: { 'zh-CN': '已通知救助机构', en: 'Centre notified' },
  referral_escalated: { 'zh-CN': '转介已升级督办', en: 'Referral escalated' },
  referral_delivery: {
    'zh-CN': '通知送达状态更新',
    en: 'Delivery status of a notification changed',
  },
  callback_recorded: { 'zh-CN': '已记录回访', en: 'Callback to the reporter recorded' },
  referral_message: { 'zh-CN': '转介留言', en: 'Message on a referral' },
  call_wrapped_up: { 'zh-CN': '已完成话后处理', en: 'Call wrapped up' },
  hotline12345_urged: { 'zh-CN': '12345督办', en: '12345 urged this order' },
  hotline12345_rated: { 'zh-CN': '12345回访评价', en: "12345 sent the caller's rating" },
  hotline12345_answered: { 'zh-CN': '已答复12345', en: '12345 answered' },
  hotline12345_returned: { 'zh-CN': '已退回12345', en: 'Returned to 12345' },
  child_on_file_linked: { 'zh-CN': '关联在册儿童档案', en: 'Linked to a child on the register' },
};

/** The parts of an assessment, as its form and its change records name them. */
export const ASSESSMENT_FIELD_LABEL: Record<keyof TAssessment, Label> = {
  children: { 'zh-CN': '儿童信息', en: 'children' },
  categories: { 'zh-CN': '情形', en: 'situations' },
  injuries: { 'zh-CN': '伤情', en: 'injuries' },
  suspects: { 'zh-CN': '疑似侵害人', en: 'suspected persons' },
  circumstances: { 'zh-CN': '儿童类别', en: 'circumstances' },
  guardianship: { 'zh-CN': '监护情况', en: 'guardianship' },
  guardianshipNotes: { 'zh-CN': '监护情况说明', en: 'guardianship notes' },
  risks: { 'zh-CN': '风险清单', en: 'risk checklist' },
  location: { 'zh-CN': '所在地', en: 'location' },
  police: { 'zh-CN': '报案情况', en: 'police notification' },
};

export const REPORTER_TYPE_LABEL: Record<'anonymous' | 'person' | 'organisation', Label> = {
  anonymous: { 'zh-CN': '匿名', en: 'Anonymous' },
  person: { 'zh-CN': '个人', en: 'Person' },
  organisation: { 'zh-CN': '机构', en: 'Organisation' },
};

/** Why a case has its priority, one text per rule (`{{category}}`, `{{age}}`, `{{risk}}` filled in). */
export const PRIORITY_REASON_LABEL: Record<PriorityReason['rule'], Label> = {
  immediate_danger: {
    'zh-CN': '报告人表示儿童正处于危险之中',
    en: 'The reporter said a child is in danger right now',
  },
  category: { 'zh-CN': '报告的情形：{{category}}', en: 'Situation reported: {{category}}' },
  young_child_without_care: {
    'zh-CN': '{{age}}岁儿童无人照料',
    en: 'A child aged {{age}} is without care',
  },
  risk: { 'zh-CN': '已记录风险：{{risk}}', en: 'Risk noted: {{risk}}' },
  default: { 'zh-CN': '未报告具体风险因素', en: 'No specific risk factor was reported' },
};

/** A priority reason in words. */
export function priorityReasonText(reason: PriorityReason, language: Language): string {
  const values: Record<string, string> =
    reason.rule === 'category'
      ? { category: CATEGORY_META[reason.category].label[language] }
      : reason.rule === 'risk'
        ? { risk: RISK_FACTOR_LABEL[reason.risk][language] }
        : reason.rule === 'young_child_without_care'
          ? { age: String(reason.age) }
          : {};
  return PRIORITY_REASON_LABEL[reason.rule][language].replace(
    /\{\{(\w+)\}\}/g,
    (_, name: string) => values[name] ?? '',
  );
}

/** A label table in one language (`{ new: 'New', … }`), as a locale file holds it. */
export function labelsIn<K extends string>(
  table: Record<K, Label>,
  language: Language,
): Record<K, string> {
  return Object.fromEntries(
    Object.entries<Label>(table).map(([key, label]) => [key, label[language]]),
  ) as Record<K, string>;
}
