import { LoadError } from '../../../components/LoadError';
import { useEffect, useState } from 'react';
import { ORG_KIND_LABEL, type TOrg } from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { regionLabel } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useRegions } from '../../report/hooks/use-regions';
import { listOrgs } from '../api';
import { ORGS_MESSAGES } from '../messages';
import { OrgApiKeys } from './OrgApiKeys';
import { OrgForm } from './OrgForm';

/** Administrators' list of mandatory-reporting organisations: create, edit, partner API keys. */
export function OrgsPage() {
  const m = useMessages(ORGS_MESSAGES);
  const api = useApi();
  const label = useLabel();
  const regions = useRegions();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; orgs: TOrg[] }
  >({ status: 'loading' });
  // null: no form; 'new': adding; an organisation: editing it.
  const [editing, setEditing] = useState<TOrg | 'new' | null>(null);
  const [notice, setNotice] = useState('');
  // The organisation whose API keys are open (its id: the list reloads after each change).
  const [keysOf, setKeysOf] = useState<string | null>(null);
  const keysOrg = state.status === 'ready' ? state.orgs.find((o) => o.id === keysOf) : undefined;

  useEffect(() => {
    let cancelled = false;
    listOrgs(api).then(
      ({ orgs }) => {
        if (!cancelled) setState({ status: 'ready', orgs });
      },
      (error: unknown) => {
        if (!cancelled) setState({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, loadCount]);

  const saved = (org: TOrg) => {
    setEditing(null);
    setNotice(m('saved', { name: org.name }));
    setLoadCount((n) => n + 1);
  };

  return (
    <>
      <PageHeading>{m('title')}</PageHeading>
      <p role="status">{notice}</p>
      {editing === null && (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          {m('add')}
        </button>
      )}
      {editing !== null && (
        <OrgForm
          key={editing === 'new' ? 'new' : editing.id}
          org={editing === 'new' ? null : editing}
          regions={regions.regions}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      {keysOrg && (
        <OrgApiKeys
          key={keysOrg.id}
          org={keysOrg}
          onChanged={() => setLoadCount((n) => n + 1)}
          onClose={() => setKeysOf(null)}
        />
      )}
      {state.status === 'loading' && <p>{m('loading')}</p>}
      {state.status === 'error' && (
        <LoadError
          message={m('loadError')}
          error={state.error}
          onRetry={() => setLoadCount((n) => n + 1)}
        />
      )}
      {state.status === 'ready' &&
        (state.orgs.length === 0 ? (
          <p>{m('empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{m('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{m('fields.name')}</th>
                  <th scope="col">{m('fields.kind')}</th>
                  <th scope="col">{m('fields.region')}</th>
                  <th scope="col">{m('fields.letter')}</th>
                  <th scope="col">{m('fields.active')}</th>
                  <th scope="col">{m('fields.keys')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{m('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.orgs.map((org) => (
                  <tr key={org.id}>
                    <td>{org.name}</td>
                    <td>{label(ORG_KIND_LABEL[org.kind])}</td>
                    <td>{regionLabel(org.region)}</td>
                    <td>{org.letterSignedAt ?? m('notSigned')}</td>
                    <td>{org.active ? m('yes') : m('no')}</td>
                    <td>{org.apiKeys.filter((k) => !k.revokedAt).length}</td>
                    <td>
                      <div className="button-row">
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={m('editNamed', { name: org.name })}
                          onClick={() => setEditing(org)}
                        >
                          {m('edit')}
                        </button>
                        <button
                          type="button"
                          className="button button--small button--secondary"
                          aria-label={m('keys.manageNamed', { name: org.name })}
                          aria-expanded={keysOf === org.id}
                          onClick={() => setKeysOf(org.id)}
                        >
                          {m('keys.manage')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
