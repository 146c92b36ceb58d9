import { PRIORITY_META, type Priority } from '../cases/constants.js';
import { CASE_STATUS_LABEL, REFERRAL_STATUS_LABEL, type Label } from '../labels.js';
import type { Language } from '../reports/constants.js';
import { formatLocalDateTime } from '../time.js';
import type { AuditAction } from './actions.js';

/** What each audit action means, for people reading the log (the console and its CSV). */
export const AUDIT_ACTION_LABEL: Record<AuditAction, Label> = {
  'auth.login': { 'zh-CN': '登录', en: 'Signed in' },
  'auth.login_failed': { 'zh-CN': '登录失败', en: 'Sign-in failed' },
  'auth.login_refused_locked': { 'zh-CN': '账户锁定，拒绝登录', en: 'Sign-in refused: locked' },
  'auth.locked': { 'zh-CN': '账户被锁定', en: 'Account locked' },
  'auth.logout': { 'zh-CN': '退出登录', en: 'Signed out' },
  'auth.password_changed': { 'zh-CN': '修改密码', en: 'Password changed' },
  'auth.password_change_failed': { 'zh-CN': '修改密码失败', en: 'Password change failed' },
  'case.read': { 'zh-CN': '查看工单', en: 'Case viewed' },
  'case.searched': { 'zh-CN': '搜索工单', en: 'Cases searched' },
  'case.claimed': { 'zh-CN': '认领工单', en: 'Case claimed' },
  'case.released': { 'zh-CN': '释放工单', en: 'Case released' },
  'case.reassigned': { 'zh-CN': '改派工单', en: 'Case reassigned' },
  'case.assessment_updated': { 'zh-CN': '更新评估', en: 'Assessment updated' },
  'case.status_changed': { 'zh-CN': '工单状态变更', en: 'Case status changed' },
  'case.priority_overridden': { 'zh-CN': '人工调整风险等级', en: 'Risk level changed by hand' },
  'case.note_added': { 'zh-CN': '添加备注', en: 'Note added' },
  'case.attachment_added': { 'zh-CN': '添加附件', en: 'File added' },
  'case.attachment_read': { 'zh-CN': '查看附件', en: 'File opened' },
  'case.report_merged': { 'zh-CN': '报告并入工单', en: 'Report moved into a case' },
  'case.report_split': { 'zh-CN': '报告拆分为新工单', en: 'Report split into a new case' },
  'case.exported': { 'zh-CN': '导出工单记录', en: 'Case record exported' },
  'case.callback_recorded': { 'zh-CN': '记录回访', en: 'Callback recorded' },
  'case.lookup_codes_read': { 'zh-CN': '签发查询码', en: 'Lookup codes issued' },
  'case.sms.read': { 'zh-CN': '查看短信对话', en: 'SMS conversation viewed' },
  'case.sms.sent': { 'zh-CN': '发送短信', en: 'SMS sent' },
  'call.answered': { 'zh-CN': '接听来电', en: 'Call answered' },
  'call.hung_up': { 'zh-CN': '挂断来电', en: 'Call hung up' },
  'callback.completed': { 'zh-CN': '完成回拨', en: 'Callback completed' },
  'referral.created': { 'zh-CN': '创建转介', en: 'Referral created' },
  'referral.read': { 'zh-CN': '查看转介', en: 'Referral viewed' },
  'referral.status_changed': { 'zh-CN': '转介状态变更', en: 'Referral status changed' },
  'referral.attachment_read': { 'zh-CN': '查看转介附件', en: 'Referral file opened' },
  'report.resolution_sms': {
    'zh-CN': '短信告知报告人处理结果',
    en: 'Reporter told the outcome by SMS',
  },
  'centre.created': { 'zh-CN': '新建救助机构', en: 'Centre created' },
  'centre.updated': { 'zh-CN': '修改救助机构', en: 'Centre updated' },
  'org.created': { 'zh-CN': '新建报告机构', en: 'Reporter organisation created' },
  'org.updated': { 'zh-CN': '修改报告机构', en: 'Reporter organisation updated' },
  'org.api_key_created': { 'zh-CN': '创建接口密钥', en: 'API key created' },
  'org.api_key_revoked': { 'zh-CN': '吊销接口密钥', en: 'API key revoked' },
  'user.created': { 'zh-CN': '新建账户', en: 'Account created' },
  'user.updated': { 'zh-CN': '修改账户', en: 'Account updated' },
  'user.password_reset': { 'zh-CN': '重置密码', en: 'Password reset' },
  'settings.updated': { 'zh-CN': '修改设置', en: 'Settings changed' },
  'audit.exported': { 'zh-CN': '导出审计日志', en: 'Audit log exported' },
  'audit.verified': { 'zh-CN': '校验审计日志', en: 'Audit log checked' },
  'user.unlocked': { 'zh-CN': '解锁账户', en: 'Account unlocked' },
  'referral.messages_read': { 'zh-CN': '查看转介留言', en: 'Read referral messages' },
  'referral.message_sent': { 'zh-CN': '发送转介留言', en: 'Sent a referral message' },
  'directory.created': { 'zh-CN': '新增通讯录条目', en: 'Directory entry added' },
  'directory.updated': { 'zh-CN': '修改通讯录条目', en: 'Directory entry changed' },
  'contacts.history_searched': { 'zh-CN': '查询来电历史', en: 'Searched contact history' },
  'call.wrapped_up': { 'zh-CN': '完成话后处理', en: 'Call wrapped up' },
  'shift.cases_reassigned': { 'zh-CN': '批量改派工单', en: 'Cases reassigned in bulk' },
  'shift.handover_written': { 'zh-CN': '填写交接班记录', en: 'Handover note written' },
  'canned_reply.created': { 'zh-CN': '新增常用短信回复', en: 'Canned reply added' },
  'canned_reply.updated': { 'zh-CN': '修改常用短信回复', en: 'Canned reply changed' },
  'canned_reply.deleted': { 'zh-CN': '删除常用短信回复', en: 'Canned reply deleted' },
  'webhook.created': { 'zh-CN': '登记回调地址', en: 'Webhook endpoint registered' },
  'webhook.deleted': { 'zh-CN': '删除回调地址', en: 'Webhook endpoint deleted' },
  'webhook.enabled': { 'zh-CN': '启用回调地址', en: 'Webhook endpoint enabled' },
  'webhook.disabled': { 'zh-CN': '停用回调地址', en: 'Webhook endpoint disabled' },
  'webhook.redelivered': { 'zh-CN': '重新投递回调', en: 'Webhook delivery resent' },
  'hotline12345.order_received': { 'zh-CN': '接收12345工单', en: '12345 work order received' },
  'hotline12345.replied': { 'zh-CN': '向12345反馈进展', en: 'Progress reply sent to 12345' },
  'hotline12345.returned': { 'zh-CN': '退回12345工单', en: 'Work order returned to 12345' },
  'stats.exported': { 'zh-CN': '导出统计数据', en: 'Statistics exported' },
  'child.read': { 'zh-CN': '查看儿童档案', en: 'Child’s file viewed' },
  'child.searched': { 'zh-CN': '查询儿童档案', en: 'Children’s register searched' },
  'child.registered': { 'zh-CN': '儿童建档', en: 'Child registered' },
  'child.updated': { 'zh-CN': '修改儿童档案', en: 'Child’s file changed' },
  'child.risk_raised': { 'zh-CN': '调整儿童风险等级', en: 'Child’s risk level raised' },
  'child.closed': { 'zh-CN': '儿童销档', en: 'Child’s file closed' },
  'child.called': { 'zh-CN': '回访拨出', en: 'Check-in call placed' },
  'child.visited': { 'zh-CN': '记录走访', en: 'Visit recorded' },
  'child.photo_read': { 'zh-CN': '查看走访照片', en: 'Visit photo viewed' },
  'children.imported': { 'zh-CN': '导入儿童档案', en: 'Children’s register imported' },
  'warning.listed': { 'zh-CN': '查看预警', en: 'Warnings viewed' },
  'warning.acknowledged': { 'zh-CN': '确认预警', en: 'Warning acknowledged' },
  'warning.dismissed': { 'zh-CN': '撤销预警', en: 'Warning dismissed' },
  'warning.escalated': { 'zh-CN': '预警转报', en: 'Warning escalated to a report' },
  'sweep.created': { 'zh-CN': '发起摸底排查', en: 'Sweep started' },
  'sweep.closed': { 'zh-CN': '结束摸底排查', en: 'Sweep closed' },
  'sweep.cancelled': { 'zh-CN': '取消摸底排查', en: 'Sweep cancelled' },
};

/** An action in the reader's language; one the log holds from elsewhere, as written. */
export function auditActionLabel(action: string, language: Language): string {
  return (AUDIT_ACTION_LABEL as Record<string, Label | undefined>)[action]?.[language] ?? action;
}

/** Words for the keys audit rows' details use; a key not listed is shown as written. */
export const AUDIT_DATA_KEY_LABEL: Record<string, Label> = {
  active: { 'zh-CN': '启用', en: 'active' },
  anchored: { 'zh-CN': '对照锚点', en: 'against an anchor' },
  assigneeId: { 'zh-CN': '承办人', en: 'assignee' },
  backupOf: { 'zh-CN': '替代转介', en: 'backup of referral' },
  brokenId: { 'zh-CN': '断链行', en: 'broken at row' },
  byReference: { 'zh-CN': '按编号', en: 'by reference' },
  caseId: { 'zh-CN': '工单', en: 'case' },
  centreId: { 'zh-CN': '机构', en: 'centre' },
  changed: { 'zh-CN': '修改项', en: 'changed' },
  contentType: { 'zh-CN': '文件类型', en: 'file type' },
  disabled: { 'zh-CN': '已停用', en: 'disabled' },
  displayName: { 'zh-CN': '显示名', en: 'name' },
  failures: { 'zh-CN': '失败次数', en: 'failures' },
  filter: { 'zh-CN': '筛选条件', en: 'filter' },
  filters: { 'zh-CN': '筛选条件', en: 'filters' },
  format: { 'zh-CN': '格式', en: 'format' },
  headId: { 'zh-CN': '链尾行', en: 'head row' },
  kind: { 'zh-CN': '类型', en: 'kind' },
  linked: { 'zh-CN': '已关联工单', en: 'linked to a case' },
  ok: { 'zh-CN': '完整', en: 'intact' },
  orgId: { 'zh-CN': '报告机构', en: 'organisation' },
  outcome: { 'zh-CN': '结果', en: 'outcome' },
  priority: { 'zh-CN': '风险等级', en: 'risk level' },
  problem: { 'zh-CN': '问题', en: 'problem' },
  reason: { 'zh-CN': '原因', en: 'reason' },
  referralId: { 'zh-CN': '转介', en: 'referral' },
  regionCode: { 'zh-CN': '地区代码', en: 'region code' },
  reportIds: { 'zh-CN': '报告', en: 'reports' },
  reporterIdentity: { 'zh-CN': '含报告人身份', en: 'reporter identity included' },
  reporterIdentityShown: { 'zh-CN': '显示报告人身份', en: 'reporter identity shown' },
  required: { 'zh-CN': '强制修改', en: 'required' },
  results: { 'zh-CN': '结果数', en: 'results' },
  role: { 'zh-CN': '角色', en: 'role' },
  rows: { 'zh-CN': '行数', en: 'rows' },
  sessionsRevoked: { 'zh-CN': '结束的会话', en: 'sessions ended' },
  size: { 'zh-CN': '大小（字节）', en: 'size (bytes)' },
  status: { 'zh-CN': '状态', en: 'status' },
  username: { 'zh-CN': '用户名', en: 'username' },
  via: { 'zh-CN': '途径', en: 'via' },
  waitSeconds: { 'zh-CN': '等待秒数', en: 'wait (seconds)' },
  waitUntil: { 'zh-CN': '锁定至', en: 'locked until' },
};

/** One line of an audit row's details: `状态：评估中 → 处置中`. */
export interface AuditDetail {
  key: string;
  label: string;
  value: string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const YES_NO: Record<Language, [string, string]> = { 'zh-CN': ['是', '否'], en: ['yes', 'no'] };

/** Names by id (people, centres, organisations) that the details show instead of the id. */
export type AuditNames = Readonly<Record<string, string>>;

function valueText(key: string, value: unknown, language: Language, names: AuditNames): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return YES_NO[language][value ? 0 : 1];
  if (Array.isArray(value)) {
    return value
      .map((v) => valueText(key, v, language, names))
      .join(language === 'zh-CN' ? '、' : ', ');
  }
  if (typeof value === 'object') {
    return auditDetails(value as Record<string, unknown>, language, names)
      .map((d) => `${d.label}: ${d.value}`)
      .join('; ');
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return '—';
  const named = Object.hasOwn(names, value) ? names[value] : undefined;
  if (named !== undefined) return named;
  if (key === 'status') {
    const label =
      (CASE_STATUS_LABEL as Record<string, Label | undefined>)[value] ??
      (REFERRAL_STATUS_LABEL as Record<string, Label | undefined>)[value];
    if (label) return label[language];
  }
  if (key === 'priority' && value in PRIORITY_META) {
    return `${value} ${PRIORITY_META[value as Priority].label[language]}`;
  }
  if (ISO_TIME.test(value)) return formatLocalDateTime(value, language);
  return value;
}

/**
 * An audit row's details as lines of text, keys in words and codes as labels; `before` and
 * `after` folded into `from → to` per field. Nothing for empty details.
 */
export function auditDetails(
  data: Record<string, unknown>,
  language: Language,
  names: AuditNames = {},
): AuditDetail[] {
  const keyLabel = (key: string) => AUDIT_DATA_KEY_LABEL[key]?.[language] ?? key;
  const out: AuditDetail[] = [];
  const { before, after, ...rest } = data;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(before) || isRecord(after)) {
    const from = isRecord(before) ? before : {};
    const to = isRecord(after) ? after : {};
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
      const was = key in from ? valueText(key, from[key], language, names) : null;
      const now = key in to ? valueText(key, to[key], language, names) : '—';
      if (was !== null && was === now) continue;
      out.push({ key, label: keyLabel(key), value: was === null ? now : `${was} → ${now}` });
    }
  } else {
    if (before !== undefined) rest.before = before;
    if (after !== undefined) rest.after = after;
  }
  for (const [key, value] of Object.entries(rest)) {
    out.push({ key, label: keyLabel(key), value: valueText(key, value, language, names) });
  }
  return out;
}
