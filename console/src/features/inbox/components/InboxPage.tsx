import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMessages } from '../../../lib/messages';
import { INBOX_MESSAGES } from '../messages';
import { PageHeading } from '../../../components/PageHeading';
import { formatDateTime, priorityLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useNow } from '../../../lib/use-now';
import { errorMessage } from '../../../lib/error-message';
import { PriorityBadge } from '../../cases/components/PriorityBadge';
import { AckCountdown, ReferralStatusBadge } from '../../dispatch/components/ReferralFacts';
import { useP1Alerts } from '../../queue/hooks/use-p1-alerts';
import { useInbox } from '../hooks/use-inbox';

const ALERT_STATE = {
  granted: 'queue.alerts.on',
  denied: 'queue.alerts.blocked',
  unsupported: 'queue.alerts.unsupported',
} as const;

/** The centre staff's start page: their referrals, live, most urgent and newest first. */
export function InboxPage() {
  const { t } = useTranslation();
  const m = useMessages(INBOX_MESSAGES);
  const [language] = useLanguage();
  const navigate = useNavigate();
  const now = useNow(1000);
  const alerts = useP1Alerts();
  const [announcement, setAnnouncement] = useState('');
  const inbox = useInbox((referral) => {
    const priority = priorityLabel(referral.priority, language);
    setAnnouncement(m('arrived', { reference: referral.caseReference, priority }));
    // P1 rings (the same tone as the operators' queue); others arrive quietly.
    if (referral.priority === 'P1') {
      alerts.alert(
        m('alertTitle'),
        m('arrived', { reference: referral.caseReference, priority }),
        referral.id,
        () => void navigate(`/inbox/${referral.id}`),
      );
    }
  });

  return (
    <>
      <PageHeading>{m('title')}</PageHeading>
      <div className="toolbar">
        {alerts.permission === 'off' ? (
          <button
            type="button"
            className="button button--small"
            onClick={() => void alerts.enable()}
          >
            {t('queue.alerts.enable')}
          </button>
        ) : (
          <span className="muted">{t(ALERT_STATE[alerts.permission])}</span>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {inbox.status === 'loading' && <p>{m('loading')}</p>}
      {inbox.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>
            {m('loadError')} {errorMessage(inbox.error, t)}
          </p>
          <button type="button" className="button button--small" onClick={inbox.reload}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {inbox.status === 'ready' &&
        (inbox.referrals.length === 0 ? (
          <p>{m('empty')}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{m('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{m('columns.reference')}</th>
                <th scope="col">{m('columns.priority')}</th>
                <th scope="col">{m('columns.status')}</th>
                <th scope="col">{m('columns.ack')}</th>
                <th scope="col">{m('columns.received')}</th>
              </tr>
            </thead>
            <tbody>
              {inbox.referrals.map((referral) => (
                <tr key={referral.id} data-testid="inbox-row">
                  <td>
                    <Link to={`/inbox/${referral.id}`}>{referral.caseReference}</Link>
                  </td>
                  <td>
                    <PriorityBadge priority={referral.priority} />
                  </td>
                  <td>
                    <ReferralStatusBadge referral={referral} />
                  </td>
                  <td>
                    <AckCountdown referral={referral} now={now} />
                  </td>
                  <td>{formatDateTime(referral.createdAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}
