import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Language, PriorityReason } from '@hutong/shared';
import { categoryLabel, priorityLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';

/** One reason in plain words, e.g. "A child aged 2 is without care". */
export function describePriorityReason(
  reason: PriorityReason,
  t: TFunction,
  language: Language,
): string {
  switch (reason.rule) {
    case 'immediate_danger':
      return t('priorityReason.immediate_danger');
    case 'category':
      return t('priorityReason.category', { category: categoryLabel(reason.category, language) });
    case 'young_child_without_care':
      return t('priorityReason.young_child_without_care', { age: String(reason.age) });
    case 'risk':
      return t('priorityReason.risk', { risk: t(`work.risk.${reason.risk}`) });
    case 'default':
      return t('priorityReason.default');
  }
}

/** The reasons behind a priority, most severe first, each with the level it gives. */
export function PriorityReasons({ reasons }: { reasons: readonly PriorityReason[] }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  return (
    <ul className="reasons">
      {reasons.map((reason, index) => (
        <li key={index}>
          {describePriorityReason(reason, t, language)}{' '}
          <span className="reasons__gives">
            ({t('priorityReason.gives', { priority: priorityLabel(reason.priority, language) })})
          </span>
        </li>
      ))}
    </ul>
  );
}
