import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/error-message';

/** A page's data could not be read: what failed, why, and a way to try again. */
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
  return (
    <div className="notice notice--error" role="alert">
      <p>
        {message} {errorMessage(error, t)}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
