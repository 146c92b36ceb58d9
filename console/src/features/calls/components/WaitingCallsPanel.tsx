import '../calls.css';
import { useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AppError } from '@hutong/shared';
import type { Language } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useMessages } from '../../../lib/messages';
import { useNow } from '../../../lib/use-now';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { answerCall } from '../api';
import { formatWait, waitedSeconds } from '../call-list';
import type { LiveCall } from '../call-list';
import { useLanguageLabel } from '../hooks/use-language-label';
import { useLiveCalls } from '../hooks/use-live-calls';
import { CALLS_LINE_MESSAGES } from '../messages';
import { useSoftphone } from '../hooks/use-softphone';
import { CallbackTasks } from './CallbackTasks';

/**
 * The live waiting-calls panel of the operator queue: every waiting caller (urgent first, then
 * the longest wait) with an Answer button, who is on the line with whom, and the callback tasks;
 * a single line while nobody waits and no callback is due.
 */
export function WaitingCallsPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const guard = useSessionGuard();
  const softphone = useSoftphone();
  const now = useNow(1000);
  const languageLabel = useLanguageLabel();
  const m = useMessages(CALLS_LINE_MESSAGES);
  const headingId = useId();
  const live = useLiveCalls();
  const [answering, setAnswering] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const answeringRef = useRef(false);

  useSocketEvent('call.queued', (call) => {
    setAnnouncement(
      call.urgent
        ? t('calls.announce.urgent', { number: call.maskedNumber })
        : t('calls.announce.queued', { number: call.maskedNumber }),
    );
  });

  const answer = async (call: LiveCall) => {
    // One answer at a time: a double press must not look like a lost race.
    if (answeringRef.current) return;
    answeringRef.current = true;
    setAnswering(call.id);
    setNotice(null);
    try {
      const response = await answerCall(api, call.id);
      softphone?.answered(response);
      await navigate(`/cases/${response.case.id}`);
    } catch (error) {
      if (guard(error)) return;
      setNotice(answerFailure(error, t));
      live.reload();
    } finally {
      answeringRef.current = false;
      setAnswering(null);
    }
  };

  const waiting = live.items.filter((c) => c.status === 'queued');
  const onLine = live.items.filter((c) => c.status === 'ringing' || c.status === 'in_progress');
  const inMenu = live.items.filter((c) => c.status === 'ivr').length;

  // Nobody waiting: one line, so the first screen is the case queue; a queued call expands it.
  const idle = waiting.length === 0;
  const callbacks = live.callbacks;
  const showCallbacks = !idle || callbacks.items.length > 0 || callbacks.error !== null;

  return (
    <section
      className={idle ? 'calls-panel calls-panel--idle card' : 'calls-panel card'}
      aria-labelledby={headingId}
    >
      <div className="calls-panel__line">
        <h2 id={headingId}>{t('calls.title')}</h2>
        {idle && live.loaded && live.error === null && (
          <span className="calls-panel__status">{t('calls.none')}</span>
        )}
        {idle && inMenu > 0 && (
          <span className="muted">{t('calls.inMenu', { count: inMenu })}</span>
        )}
        {idle && onLine.length > 0 && (
          <span className="muted">{m('onLine', { count: String(onLine.length) })}</span>
        )}
        {!showCallbacks && callbacks.loaded && (
          <span className="muted">{t('calls.callbacks.none')}</span>
        )}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {notice !== null && (
        <p className="notice notice--warning" role="alert">
          {notice}
        </p>
      )}
      {live.error !== null && (
        <p className="notice notice--warning">
          {t('calls.loadError')} {errorMessage(live.error, t)}{' '}
          <button type="button" className="button button--link" onClick={live.reload}>
            {t('app.retry')}
          </button>
        </p>
      )}
      {!idle && (
        <ol className="calls-list" aria-label={t('calls.waitingLabel', { count: waiting.length })}>
          {waiting.map((call) => (
            <WaitingCall
              key={call.id}
              call={call}
              now={now}
              busy={answering !== null}
              answering={answering === call.id}
              languageLabel={languageLabel}
              onAnswer={() => void answer(call)}
            />
          ))}
        </ol>
      )}
      {!idle && (onLine.length > 0 || inMenu > 0) && (
        <ul className="plain-list calls-online">
          {inMenu > 0 && <li className="muted">{t('calls.inMenu', { count: inMenu })}</li>}
          {onLine.map((call) => (
            <li key={call.id} data-call-id={call.id}>
              {call.status === 'ringing'
                ? t('calls.connecting', {
                    number: call.maskedNumber,
                    name: call.answeredBy?.displayName ?? '',
                  })
                : t('calls.talking', {
                    number: call.maskedNumber,
                    name: call.answeredBy?.displayName ?? '',
                  })}
              {call.caseReference && ` · ${call.caseReference}`}
            </li>
          ))}
        </ul>
      )}
      {showCallbacks && <CallbackTasks tasks={callbacks} now={now} />}
    </section>
  );
}

function WaitingCall({
  call,
  now,
  busy,
  answering,
  languageLabel,
  onAnswer,
}: {
  call: LiveCall;
  now: number;
  busy: boolean;
  answering: boolean;
  languageLabel: (language: Language) => string;
  onAnswer: () => void;
}) {
  const { t } = useTranslation();
  const wait = formatWait(waitedSeconds(call, now));
  const option = call.option ? t(`calls.option.${call.option}`) : t('calls.option.none');
  return (
    <li
      className={call.urgent ? 'calls-list__item calls-list__item--urgent' : 'calls-list__item'}
      data-call-id={call.id}
    >
      {call.urgent && <strong className="badge badge--urgent">{t('calls.urgent')}</strong>}
      <span className="calls-list__number">{call.maskedNumber}</span>
      <span>{languageLabel(call.language)}</span>
      <span>{option}</span>
      <span className="calls-list__wait">{t('calls.waited', { time: wait })}</span>
      {call.position !== null && (
        <span className="muted">{t('calls.position', { position: String(call.position) })}</span>
      )}
      {call.escalated && <span className="danger-flag">{t('calls.escalated')}</span>}
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        aria-label={t('calls.answerLabel', { number: call.maskedNumber, time: wait })}
        onClick={onAnswer}
      >
        {answering ? t('calls.answering') : t('calls.answer')}
      </button>
    </li>
  );
}

/** Why answering failed, in words an operator can act on. */
function answerFailure(error: unknown, t: ReturnType<typeof useTranslation>['t']): string {
  if (error instanceof AppError) {
    if (error.code === 'CONFLICT') {
      const by = error.data?.answeredBy as { displayName?: unknown } | undefined;
      if (by) {
        return typeof by.displayName === 'string'
          ? t('calls.takenBy', { name: by.displayName })
          : t('calls.taken');
      }
      return t('calls.notConnected');
    }
    if (error.code === 'ILLEGAL_TRANSITION' || error.code === 'NOT_FOUND') {
      return t('calls.gone');
    }
  }
  return errorMessage(error, t);
}
