import { useTranslation } from 'react-i18next';
import { useConnectionState } from './use-socket-event';

/** A dot and a word for the live connection, announced politely when it changes. */
export function ConnectionStatus() {
  const { t } = useTranslation();
  const state = useConnectionState();
  if (state === null) return null;
  return (
    <div className={`connection connection--${state}`} role="status" aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      <span className="visually-hidden">{t('connection.label')}: </span>
      {t(`connection.${state}`)}
    </div>
  );
}
