import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Timeline as AntTimeline, Typography } from 'antd';
import {
  CASE_STATUSES,
  REFERRAL_STATUSES,
  type CaseStatus,
  type Language,
  type ReferralStatus,
  type TCaseEvent,
} from '@hutong/shared';
import { isPriority } from '../priority-guard';
import { ASSESSMENT_FIELDS, type AssessmentField } from '../assessment-draft';
import { formatDateTime, priorityLabel } from '../../../lib/format';
import { formatLabel } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { REFERRAL_STATUS_LABEL } from '../../dispatch/labels';
import { CASE_VIEW_MESSAGES } from '../messages';
import { PriorityBadge } from './PriorityBadge';
import { describe12345Event } from '../../hotline12345/timeline';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const isStatus = (v: unknown): v is CaseStatus =>
  typeof v === 'string' && (CASE_STATUSES as readonly string[]).includes(v);
const isReferralStatus = (v: unknown): v is ReferralStatus =>
  typeof v === 'string' && (REFERRAL_STATUSES as readonly string[]).includes(v);
const isField = (v: unknown): v is AssessmentField =>
  typeof v === 'string' && (ASSESSMENT_FIELDS as readonly string[]).includes(v);

/** The centre each referral went to, from the events that created them (later events keep ids). */
function referralCentres(events: readonly TCaseEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const event of events) {
    const id = str(event.data.referralId);
    const name = str(event.data.centreName);
    if (event.type === 'referral_created' && id && name) out.set(id, name);
  }
  return out;
}

/**
 * What an event did, in plain words, from what to what: the report, the status, the priority,
 * the holder, the referral, the note, the reason. `centres` names the referrals' centres.
 */
function describeEvent(
  event: TCaseEvent,
  t: TFunction,
  language: Language,
  centres: ReadonlyMap<string, string> = new Map(),
): string[] {
  const d = event.data;
  const m = (key: keyof typeof CASE_VIEW_MESSAGES, values?: Record<string, string>) =>
    formatLabel(CASE_VIEW_MESSAGES[key], language, values);
  const out: string[] = [...describe12345Event(event, language)];
  const reference = str(d.reference);
  if (reference) out.push(t('work.timeline.report', { reference }));
  if (event.type === 'referral_created') {
    const centre = str(d.centreName);
    if (centre) out.push(m('timeline.referralTo', { centre }));
  }
  if (event.type.startsWith('referral_')) {
    const centre = centres.get(str(d.referralId) ?? '');
    if (event.type !== 'referral_created' && centre) out.push(centre);
    if (isReferralStatus(d.from) && isReferralStatus(d.to) && d.from !== d.to)
      out.push(
        m('timeline.referral', {
          from: REFERRAL_STATUS_LABEL[d.from][language],
          to: REFERRAL_STATUS_LABEL[d.to][language],
        }),
      );
    if (d.via === 'phone') out.push(m('timeline.byPhone'));
  } else if (isStatus(d.from) && isStatus(d.to) && d.from !== d.to) {
    out.push(m('timeline.status', { from: t(`status.${d.from}`), to: t(`status.${d.to}`) }));
  }
  if (isPriority(d.previousPriority) && isPriority(d.priority) && d.previousPriority !== d.priority)
    out.push(
      m('timeline.priority', {
        from: priorityLabel(d.previousPriority, language),
        to: priorityLabel(d.priority, language),
      }),
    );
  if (event.type === 'reassigned')
    out.push(
      m('timeline.holder', {
        from: str(d.previousAssigneeName) ?? m('timeline.nobody'),
        to: str(d.assigneeName) ?? m('timeline.nobody'),
      }),
    );
  if (event.type === 'released') {
    const name = str(d.previousAssigneeName);
    if (name) out.push(m('timeline.holder', { from: name, to: m('timeline.nobody') }));
  }
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

/** The case's append-only history, oldest first, as the server recorded it, in local time. */
export function Timeline({ events }: { events: readonly TCaseEvent[] }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  if (events.length === 0) return <p className="muted">{t('case.timeline.empty')}</p>;
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const centres = referralCentres(ordered);
  return (
    <AntTimeline
      className="timeline"
      items={ordered.map((event) => {
        const details = describeEvent(event, t, language, centres);
        return {
          key: event.seq,
          color:
            event.type === 'claim_overdue' || event.type === 'referral_escalated' ? 'red' : 'blue',
          content: (
            <div className="timeline__item">
              <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, language)}</time>{' '}
              <strong>{t(`case.events.${event.type}`)}</strong>
              {isPriority(event.data.priority) && (
                <>
                  {' '}
                  <PriorityBadge priority={event.data.priority} />
                </>
              )}{' '}
              <Typography.Text type="secondary">
                — {event.actor?.displayName ?? t('case.timeline.system')}
              </Typography.Text>
              {details.length > 0 && <p className="timeline__detail">{details.join(' · ')}</p>}
            </div>
          ),
        };
      })}
    />
  );
}
