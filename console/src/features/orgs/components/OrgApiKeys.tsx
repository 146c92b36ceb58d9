import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, type TOrg, type TOrgApiKey } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useMessages } from '../../../lib/messages';
import { createOrgApiKey, revokeOrgApiKey } from '../api';
import { ORGS_MESSAGES } from '../messages';
import { OneTimeKey } from './OneTimeKey';

/**
 * An organisation's partner API keys: the list (never a secret), a new key shown once with a
 * copy button, and revoking with a confirmation.
 */
export function OrgApiKeys({
  org,
  onChanged,
  onClose,
}: {
  org: TOrg;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(ORGS_MESSAGES);
  const api = useApi();
  const [language] = useLanguage();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [label, setLabel] = useState('');
  const [labelError, setLabelError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [created, setCreated] = useState<{ label: string; secret: string } | null>(null);
  const [confirming, setConfirming] = useState<TOrgApiKey | null>(null);

  useEffect(() => headingRef.current?.focus(), []);

  const create = async () => {
    if (!label.trim()) {
      setLabelError(m('keys.labelError'));
      return;
    }
    setLabelError(null);
    setBusy(true);
    setMessage(null);
    try {
      const { apiKey, key } = await createOrgApiKey(api, org.id, { label: label.trim() });
      setCreated({ label: apiKey.label, secret: key });
      setLabel('');
      onChanged();
    } catch (error) {
      const refused = error instanceof AppError ? error.data?.label : undefined;
      if (typeof refused === 'string') {
        setLabelError(refused);
      } else {
        setMessage(errorMessage(error, t));
      }
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: TOrgApiKey) => {
    setBusy(true);
    setMessage(null);
    try {
      await revokeOrgApiKey(api, org.id, key.id);
      setConfirming(null);
      setNotice(m('keys.revoked', { label: key.label }));
      onChanged();
    } catch (error) {
      setMessage(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {m('keys.title', { name: org.name })}
      </h2>
      <p className="hint">{m('keys.hint')}</p>
      <p role="status">{notice}</p>
      {created && (
        <OneTimeKey
          label={created.label}
          secret={created.secret}
          onDismiss={() => setCreated(null)}
        />
      )}
      {org.apiKeys.length === 0 ? (
        <p>{m('keys.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{m('keys.title', { name: org.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{m('keys.label')}</th>
                <th scope="col">{m('keys.prefix')}</th>
                <th scope="col">{m('keys.created')}</th>
                <th scope="col">{m('keys.lastUsed')}</th>
                <th scope="col">{m('keys.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{m('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {org.apiKeys.map((key) => (
                <tr key={key.id}>
                  <td>{key.label}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{formatDateTime(key.createdAt, language)}</td>
                  <td>
                    {key.lastUsedAt ? formatDateTime(key.lastUsedAt, language) : m('keys.never')}
                  </td>
                  <td>
                    {key.revokedAt
                      ? m('keys.revokedAt', { at: formatDateTime(key.revokedAt, language) })
                      : m('keys.active')}
                  </td>
                  <td>
                    {!key.revokedAt && confirming?.id !== key.id && (
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        aria-label={m('keys.revokeNamed', { label: key.label })}
                        onClick={() => setConfirming(key)}
                      >
                        {m('keys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming && (
        <div className="notice notice--warning" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{m('keys.confirm', { label: confirming.label })}</p>
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              // The question was just asked: answering it is the next thing to do.
              autoFocus
              onClick={() => void revoke(confirming)}
            >
              {m('keys.confirmYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              {m('cancel')}
            </button>
          </div>
        </div>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-label`}>{m('keys.newLabel')}</label>
          <input
            id={`${id}-label`}
            value={label}
            maxLength={100}
            aria-invalid={labelError ? true : undefined}
            aria-describedby={labelError ? `${id}-label-error` : undefined}
            onChange={(event) => setLabel(event.target.value)}
          />
          {labelError && (
            <p id={`${id}-label-error`} className="field-error">
              {labelError}
            </p>
          )}
        </div>
        {message && (
          <p className="notice notice--error" role="alert">
            {message}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? m('keys.creating') : m('keys.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {m('keys.close')}
          </button>
        </div>
      </form>
    </section>
  );
}
