import type { Label } from '../labels.js';
import type { Language } from '../reports/constants.js';
import type {
  ChildCategory,
  ChildChangeAction,
  ChildCloseReason,
  ChildRiskLevel,
  GuardianRelation,
  VisitChecklistItem,
  VisitKind,
  VisitSeen,
} from './constants.js';
import type { ChildRiskReason } from './risk.js';

// The register's words, apart from its codes: only the register's screens load these (the
// codes are in every page's bundle through the API contract; the public report page's budget).

export const CHILD_CATEGORY_LABEL: Record<ChildCategory, Label> = {
  left_behind: { 'zh-CN': '留守儿童', en: 'Left-behind child' },
  orphan: { 'zh-CN': '孤儿', en: 'Orphan' },
  de_facto_unsupported: { 'zh-CN': '事实无人抚养儿童', en: 'De-facto unsupported child' },
  in_difficulty: { 'zh-CN': '困境儿童', en: 'Child in difficulty' },
  disabled: { 'zh-CN': '残疾儿童', en: 'Child with a disability' },
  migrant: { 'zh-CN': '流动儿童', en: 'Migrant child' },
  street: { 'zh-CN': '流浪儿童', en: 'Street child' },
};

export const CHILD_RISK_LABEL: Record<ChildRiskLevel, Label> = {
  high: { 'zh-CN': '高风险', en: 'High risk' },
  medium: { 'zh-CN': '中风险', en: 'Medium risk' },
  low: { 'zh-CN': '低风险', en: 'Low risk' },
};

export const GUARDIAN_RELATION_LABEL: Record<GuardianRelation, Label> = {
  father: { 'zh-CN': '父亲', en: 'Father' },
  mother: { 'zh-CN': '母亲', en: 'Mother' },
  grandparent: { 'zh-CN': '祖父母/外祖父母', en: 'Grandparent' },
  relative: { 'zh-CN': '其他亲属', en: 'Other relative' },
  foster_carer: { 'zh-CN': '寄养人', en: 'Foster carer' },
  institution: { 'zh-CN': '福利机构', en: 'Care institution' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const VISIT_KIND_LABEL: Record<VisitKind, Label> = {
  home: { 'zh-CN': '入户走访', en: 'Home visit' },
  school: { 'zh-CN': '学校走访', en: 'School visit' },
  phone: { 'zh-CN': '电话回访', en: 'Phone call' },
};

export const VISIT_SEEN_LABEL: Record<VisitSeen, Label> = {
  child: { 'zh-CN': '儿童本人', en: 'The child' },
  guardian: { 'zh-CN': '监护人', en: 'Guardian' },
  teacher: { 'zh-CN': '老师', en: 'Teacher' },
  neighbour: { 'zh-CN': '邻居/村干部', en: 'Neighbour or village cadre' },
  other: { 'zh-CN': '其他人', en: 'Someone else' },
};

export const VISIT_CHECKLIST_LABEL: Record<VisitChecklistItem, Label> = {
  guardianPresent: { 'zh-CN': '监护人在家', en: 'A guardian is present' },
  guardianAble: { 'zh-CN': '监护人有监护能力', en: 'The guardian is able to care' },
  childSafe: { 'zh-CN': '儿童人身安全', en: 'The child is safe' },
  enoughFood: { 'zh-CN': '饮食有保障', en: 'Enough food' },
  enoughClothing: { 'zh-CN': '衣物保暖充足', en: 'Enough clothing' },
  attendingSchool: { 'zh-CN': '正常上学', en: 'Attending school' },
  healthy: { 'zh-CN': '身体健康', en: 'In good health' },
  noInjurySigns: { 'zh-CN': '无受伤迹象', en: 'No signs of injury' },
  noNeglectSigns: { 'zh-CN': '无被忽视迹象', en: 'No signs of neglect' },
};

export const VISIT_CONCERN_LABEL: Record<VisitChecklistItem, Label> = {
  guardianPresent: { 'zh-CN': '无监护人在家', en: 'No guardian present' },
  guardianAble: { 'zh-CN': '监护人无力监护', en: 'Guardian unable to care' },
  childSafe: { 'zh-CN': '儿童人身安全受威胁', en: 'The child is not safe' },
  enoughFood: { 'zh-CN': '缺少食物', en: 'Not enough food' },
  enoughClothing: { 'zh-CN': '缺少衣物', en: 'Not enough clothing' },
  attendingSchool: { 'zh-CN': '失学或辍学', en: 'Out of school' },
  healthy: { 'zh-CN': '健康状况差', en: 'Poor health' },
  noInjurySigns: { 'zh-CN': '有受伤迹象', en: 'Signs of injury' },
  noNeglectSigns: { 'zh-CN': '有被忽视迹象', en: 'Signs of neglect' },
};

export const CHILD_CLOSE_REASON_LABEL: Record<ChildCloseReason, Label> = {
  turned_18: { 'zh-CN': '年满18周岁', en: 'Turned 18' },
  moved_away: { 'zh-CN': '迁出本地', en: 'Moved away' },
  no_longer_needs_care: { 'zh-CN': '不再需要关爱保护', en: 'No longer needs care' },
  deceased: { 'zh-CN': '死亡', en: 'Died' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const CHILD_CHANGE_LABEL: Record<ChildChangeAction, Label> = {
  registered: { 'zh-CN': '建档', en: 'Registered' },
  updated: { 'zh-CN': '修改档案', en: 'File changed' },
  risk_raised: { 'zh-CN': '调高风险等级', en: 'Risk level raised' },
  visited: { 'zh-CN': '走访', en: 'Visited' },
  closed: { 'zh-CN': '销档', en: 'File closed' },
};

/** A reason in words: "有受伤迹象（高风险）" / "Signs of injury (high risk)". */
export function childRiskReasonLabel(reason: ChildRiskReason, language: Language): string {
  const zh = language === 'zh-CN';
  let what: string;
  switch (reason.rule) {
    case 'category':
      what = CHILD_CATEGORY_LABEL[reason.category][language];
      break;
    case 'checklist':
      what = VISIT_CONCERN_LABEL[reason.item][language];
      break;
    case 'no_guardian_at_home':
      what = zh ? '无监护人与儿童同住' : 'No guardian lives with the child';
      break;
    case 'not_visited':
      what = zh ? '尚未走访' : 'Not yet visited';
      break;
    case 'default':
      what = zh ? '无风险因素' : 'No risk factors';
      break;
  }
  const level = CHILD_RISK_LABEL[reason.level][language];
  return zh ? `${what}（${level}）` : `${what} (${level.toLowerCase()})`;
}
