import '../queue.css';
import { useCallback, useId, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../../components/PageHeading';
import { Loading } from '../../../components/Loading';
import { errorMessage } from '../../../lib/error-message';
import { categoryLabel, priorityLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useMessages } from '../../../lib/messages';
import { useNow } from '../../../lib/use-now';
import { useAuth } from '../../auth/AuthProvider';
import { useCaseQueue } from '../hooks/use-case-queue';
import type { QueueChange } from '../hooks/use-case-queue';
import { useP1Alerts } from '../hooks/use-p1-alerts';
import type { P1Alerts } from '../hooks/use-p1-alerts';
import { ALERTS_MESSAGES, QUEUE_MESSAGES } from '../messages';
import { countQueueViews, inQueueView, parseQueueView } from '../queue-views';
import type { QueueView } from '../queue-views';
import { QueueTable } from './QueueTable';
import { QueueTabs, queueTabId } from './QueueTabs';
import { WaitingCallsPanel } from '../../calls/components/WaitingCallsPanel';

/**
 * The operator's live queue in triage order (unclaimed first, then the most urgent, overdue
 * first), with Mine / Unclaimed / All tabs, updated without reloading.
 */
export function QueuePage() {
  const { t } = useTranslation();
  const m = useMessages(QUEUE_MESSAGES);
  const { state: auth } = useAuth();
  const meId = auth.status === 'authenticated' ? auth.user.id : null;
  const [searchParams, setSearchParams] = useSearchParams();
  const view = parseQueueView(searchParams.get('view'));
  const idBase = useId();
  const panelId = `${idBase}-panel`;
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
  const counts = countQueueViews(state.cases, meId);
  const shown = state.cases.filter((c) => inQueueView(c, view, meId));
  const selectView = (next: QueueView) =>
    setSearchParams(
      (params) => {
        params.set('view', next);
        return params;
      },
      { replace: true },
    );
  // The unclaimed count leads the tab's title, so a waiting case shows from another tab.
  const title =
    state.status === 'ready' && counts.unclaimed > 0
      ? `(${counts.unclaimed}) ${t('queue.title')}`
      : t('queue.title');

  return (
    <section className="queue-page">
      <div className="queue-page__header">
        <div>
          <PageHeading title={title}>{t('queue.title')}</PageHeading>
          {state.status === 'ready' && (
            <p className="queue-page__count">
              {t('queue.count', { count: state.cases.length })}
              {state.refreshing && <span className="muted"> · {t('queue.refreshing')}</span>}
            </p>
          )}
        </div>
        <AlertControls alerts={alerts} />
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
      {state.status === 'ready' && (
        <>
          <QueueTabs
            idBase={idBase}
            panelId={panelId}
            selected={view}
            counts={counts}
            onSelect={selectView}
          />
          <div id={panelId} role="tabpanel" aria-labelledby={queueTabId(idBase, view)}>
            {shown.length === 0 ? (
              <p className="empty">
                {view === 'all'
                  ? t('queue.empty')
                  : m(view === 'mine' ? 'empty.mine' : 'empty.unclaimed')}
              </p>
            ) : (
              <QueueTable cases={shown} now={now} onOpen={open} />
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** Whether red-case alerts are on, and a way to turn them off (the shell offers to turn them on). */
function AlertControls({ alerts }: { alerts: P1Alerts }) {
  const { t } = useTranslation();
  const m = useMessages(ALERTS_MESSAGES);
  let state: string;
  switch (alerts.permission) {
    case 'off':
      // The shell's notice above every page says they are off and turns them on.
      return null;
    case 'granted':
      state = t('queue.alerts.on');
      break;
    case 'denied':
      state = t('queue.alerts.blocked');
      break;
    case 'unsupported':
      state = t('queue.alerts.unsupported');
      break;
  }
  return (
    <p className="alerts-state">
      {state}{' '}
      <button type="button" className="button button--small" onClick={alerts.disable}>
        {m('turnOff')}
      </button>
    </p>
  );
}
