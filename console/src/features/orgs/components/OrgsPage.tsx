import { AdminTable } from '../../../components/AdminTable';
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
      <AdminTable
        caption={m('title')}
        rows={state.status === 'ready' ? state.orgs : null}
        rowKey={(org) => org.id}
        loading={m('loading')}
        empty={m('empty')}
        error={state.status === 'error' ? state.error : null}
        errorMessage={m('loadError')}
        onRetry={() => setLoadCount((n) => n + 1)}
        columns={[
          { key: 'name', title: m('fields.name'), render: (org) => org.name },
          {
            key: 'kind',
            title: m('fields.kind'),
            render: (org) => label(ORG_KIND_LABEL[org.kind]),
          },
          { key: 'region', title: m('fields.region'), render: (org) => regionLabel(org.region) },
          {
            key: 'letter',
            title: m('fields.letter'),
            render: (org) => org.letterSignedAt ?? m('notSigned'),
          },
          {
            key: 'active',
            title: m('fields.active'),
            render: (org) => (org.active ? m('yes') : m('no')),
          },
          {
            key: 'keys',
            title: m('fields.keys'),
            render: (org) => org.apiKeys.filter((k) => !k.revokedAt).length,
          },
          {
            key: 'actions',
            title: <span className="visually-hidden">{m('actions')}</span>,
            render: (org) => (
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
            ),
          },
        ]}
      />
    </>
  );
}
