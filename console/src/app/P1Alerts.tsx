import type { ReactNode } from 'react';
import { Alert, Button } from 'antd';
import {
  P1AlertsContext,
  useP1Alerts,
  useP1AlertsState,
} from '../features/queue/hooks/use-p1-alerts';
import { useMessages } from '../lib/messages';
import { ALERTS_MESSAGES } from '../features/queue/messages';

/** Holds the signed-in user's P1 alert opt-in for every page (remembered per user). */
export function P1AlertsProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const alerts = useP1AlertsState(userId);
  return <P1AlertsContext.Provider value={alerts}>{children}</P1AlertsContext.Provider>;
}

/**
 * A lasting notice on every page while P1 alerts are off, with the button that turns them on;
 * after a reload with alerts on, a one-click way to let the browser play the tone again.
 */
export function P1AlertsNotice() {
  const m = useMessages(ALERTS_MESSAGES);
  const alerts = useP1Alerts();
  if (alerts.permission === 'off') {
    return (
      <Alert
        banner
        type="error"
        role="status"
        className="alerts-notice"
        title={m('off')}
        description={m('offBody')}
        action={
          <Button type="primary" onClick={() => void alerts.enable()}>
            {m('turnOn')}
          </Button>
        }
      />
    );
  }
  if (alerts.soundSuspended) {
    return (
      <Alert
        banner
        type="warning"
        role="status"
        className="alerts-notice"
        title={m('suspended')}
        action={<Button onClick={alerts.resumeSound}>{m('resume')}</Button>}
      />
    );
  }
  return null;
}
