import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A temporary password, shown this once: a warning, the password in a read-only field and a copy
 * button. The notice takes focus so a screen reader announces it.
 */
export function OneTimePassword({
  title,
  password,
  onDismiss,
}: {
  title: string;
  password: string;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => ref.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };

  return (
    <div
      ref={ref}
      tabIndex={-1}
      className="notice notice--warning"
      role="region"
      aria-labelledby="one-time-password-title"
    >
      <h2 id="one-time-password-title">{title}</h2>
      <p>
        <strong>{t('admin.password.warning')}</strong>
      </p>
      <div className="field">
        <label htmlFor="one-time-password">{t('admin.password.label')}</label>
        <input
          id="one-time-password"
          readOnly
          value={password}
          autoComplete="off"
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          {t('admin.password.copy')}
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          {t('admin.password.dismiss')}
        </button>
      </div>
      <p role="status">
        {copyState === 'copied'
          ? t('admin.password.copied')
          : copyState === 'failed'
            ? t('admin.password.copyFailed')
            : null}
      </p>
    </div>
  );
}
