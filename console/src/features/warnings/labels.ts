import {
  GUARDIAN_RELATION_LABEL,
  VISIT_CONCERN_LABEL,
  type Language,
  type WarningKind,
  type WarningReason,
  type WarningStatus,
} from '@hutong/shared';
import type { Label } from '../../lib/messages';
import { formatDate } from '../../lib/format';

// Kept out of messages.ts, which the navigation (every page) loads: these stay in the
// warnings screens' chunk.

export const WARNING_KIND_LABEL: Record<WarningKind, Label> = {
  visit_overdue: { en: 'Visit overdue', 'zh-CN': '逾期未走访' },
  danger_signal: { en: 'Danger signal on a visit', 'zh-CN': '走访发现危险信号' },
  report_on_file: { en: 'Report about a child on file', 'zh-CN': '在档儿童被举报' },
  repeat_reports: { en: 'Repeated reports', 'zh-CN': '多次被举报' },
  guardian_left: { en: 'A guardian left a left-behind child', 'zh-CN': '留守儿童监护人离开' },
};

export const WARNING_STATUS_LABEL: Record<WarningStatus, Label> = {
  open: { en: 'Open', 'zh-CN': '待处理' },
  acknowledged: { en: 'Acknowledged', 'zh-CN': '已确认' },
  dismissed: { en: 'Dismissed', 'zh-CN': '已撤销' },
  escalated: { en: 'Escalated', 'zh-CN': '已转报' },
};

/** One reason of a warning in the reader's language. */
export function warningReasonLabel(reason: WarningReason, language: Language): string {
  const zh = language === 'zh-CN';
  switch (reason.rule) {
    case 'visit_overdue':
      return zh
        ? `应于 ${formatDate(reason.dueAt, language)} 前走访`
        : `Visit was due by ${formatDate(reason.dueAt, language)}`;
    case 'danger_signal':
      return VISIT_CONCERN_LABEL[reason.item][language];
    case 'report_on_file':
      return zh
        ? `举报 ${reason.reference} 涉及该儿童`
        : `Report ${reason.reference} is about this child`;
    case 'repeat_reports':
      return zh
        ? `${reason.days} 天内被举报 ${reason.count} 次（${reason.references.join('、')}）`
        : `${reason.count} reports within ${reason.days} days (${reason.references.join(', ')})`;
    case 'guardian_left': {
      const who = reason.relations
        .map((r) => GUARDIAN_RELATION_LABEL[r][language])
        .join(zh ? '、' : ', ');
      return zh
        ? `${who}不再与儿童同住（现同住监护人 ${reason.remaining} 人）`
        : `${who} no longer lives with the child (${reason.remaining} guardians at home now)`;
    }
  }
}
