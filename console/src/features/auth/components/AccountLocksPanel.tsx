import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAccountLock } from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { listAccountLocks, unlockAccount } from '../api';
import { LOCK_MESSAGES } from '../messages';

/**
 * Accounts waiting after wrong passwords, each with an Unlock button: on the duty board for
 * supervisors (the night shift must not stay signed out) and on the users page for admins.
 */
export function AccountLocksPanel() {
  const m = useMessages(LOCK_MESSAGES);
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const [accounts, setAccounts] = useState<TAccountLock[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setAccounts((await listAccountLocks(api)).accounts);
      setLoadError(null);
    } catch (caught) {
      // A session that ended shows on the page around this panel, which reads too.
      setLoadError(caught);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const unlock = async (account: TAccountLock) => {
    setBusy(account.id);
    setStatus(null);
    setError(null);
    try {
      await unlockAccount(api, account.id);
      await load();
      setStatus(m('unlocked', { username: account.username }));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(null);
    }
  };

  const waitUntil = (account: TAccountLock) =>
    account.waitUntil && Date.parse(account.waitUntil) > Date.now()
      ? formatDateTime(account.waitUntil, language)
      : m('now');

  return (
    <section aria-labelledby="account-locks-title" className="account-locks">
      <h2 id="account-locks-title">{m('title')}</h2>
      <p className="muted">{m('intro')}</p>
      <p role="status">{status}</p>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {accounts === null && loadError === null && <Loading label={m('loading')} />}
      {loadError !== null && (
        <LoadError message={m('loadFailed')} error={loadError} onRetry={() => void load()} />
      )}
      {accounts?.length === 0 && <p className="muted">{m('none')}</p>}
      {accounts && accounts.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{m('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{m('username')}</th>
                <th scope="col">{m('displayName')}</th>
                <th scope="col">{m('role')}</th>
                <th scope="col">{m('failures')}</th>
                <th scope="col">{m('waitUntil')}</th>
                <th scope="col">
                  <span className="visually-hidden">{m('unlock')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.id}>
                  <th scope="row">{account.username}</th>
                  <td>{account.displayName}</td>
                  <td>{t(`roles.${account.role}`)}</td>
                  <td>{account.failures}</td>
                  <td>{waitUntil(account)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy !== null}
                      aria-label={m('unlockLabel', { username: account.username })}
                      onClick={() => void unlock(account)}
                    >
                      {busy === account.id ? m('unlocking') : m('unlock')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
