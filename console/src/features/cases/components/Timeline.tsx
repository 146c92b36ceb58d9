import { useTranslation } from 'react-i18next';
import { isPriority } from '../priority-guard';
import type { TCaseEvent } from '@hutong/shared';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { PriorityBadge } from './PriorityBadge';

/** The case's append-only history, oldest first, as the server recorded it. */
export function Timeline({ events }: { events: readonly TCaseEvent[] }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  if (events.length === 0) return <p className="muted">{t('case.timeline.empty')}</p>;
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  return (
    <ol className="timeline">
      {ordered.map((event) => (
        <li key={event.seq} className="timeline__item">
          <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, language)}</time>{' '}
          <strong>{t(`case.events.${event.type}`)}</strong>
          {isPriority(event.data.priority) && (
            <>
              {' '}
              <PriorityBadge priority={event.data.priority} />
            </>
          )}{' '}
          <span className="muted">— {event.actor?.displayName ?? t('case.timeline.system')}</span>
        </li>
      ))}
    </ol>
  );
}
