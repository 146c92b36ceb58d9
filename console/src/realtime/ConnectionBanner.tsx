import { Alert } from 'antd';
import { SHELL_MESSAGES } from '../app/messages';
import { formatTime } from '../lib/format';
import { useMessages } from '../lib/messages';
import { useLanguage } from '../lib/use-language';
import { useConnectionDownSince } from './use-socket-event';

/**
 * A full-width warning while the live connection is down, saying what that means for the
 * operator and since when; it goes away by itself once the connection is back.
 */
export function ConnectionBanner() {
  const m = useMessages(SHELL_MESSAGES);
  const [language] = useLanguage();
  const downSince = useConnectionDownSince();
  if (downSince === null) return null;
  return (
    <Alert
      banner
      type="warning"
      role="alert"
      className="connection-banner"
      title={
        <>
          {m('connection.down')} {m('connection.since', { time: formatTime(downSince, language) })}
        </>
      }
    />
  );
}
