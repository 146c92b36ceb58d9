import '../calls.css';
import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '@hutong/shared';
import type { TSmsConversation } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { caseSms, sendCaseSms } from '../api';
import { CannedReplyPicker } from './SmsThreadReplies';

/** Delivery statuses after which a message's status no longer changes. */
const FINAL = new Set(['delivered', 'undelivered', 'failed', 'opted_out', 'received', 'read']);
const POLL_MS = 3000;
const POLL_TIMES = 20;
const MAX_LENGTH = 320;

/**
 * A case's SMS conversation with delivery status, and a reply box. A sender who replied STOP
 * gets no SMS: the box is replaced by a notice (safety work on the case goes on). Only the case's
 * holder and supervisors may read it (`held`); anyone else sees why, and nothing is fetched.
 */
export function SmsThread({ caseId, held }: { caseId: string; held: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  if (!held) {
    return (
      <section className="sms-thread card" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('sms.title')}</h2>
        <p className="notice">{t('sms.notHolder')}</p>
      </section>
    );
  }
  return <HeldSmsThread caseId={caseId} />;
}

function HeldSmsThread({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const headingId = useId();
  const replyId = useId();
  const [thread, setThread] = useState<TSmsConversation | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  // After a reply, re-read a few times so its delivery status shows (each read is audited).
  const [polls, setPolls] = useState(0);

  const load = useCallback(async () => {
    try {
      setThread(await caseSms(api, caseId));
      setLoadError(null);
    } catch (error) {
      if (!guard(error)) setLoadError(error);
    }
  }, [api, caseId, guard]);

  useEffect(() => {
    void load();
  }, [load]);

  const pending = thread?.messages.some((m) => m.direction === 'outbound' && !FINAL.has(m.status));
  useEffect(() => {
    if (polls <= 0 || !pending) return;
    const timer = setTimeout(() => {
      setPolls((n) => n - 1);
      void load();
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [polls, pending, load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = draft.trim();
    if (body === '' || sending) return;
    setSending(true);
    setSendError(null);
    try {
      await sendCaseSms(api, caseId, body);
      setDraft('');
      setPolls(POLL_TIMES);
      await load();
    } catch (error) {
      if (guard(error)) return;
      if (error instanceof AppError && error.code === 'CONFLICT' && error.data?.optedOut) {
        setThread((current) => (current ? { ...current, optedOut: true } : current));
        setSendError(t('sms.optedOut'));
      } else {
        setSendError(errorMessage(error, t));
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="sms-thread card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('sms.title')}
        {thread?.maskedNumber && <span className="muted"> · {thread.maskedNumber}</span>}
      </h2>
      {loadError !== null && (
        <p className="notice notice--warning" role="alert">
          {t('sms.loadError')} {errorMessage(loadError, t)}{' '}
          <button type="button" className="button button--link" onClick={() => void load()}>
            {t('app.retry')}
          </button>
        </p>
      )}
      {thread !== null && thread.messages.length === 0 && <p className="empty">{t('sms.none')}</p>}
      {thread !== null && thread.messages.length > 0 && (
        <ol className="sms-thread__messages">
          {thread.messages.map((message) => (
            <li
              key={message.id}
              className={`sms-thread__message sms-thread__message--${message.direction}`}
            >
              <p className="muted">
                {message.direction === 'inbound'
                  ? t('sms.from')
                  : message.sentBy
                    ? t('sms.sentBy', { name: message.sentBy.displayName })
                    : t('sms.automatic')}{' '}
                ·{' '}
                <time dateTime={message.createdAt}>
                  {formatDateTime(message.createdAt, language)}
                </time>
              </p>
              <p className="sms-thread__body">{message.body}</p>
              {message.direction === 'outbound' && (
                <p className="sms-thread__status">{statusLabel(message.status, t)}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {sendError !== null && (
        <p className="notice notice--warning" role="alert">
          {sendError}
        </p>
      )}
      {thread?.optedOut ? (
        <p className="notice notice--warning">{t('sms.optedOutNotice')}</p>
      ) : (
        thread !== null &&
        thread.maskedNumber !== null && (
          <form className="form" onSubmit={(e) => void submit(e)}>
            <div className="field">
              <label htmlFor={replyId}>{t('sms.reply')}</label>
              <CannedReplyPicker
                language={thread.language ?? 'zh-CN'}
                onPick={(text) =>
                  setDraft((current) =>
                    (current.trim() === '' ? text : `${current.trimEnd()} ${text}`).slice(
                      0,
                      MAX_LENGTH,
                    ),
                  )
                }
              />
              <textarea
                id={replyId}
                value={draft}
                maxLength={MAX_LENGTH}
                rows={3}
                onChange={(e) => setDraft(e.target.value)}
              />
              <p className="hint">{t('sms.replyHint', { max: String(MAX_LENGTH) })}</p>
            </div>
            <button
              type="submit"
              className="button button--primary"
              disabled={sending || draft.trim() === ''}
            >
              {sending ? t('sms.sending') : t('sms.send')}
            </button>
          </form>
        )
      )}
    </section>
  );
}

function statusLabel(status: string, t: ReturnType<typeof useTranslation>['t']): string {
  switch (status) {
    case 'queued':
    case 'accepted':
    case 'sending':
      return t('sms.status.sending');
    case 'sent':
      return t('sms.status.sent');
    case 'delivered':
    case 'read':
      return t('sms.status.delivered');
    case 'undelivered':
    case 'failed':
      return t('sms.status.failed');
    case 'opted_out':
      return t('sms.status.optedOut');
    default:
      return status;
  }
}
