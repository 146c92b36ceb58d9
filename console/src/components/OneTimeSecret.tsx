import { useEffect, useId, useRef, useState } from 'react';

/** The texts of a one-time secret notice, in the reader's language. */
export interface OneTimeSecretTexts {
  title: string;
  warning: string;
  field: string;
  copy: string;
  dismiss: string;
  copied: string;
  copyFailed: string;
}

/**
 * A secret shown this once (a temporary password, an API key): a warning, the secret in a
 * read-only field and a copy button. The notice takes focus so a screen reader announces it.
 */
export function OneTimeSecret({
  secret,
  texts,
  heading: Heading = 'h2',
  onDismiss,
}: {
  secret: string;
  texts: OneTimeSecretTexts;
  heading?: 'h2' | 'h3';
  onDismiss: () => void;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => ref.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
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
      aria-labelledby={`${id}-title`}
    >
      <Heading id={`${id}-title`}>{texts.title}</Heading>
      <p>
        <strong>{texts.warning}</strong>
      </p>
      <div className="field">
        <label htmlFor={`${id}-secret`}>{texts.field}</label>
        <input
          id={`${id}-secret`}
          readOnly
          value={secret}
          autoComplete="off"
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          {texts.copy}
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          {texts.dismiss}
        </button>
      </div>
      <p role="status">
        {copyState === 'copied' ? texts.copied : copyState === 'failed' ? texts.copyFailed : null}
      </p>
    </div>
  );
}
