import { useId } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, isClaimOverdue } from '@hutong/shared';
import type { PriorityReason, TCaseSummary } from '@hutong/shared';
import { categoryLabel, formatDateTime, priorityLabel, regionLabel } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { childLabel } from '../../cases/child-label';
import { DeadlineCountdown } from '../../cases/components/DeadlineCountdown';
import { PriorityBadge } from '../../cases/components/PriorityBadge';
import { describePriorityReason } from '../../cases/components/PriorityReasons';
import { QUEUE_MESSAGES } from '../messages';

/**
 * The reasons that set the level: those giving the most severe priority among them. The rest
 * are in the case view; a row keeps to what decides its place.
 */
function decisiveReasons(reasons: readonly PriorityReason[]): PriorityReason[] {
  const rank = (reason: PriorityReason) => PRIORITIES.indexOf(reason.priority);
  const top = Math.min(...reasons.map(rank));
  return reasons.filter((reason) => rank(reason) === top);
}

/**
 * A row's reasons, split: the situations that set the priority are marked in the situation cell
 * (so a row names each situation once), the other reasons are written out beside the priority.
 */
function rowReasons(reasons: readonly PriorityReason[]) {
  const decisive = decisiveReasons(reasons);
  return {
    written: decisive.filter((reason) => reason.rule !== 'category'),
    situations: new Set(decisive.flatMap((r) => (r.rule === 'category' ? [r.category] : []))),
  };
}

/** Moves focus between rows with the arrow keys and opens the focused case with Enter. */
function onRowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  const row = event.currentTarget;
  switch (event.key) {
    case 'Enter':
    case ' ':
      event.preventDefault();
      open();
      break;
    case 'ArrowDown':
      event.preventDefault();
      (row.nextElementSibling as HTMLElement | null)?.focus();
      break;
    case 'ArrowUp':
      event.preventDefault();
      (row.previousElementSibling as HTMLElement | null)?.focus();
      break;
    case 'Home':
      event.preventDefault();
      (row.parentElement?.firstElementChild as HTMLElement | null)?.focus();
      break;
    case 'End':
      event.preventDefault();
      (row.parentElement?.lastElementChild as HTMLElement | null)?.focus();
      break;
  }
}

/**
 * The open cases as a table, in the order given; each row is focusable and opens its case, and
 * says why the case has its priority (a situation that sets it is marked, not written twice).
 */
export function QueueTable({
  cases,
  now,
  onOpen,
}: {
  cases: readonly TCaseSummary[];
  now: number;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(QUEUE_MESSAGES);
  const [language] = useLanguage();
  const hintId = useId();
  return (
    <>
      <p id={hintId} className="hint">
        {t('queue.openHint')}
      </p>
      <div className="table-scroll">
        <table className="queue">
          <caption className="visually-hidden">{m('caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.columns.priority')}</th>
              <th scope="col">{t('queue.columns.reference')}</th>
              <th scope="col">{t('queue.columns.deadline')}</th>
              <th scope="col">{t('queue.columns.categories')}</th>
              <th scope="col">{t('queue.columns.region')}</th>
              <th scope="col">{t('queue.columns.channel')}</th>
              <th scope="col">{t('queue.columns.children')}</th>
              <th scope="col">{t('queue.columns.status')}</th>
              <th scope="col">{t('queue.columns.assignee')}</th>
              <th scope="col">{t('queue.columns.received')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => {
              const { written, situations } = rowReasons(c.priorityReasons);
              return (
                <tr
                  key={c.id}
                  // Reference, priority and situation: what a row read out on focus should say.
                  aria-label={[
                    c.reference,
                    `${c.priority} ${priorityLabel(c.priority, language)}`,
                    ...c.categories.map((category) => categoryLabel(category, language)),
                  ].join(m('nameSeparator'))}
                  tabIndex={0}
                  className={`queue__row queue__row--${c.priority.toLowerCase()}${
                    isClaimOverdue(c, now) ? ' queue__row--overdue' : ''
                  }`}
                  data-case-id={c.id}
                  aria-describedby={hintId}
                  onClick={() => onOpen(c.id)}
                  onKeyDown={(event) => onRowKeyDown(event, () => onOpen(c.id))}
                >
                  <td>
                    <PriorityBadge priority={c.priority} />
                    {written.length > 0 && (
                      <p className="queue__reasons">
                        <span className="visually-hidden">{m('reasonsLabel')}</span>
                        {written
                          .map((reason) => describePriorityReason(reason, t, language))
                          .join(m('reasonSeparator'))}
                      </p>
                    )}
                  </td>
                  <td className="queue__reference">{c.reference}</td>
                  <td>
                    {c.assignee || c.claimedAt ? (
                      t('queue.claimed')
                    ) : c.claimDeadline ? (
                      <DeadlineCountdown deadline={c.claimDeadline} now={now} />
                    ) : (
                      t('queue.noDeadline')
                    )}
                  </td>
                  <td>
                    <ul className="inline-list">
                      {c.categories.map((category) =>
                        situations.has(category) ? (
                          <li key={category} className="queue__decisive">
                            {categoryLabel(category, language)}
                            <span className="visually-hidden">{m('setsPriority')}</span>
                          </li>
                        ) : (
                          <li key={category}>{categoryLabel(category, language)}</li>
                        ),
                      )}
                    </ul>
                  </td>
                  <td>{regionLabel(c.region)}</td>
                  <td className="queue__channel">{t(`channel.${c.channel}`)}</td>
                  <td>
                    <ul className="inline-list">
                      {c.children.map((child, index) => (
                        <li key={index}>{childLabel(child, t)}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{t(`status.${c.status}`)}</td>
                  <td className={c.assignee ? 'queue__assignee' : 'queue__assignee--none'}>
                    {c.assignee ? c.assignee.displayName : t('queue.unassigned')}
                  </td>
                  <td>{formatDateTime(c.createdAt, language)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
