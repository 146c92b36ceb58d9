import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from 'antd';
import {
  FEEDBACK_STEP_LABEL,
  SATISFACTION_LABEL,
  type TCaseDetail,
  type THotline12345OrderView,
} from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { caseOrders, replyTo12345, returnTo12345 } from '../api';
import { HOTLINE12345_MESSAGES } from '../messages';

/** Whether a case came (at least partly) from 12345: one of its reports is on channel 12345. */
export function isFrom12345(detail: TCaseDetail): boolean {
  return detail.reports.some((r) => r.channel === '12345');
}

/**
 * The case's 12345 work order(s): number, time limit, urges (督办), the caller's rating, every
 * step sent back and whether 12345 got it; for the holder, a progress reply and "return to
 * 12345" (退单) with a reason. Reloads whenever the case changes (a new timeline entry).
 */
export function Hotline12345Panel({
  detail,
  mayChange,
  onChanged,
}: {
  detail: TCaseDetail;
  mayChange: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(HOTLINE12345_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const [orders, setOrders] = useState<THotline12345OrderView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [reason, setReason] = useState('');
  const [returning, setReturning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const caseId = detail.id;
  const seen = detail.events.length;

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setOrders((await caseOrders(api, caseId)).orders);
    } catch (error) {
      if (!guard(error)) setLoadError(errorMessage(error, t));
    }
  }, [api, caseId, guard, t]);

  useEffect(() => {
    void load();
  }, [load, seen]);

  const act = async (action: () => Promise<{ orders: THotline12345OrderView[] }>) => {
    setBusy(true);
    setProblem(null);
    setMessage(null);
    try {
      setOrders((await action()).orders);
      return true;
    } catch (error) {
      if (!guard(error)) setProblem(errorMessage(error, t));
      return false;
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  const sendReply = async () => {
    if (!reply.trim()) return setProblem(m('needText'));
    if (await act(() => replyTo12345(api, caseId, reply.trim()))) {
      setReply('');
      setMessage(m('replySent'));
    }
  };

  const sendReturn = async () => {
    if (!reason.trim()) return setProblem(m('needText'));
    if (await act(() => returnTo12345(api, caseId, reason.trim()))) {
      setReturning(false);
      setReason('');
    }
  };

  const open = orders?.some((o) => o.status === 'received' || o.status === 'signed') ?? false;

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="hotline12345-panel">
      <h2 id={`${id}-heading`}>{m('title')}</h2>
      {orders === null && !loadError && <p className="muted">{m('loading')}</p>}
      {loadError && (
        <p role="alert">
          {m('loadFailed')} {loadError}{' '}
          <button type="button" className="button button--small" onClick={() => void load()}>
            {m('retry')}
          </button>
        </p>
      )}
      {orders?.map((order) => {
        const late =
          (order.status === 'received' || order.status === 'signed') &&
          Date.parse(order.timeLimit) < Date.now();
        return (
          <div key={order.orderNumber} className="hotline12345-order">
            <dl>
              <dt>{m('orderNumber')}</dt>
              <dd>{order.orderNumber}</dd>
              <dt>{m('orderTime')}</dt>
              <dd>{formatDateTime(order.orderTime, language)}</dd>
              <dt>{m('timeLimit')}</dt>
              <dd>
                {formatDateTime(order.timeLimit, language)}
                {late && <strong> · {m('overdue')}</strong>}
              </dd>
              <dt>{m('state')}</dt>
              <dd>{m(`state.${order.status}`)}</dd>
              {order.returnedReason && (
                <>
                  <dt>{m('returnedReason')}</dt>
                  <dd>{order.returnedReason}</dd>
                </>
              )}
              <dt>{m('urges')}</dt>
              <dd>
                {order.urges.length === 0 ? (
                  m('noUrges')
                ) : (
                  <>
                    <strong>{m('urgeCount', { count: String(order.urges.length) })}</strong>
                    <ul>
                      {order.urges.map((u, i) => (
                        <li key={`${u.at}-${i}`}>
                          {formatDateTime(u.at, language)}
                          {u.comment ? ` · ${u.comment}` : ''}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </dd>
              <dt>{m('rating')}</dt>
              <dd>
                {order.rating
                  ? `${SATISFACTION_LABEL[order.rating.satisfaction][language]} · ${formatDateTime(order.rating.at, language)}${order.rating.comment ? ` · ${order.rating.comment}` : ''}`
                  : m('noRating')}
              </dd>
            </dl>
            <h3>{m('answers')}</h3>
            {order.messages.length === 0 ? (
              <p className="muted">{m('noAnswers')}</p>
            ) : (
              <ol>
                {order.messages.map((msg) => (
                  <li key={msg.id}>
                    <strong>{FEEDBACK_STEP_LABEL[msg.step][language]}</strong> · {msg.text} ·{' '}
                    {m(`delivery.${msg.status}`, {
                      time: msg.deliveredAt ? formatDateTime(msg.deliveredAt, language) : '',
                    })}
                  </li>
                ))}
              </ol>
            )}
          </div>
        );
      })}
      {mayChange && open && (
        <div className="hotline12345-actions">
          <label htmlFor={`${id}-reply`}>{m('replyLabel')}</label>
          <p className="muted" id={`${id}-reply-hint`}>
            {m('replyHint')}
          </p>
          <textarea
            id={`${id}-reply`}
            aria-describedby={`${id}-reply-hint`}
            value={reply}
            maxLength={1000}
            rows={3}
            onChange={(e) => setReply(e.target.value)}
          />
          <div>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void sendReply()}
            >
              {m('reply')}
            </button>{' '}
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() => setReturning(true)}
            >
              {m('return')}
            </button>
          </div>
        </div>
      )}
      {message && <p role="status">{message}</p>}
      {problem && !returning && <p role="alert">{problem}</p>}
      <Modal
        open={returning}
        title={m('returnTitle')}
        okText={m('returnConfirm')}
        cancelText={m('cancel')}
        okButtonProps={{ danger: true, disabled: busy }}
        onOk={() => void sendReturn()}
        onCancel={() => setReturning(false)}
        destroyOnHidden
      >
        <p>{m('returnExplain')}</p>
        <label htmlFor={`${id}-reason`}>{m('returnReason')}</label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          maxLength={500}
          rows={3}
          autoFocus
          onChange={(e) => setReason(e.target.value)}
          style={{ width: '100%' }}
        />
        {problem && <p role="alert">{problem}</p>}
      </Modal>
    </section>
  );
}
