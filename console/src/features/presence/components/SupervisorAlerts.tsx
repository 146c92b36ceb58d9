import { App } from 'antd';
import { useNavigate } from 'react-router';
import { PRIORITY_META } from '@hutong/shared';
import { useLanguage } from '../../../lib/use-language';
import { useMessages } from '../../../lib/messages';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { playAlertTone } from '../../queue/alert-tone';
import { PRESENCE_MESSAGES } from '../messages';

/**
 * Supervisors: a claim deadline passed or a referral escalated. Rings with the P1 alert tone and
 * shows a notification (and the browser's, when the operator allowed it on the queue page) that
 * stays until dismissed and opens the case.
 */
export function SupervisorAlerts() {
  const m = useMessages(PRESENCE_MESSAGES);
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { notification } = App.useApp();

  useSocketEvent('supervisor.alerted', (alert) => {
    playAlertTone();
    const text = m(`alert.${alert.kind}`, {
      priority: PRIORITY_META[alert.priority].label[language],
      reference: alert.caseReference,
    });
    const open = () => {
      notification.destroy(`supervisor-${alert.seq}`);
      void navigate(`/cases/${alert.caseId}`);
    };
    notification.warning({
      key: `supervisor-${alert.seq}`,
      title: m('alert.title'),
      description: (
        <>
          <p>{text}</p>
          <button type="button" className="button button--small" onClick={open}>
            {m('alert.open')}
          </button>
        </>
      ),
      duration: 0,
      role: 'alert',
    });
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const browser = new Notification(m('alert.title'), {
        body: text,
        tag: `supervisor-${alert.caseId}`,
      });
      browser.onclick = () => {
        window.focus();
        open();
        browser.close();
      };
    }
  });
  return null;
}
