import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/error-message';
import { useReconnected } from '../realtime/use-socket-event';

/**
 * A page's data could not be read: what failed, why, and a way to try again. When the live
 * connection comes back after an outage it tries again by itself, so no stale error outlives it.
 */
export function LoadError({
  message,
  error,
  onRetry,
}: {
  message: string;
  error: unknown;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  useReconnected(onRetry);
  return (
    <div className="notice notice--error" role="alert">
      <p>
        <span>{message}</span> {errorMessage(error, t)}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
