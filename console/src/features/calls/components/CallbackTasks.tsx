import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TCallbackTask } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { DeadlineCountdown } from '../../cases/components/DeadlineCountdown';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { completeCallback } from '../api';
import { useLanguageLabel } from '../hooks/use-language-label';
import type { LiveList } from '../hooks/use-live-calls';

/** Callers who left the queue (voicemail, callback requested, hung up): call each back in time. */
export function CallbackTasks({ tasks, now }: { tasks: LiveList<TCallbackTask>; now: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const languageLabel = useLanguageLabel();
  const headingId = useId();
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const complete = async (task: TCallbackTask) => {
    setBusy(task.id);
    setFailure(null);
    try {
      await completeCallback(api, task.id);
    } catch (error) {
      if (guard(error)) return;
      setFailure(errorMessage(error, t));
    } finally {
      setBusy(null);
      tasks.reload();
    }
  };

  return (
    <div className="callbacks">
      <h3 id={headingId}>{t('calls.callbacks.title')}</h3>
      {failure !== null && (
        <p className="notice notice--warning" role="alert">
          {failure}
        </p>
      )}
      {tasks.error !== null && (
        <p className="notice notice--warning">
          {t('calls.callbacks.loadError')} {errorMessage(tasks.error, t)}{' '}
          <button type="button" className="button button--link" onClick={tasks.reload}>
            {t('app.retry')}
          </button>
        </p>
      )}
      {tasks.loaded && tasks.items.length === 0 && tasks.error === null && (
        <p className="empty">{t('calls.callbacks.none')}</p>
      )}
      {tasks.items.length > 0 && (
        <ul className="calls-list" aria-labelledby={headingId}>
          {tasks.items.map((task) => (
            <li key={task.id} className="calls-list__item" data-task-id={task.id}>
              <strong>{t(`calls.callbacks.kind.${task.kind}`)}</strong>
              <span className="calls-list__number">{task.maskedNumber}</span>
              <span>{languageLabel(task.language)}</span>
              {task.hasRecording && <span>{t('calls.callbacks.recording')}</span>}
              <DeadlineCountdown deadline={task.deadline} now={now} />
              {task.caseId && (
                <Link to={`/cases/${task.caseId}`}>{t('calls.callbacks.openCase')}</Link>
              )}
              <button
                type="button"
                className="button button--small"
                disabled={busy !== null}
                aria-label={t('calls.callbacks.doneLabel', { number: task.maskedNumber })}
                onClick={() => void complete(task)}
              >
                {t('calls.callbacks.done')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
