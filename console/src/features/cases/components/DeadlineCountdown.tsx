import { useTranslation } from 'react-i18next';
import { formatCountdown } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';

/** Time left to a deadline, or how long it is overdue, with overdue styling past it. */
export function DeadlineCountdown({ deadline, now }: { deadline: string; now: number }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { overdue, text } = formatCountdown(Date.parse(deadline), now, language);
  return (
    <span className={overdue ? 'countdown countdown--overdue' : 'countdown'}>
      {overdue ? t('queue.overdue', { time: text }) : t('queue.remaining', { time: text })}
    </span>
  );
}
