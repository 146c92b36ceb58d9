import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CASE_STATUSES, type CaseStatus, type Language, type TCaseEvent } from '@hutong/shared';
import { isPriority } from '../priority-guard';
import { ASSESSMENT_FIELDS, type AssessmentField } from '../assessment-draft';
import { formatDateTime, priorityLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { PriorityBadge } from './PriorityBadge';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const isStatus = (v: unknown): v is CaseStatus =>
  typeof v === 'string' && (CASE_STATUSES as readonly string[]).includes(v);
const isField = (v: unknown): v is AssessmentField =>
  typeof v === 'string' && (ASSESSMENT_FIELDS as readonly string[]).includes(v);

/** What an event did, in plain words: the report, the move, the note, the reason. */
export function describeEvent(event: TCaseEvent, t: TFunction, language: Language): string[] {
  const d = event.data;
  const out: string[] = [];
  const reference = str(d.reference);
  if (reference) out.push(t('work.timeline.report', { reference }));
  if (isStatus(d.from) && isStatus(d.to) && d.from !== d.to)
    out.push(
      t('work.timeline.statusChange', { from: t(`status.${d.from}`), to: t(`status.${d.to}`) }),
    );
  if (isPriority(d.previousPriority) && isPriority(d.priority) && d.previousPriority !== d.priority)
    out.push(
      t('work.timeline.priorityChange', {
        from: priorityLabel(d.previousPriority, language),
        to: priorityLabel(d.priority, language),
      }),
    );
  if (Array.isArray(d.changed)) {
    const fields = d.changed.filter(isField).map((f) => t(`work.timeline.fields.${f}`));
    if (fields.length) out.push(t('work.timeline.changed', { fields: fields.join(', ') }));
  }
  const from = str(d.fromReference);
  if (from) out.push(t('work.timeline.movedIn', { reference: from }));
  const to = str(d.toReference);
  if (to) out.push(t('work.timeline.movedOut', { reference: to }));
  const splitFrom = str(d.splitFromReference);
  if (splitFrom) out.push(t('work.timeline.splitFrom', { reference: splitFrom }));
  const mergedInto = str(d.mergedInto);
  if (mergedInto) out.push(t('work.timeline.movedOut', { reference: mergedInto }));
  if (d.late === true) out.push(t('work.timeline.late'));
  const text = str(d.text);
  if (text) out.push(t('work.timeline.note', { text }));
  const reason = str(d.reason);
  if (reason) out.push(t('work.timeline.reason', { reason }));
  return out;
}

/** The case's append-only history, oldest first, as the server recorded it. */
export function Timeline({ events }: { events: readonly TCaseEvent[] }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  if (events.length === 0) return <p className="muted">{t('case.timeline.empty')}</p>;
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  return (
    <ol className="timeline">
      {ordered.map((event) => {
        const details = describeEvent(event, t, language);
        return (
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
            {details.length > 0 && <p className="timeline__detail">{details.join(' · ')}</p>}
          </li>
        );
      })}
    </ol>
  );
}
