import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../../components/PageHeading';
import { Loading } from '../../../components/Loading';
import { errorMessage } from '../../../lib/error-message';
import { categoryLabel, priorityLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useNow } from '../../../lib/use-now';
import { useCaseQueue } from '../hooks/use-case-queue';
import type { QueueChange } from '../hooks/use-case-queue';
import { useP1Alerts } from '../hooks/use-p1-alerts';
import { QueueTable } from './QueueTable';
import { WaitingCallsPanel } from '../../calls/components/WaitingCallsPanel';

/** The operator's live queue: every open case, most urgent first, updated without reloading. */
export function QueuePage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const now = useNow(1000);
  const alerts = useP1Alerts();
  const [announcement, setAnnouncement] = useState({ polite: '', urgent: '' });

  const open = useCallback((id: string) => void navigate(`/cases/${id}`), [navigate]);

  const onChange = ({ kind, alert, summary }: QueueChange) => {
    const reference = summary.reference;
    let message: string;
    switch (kind) {
      case 'created':
        message = t('queue.announce.created', {
          reference,
          priority: priorityLabel(summary.priority, language),
        });
        break;
      case 'claimed':
        message = t('queue.announce.claimed', {
          reference,
          name: summary.assignee?.displayName ?? '',
        });
        break;
      case 'released':
        message = t('queue.announce.released', { reference });
        break;
      case 'closed':
        message = t('queue.announce.closed', { reference });
        break;
      case 'updated':
      case 'unchanged':
        message = t('queue.announce.updated', { reference });
        break;
    }
    setAnnouncement(alert ? { polite: '', urgent: message } : { polite: message, urgent: '' });
    if (alert) {
      alerts.alert(
        t('queue.notification.title', { reference }),
        // Categories only: a notification may show on a locked screen, so no names or places.
        summary.categories.map((c) => categoryLabel(c, language)).join(t('list.separator')),
        summary.id,
        () => open(summary.id),
      );
    }
  };

  const { state, reload } = useCaseQueue(onChange);

  return (
    <section className="queue-page">
      <div className="queue-page__header">
        <div>
          <PageHeading>{t('queue.title')}</PageHeading>
          {state.status === 'ready' && (
            <p className="queue-page__count">
              {t('queue.count', { count: state.cases.length })}
              {state.refreshing && <span className="muted"> · {t('queue.refreshing')}</span>}
            </p>
          )}
        </div>
        <AlertControls permission={alerts.permission} onEnable={() => void alerts.enable()} />
      </div>

      <WaitingCallsPanel />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement.polite}
      </div>
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement.urgent}
      </div>

      {state.status === 'ready' && state.error !== null && (
        <p className="notice notice--warning" role="alert">
          {errorMessage(state.error, t)}{' '}
          <button type="button" className="button button--link" onClick={reload}>
            {t('app.retry')}
          </button>
        </p>
      )}

      {state.status === 'loading' && <Loading label={t('queue.loading')} />}
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>
            {t('queue.error')} {errorMessage(state.error, t)}
          </p>
          <button type="button" className="button" onClick={reload}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && state.cases.length === 0 && (
        <p className="empty">{t('queue.empty')}</p>
      )}
      {state.status === 'ready' && state.cases.length > 0 && (
        <QueueTable cases={state.cases} now={now} onOpen={open} />
      )}
    </section>
  );
}

function AlertControls({
  permission,
  onEnable,
}: {
  permission: ReturnType<typeof useP1Alerts>['permission'];
  onEnable: () => void;
}) {
  const { t } = useTranslation();
  switch (permission) {
    case 'off':
      return (
        <button type="button" className="button" onClick={onEnable}>
          {t('queue.alerts.enable')}
        </button>
      );
    case 'granted':
      return <p className="alerts-state">{t('queue.alerts.on')}</p>;
    case 'denied':
      return <p className="alerts-state">{t('queue.alerts.blocked')}</p>;
    case 'unsupported':
      return <p className="alerts-state">{t('queue.alerts.unsupported')}</p>;
  }
}
