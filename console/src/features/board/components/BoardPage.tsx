import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, type TDutyBoard } from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { formatCountdown, formatDateTime, formatTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useNow } from '../../../lib/use-now';
import { PriorityBadge } from '../../cases/components/PriorityBadge';
import { REFERRAL_STATUS_LABEL } from '../../dispatch/labels';
import { useLabel, useMessages } from '../../../lib/messages';
import { BOARD_MESSAGES } from '../messages';
import { useBoard } from '../hooks/use-board';
import { AccountLocksPanel } from '../../auth/components/AccountLocksPanel';
import { BulkReassign, HandoverNotes, PresenceCell, PresenceCounts } from './ShiftPanels';
import { SHIFT_MESSAGES } from '../messages';
import { Board12345 } from '../../hotline12345/components/Board12345';
import { BoardWarnings } from '../../warnings/components/BoardWarnings';

type Messages = ReturnType<typeof useMessages<keyof typeof BOARD_MESSAGES>>;

/** The supervisors' duty board: queues, waits, missed deadlines and who is on duty, live. */
export function BoardPage() {
  const m = useMessages(BOARD_MESSAGES);
  const [language] = useLanguage();
  const { status, board, error, reload } = useBoard();

  return (
    <div className="board">
      <PageHeading>{m('title')}</PageHeading>
      <p className="muted">{m('intro')}</p>
      {status === 'loading' && <Loading label={m('loading')} />}
      {status === 'error' && <LoadError message={m('loadFailed')} error={error} onRetry={reload} />}
      {board && (
        <>
          <p className="muted" role="status">
            {error
              ? m('stale', { time: formatTime(board.at, language) })
              : m('asOf', { time: formatTime(board.at, language) })}
          </p>
          <BoardContent board={board} m={m} />
          <BulkReassign onDone={reload} />
        </>
      )}
      <HandoverNotes />
      <AccountLocksPanel />
    </div>
  );
}

function BoardContent({ board, m }: { board: TDutyBoard; m: Messages }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const label = useLabel();
  const now = useNow();
  const late = (deadline: string | null) =>
    deadline
      ? m('overdue.late', { time: formatCountdown(Date.parse(deadline), now, language).text })
      : '';
  const { cases, referrals, calls, callbacks, onDuty } = board;
  const shift = useMessages(SHIFT_MESSAGES);

  return (
    <>
      <div className="board__tiles">
        <section className="card board__tile" aria-labelledby="board-cases">
          <h2 id="board-cases">{m('cases.title')}</h2>
          <p className="board__figure">{m('cases.open', { count: String(cases.open) })}</p>
          <ul className="board__priorities">
            {PRIORITIES.map((p) => (
              <li key={p}>
                <PriorityBadge priority={p} /> <strong>{cases.byPriority[p] ?? 0}</strong>
              </li>
            ))}
          </ul>
          <p>{m('cases.unclaimed', { count: String(cases.unclaimed) })}</p>
          <BoardWarnings />
        </section>
        <section className="card board__tile" aria-labelledby="board-calls">
          <h2 id="board-calls">{m('calls.title')}</h2>
          {calls.waiting === 0 ? (
            <p>{m('calls.none')}</p>
          ) : (
            <>
              <p className="board__figure">
                {m('calls.waiting', { count: String(calls.waiting) })}
              </p>
              <p className={calls.urgent > 0 ? 'board__alert' : undefined}>
                {m('calls.urgent', { count: String(calls.urgent) })}
              </p>
              {calls.oldestQueuedAt && (
                <p>
                  {m('calls.longest', {
                    time: formatCountdown(now, Date.parse(calls.oldestQueuedAt), language).text,
                  })}
                </p>
              )}
            </>
          )}
          <p>
            {calls.last24h.queued === 0
              ? m('calls.dayNone')
              : m('calls.day', {
                  within: String(calls.last24h.answeredWithin15s),
                  queued: String(calls.last24h.queued),
                  percent: `${Math.round((calls.last24h.answeredWithin15s / calls.last24h.queued) * 100)}%`,
                  abandoned: String(calls.last24h.abandoned),
                })}
          </p>
          <p>{m('callbacks.open', { count: String(callbacks.open) })}</p>
          {callbacks.overdue > 0 && (
            <p className="board__alert">
              {m('callbacks.overdue', { count: String(callbacks.overdue) })}
            </p>
          )}
          <Board12345 figures={board.hotline12345} />
        </section>
        {onDuty !== null && <PresenceCounts onDuty={onDuty} />}
      </div>

      <section aria-labelledby="board-overdue">
        <h2 id="board-overdue">
          {m('overdue.title')} ({cases.overdueClaimsTotal})
        </h2>
        {cases.overdueClaims.length === 0 ? (
          <p className="muted">{m('overdue.none')}</p>
        ) : (
          <>
            <ul className="board__list">
              {cases.overdueClaims.map((c) => (
                <li key={c.id}>
                  <PriorityBadge priority={c.priority} />{' '}
                  <Link to={`/cases/${c.id}`}>{c.reference}</Link> · {t(`status.${c.status}`)} ·{' '}
                  <span className="board__alert">{late(c.claimDeadline)}</span>
                </li>
              ))}
            </ul>
            {cases.overdueClaimsTotal > cases.overdueClaims.length && (
              <p className="muted">
                {m('overdue.more', {
                  shown: String(cases.overdueClaims.length),
                  total: String(cases.overdueClaimsTotal),
                })}
              </p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="board-referrals">
        <h2 id="board-referrals">
          {m('referrals.title')} ({referrals.attentionTotal})
        </h2>
        <p>{m('referrals.awaiting', { count: String(referrals.awaitingAck) })}</p>
        {referrals.attention.length === 0 ? (
          <p className="muted">{m('referrals.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{m('referrals.priority')}</th>
                  <th scope="col">{m('referrals.case')}</th>
                  <th scope="col">{m('referrals.centre')}</th>
                  <th scope="col">{m('referrals.status')}</th>
                  <th scope="col">{m('referrals.deadline')}</th>
                  <th scope="col">{m('referrals.escalation')}</th>
                </tr>
              </thead>
              <tbody>
                {referrals.attention.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <PriorityBadge priority={r.priority} />
                    </td>
                    <th scope="row">
                      <Link to={`/cases/${r.caseId}`}>{r.caseReference}</Link>
                    </th>
                    <td>{r.centre.name}</td>
                    <td>{label(REFERRAL_STATUS_LABEL[r.status])}</td>
                    <td>
                      {r.ackDeadline ? formatDateTime(r.ackDeadline, language) : '—'}
                      {r.status === 'pending' &&
                        r.ackDeadline &&
                        Date.parse(r.ackDeadline) < now && (
                          <>
                            {' '}
                            <span className="board__alert">{late(r.ackDeadline)}</span>
                          </>
                        )}
                    </td>
                    <td>
                      {r.escalationLevel > 0
                        ? m('referrals.level', { level: String(r.escalationLevel) })
                        : m('referrals.notEscalated')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="board-duty">
        <h2 id="board-duty">{m('duty.title')}</h2>
        {onDuty === null ? (
          <p className="muted">{m('duty.unknown')}</p>
        ) : onDuty.length === 0 ? (
          <p className="muted">{m('duty.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{m('duty.name')}</th>
                  <th scope="col">{m('duty.role')}</th>
                  <th scope="col">{shift('presence.status')}</th>
                  <th scope="col">{m('duty.holding')}</th>
                  <th scope="col">{m('duty.consoles')}</th>
                </tr>
              </thead>
              <tbody>
                {onDuty.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.displayName}</th>
                    <td>{t(`roles.${p.role}`)}</td>
                    <td>
                      <PresenceCell status={p.status} since={p.since} />
                    </td>
                    <td>{p.holding}</td>
                    <td>{p.connections}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
