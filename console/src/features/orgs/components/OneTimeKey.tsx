import { useEffect, useId, useRef, useState } from 'react';
import { useMessages } from '../../../lib/messages';
import { ORGS_MESSAGES } from '../messages';

/**
 * A new partner API key, shown this once: a warning, the key in a read-only field and a copy
 * button (like OneTimePassword). The notice takes focus so a screen reader announces it.
 */
export function OneTimeKey({
  label,
  secret,
  onDismiss,
}: {
  label: string;
  secret: string;
  onDismiss: () => void;
}) {
  const m = useMessages(ORGS_MESSAGES);
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
      <h3 id={`${id}-title`}>{m('secret.title', { label })}</h3>
      <p>
        <strong>{m('secret.warning')}</strong>
      </p>
      <div className="field">
        <label htmlFor={`${id}-key`}>{m('secret.field')}</label>
        <input
          id={`${id}-key`}
          readOnly
          value={secret}
          autoComplete="off"
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          {m('secret.copy')}
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          {m('secret.dismiss')}
        </button>
      </div>
      <p role="status">
        {copyState === 'copied'
          ? m('secret.copied')
          : copyState === 'failed'
            ? m('secret.copyFailed')
            : null}
      </p>
    </div>
  );
}
