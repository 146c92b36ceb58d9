import { AdminTable } from '../../../components/AdminTable';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCentre } from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { CENTRE_KIND_LABEL } from '../../dispatch/labels';
import { useLabel, useMessages } from '../../../lib/messages';
import { CENTRES_MESSAGES } from '../messages';
import { regionLabel } from '../../../lib/format';
import { useRegions } from '../../report/hooks/use-regions';
import { listCentres } from '../api';
import { CentreForm } from './CentreForm';

/** Administrators' list of rescue centres, police and other responders, with create and edit. */
export function CentresPage() {
  const { t } = useTranslation();
  const m = useMessages(CENTRES_MESSAGES);
  const api = useApi();
  const label = useLabel();
  const regions = useRegions();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<
    | { status: 'loading' }
    | { status: 'error'; error: unknown }
    | { status: 'ready'; centres: TCentre[] }
  >({ status: 'loading' });
  // null: no form; 'new': adding; a centre: editing it.
  const [editing, setEditing] = useState<TCentre | 'new' | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    let cancelled = false;
    listCentres(api).then(
      ({ centres }) => {
        if (!cancelled) setState({ status: 'ready', centres });
      },
      (error: unknown) => {
        if (!cancelled) setState({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, loadCount]);

  const saved = (centre: TCentre) => {
    setEditing(null);
    setNotice(m('saved', { name: centre.name }));
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
        <CentreForm
          key={editing === 'new' ? 'new' : editing.id}
          centre={editing === 'new' ? null : editing}
          regions={regions.regions}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      <AdminTable
        caption={m('title')}
        rows={state.status === 'ready' ? state.centres : null}
        rowKey={(centre) => centre.id}
        loading={m('loading')}
        empty={m('empty')}
        error={state.status === 'error' ? state.error : null}
        errorMessage={m('loadError')}
        onRetry={() => setLoadCount((n) => n + 1)}
        columns={[
          { key: 'name', title: m('fields.name'), render: (centre) => centre.name },
          {
            key: 'kind',
            title: m('fields.kind'),
            render: (centre) => label(CENTRE_KIND_LABEL[centre.kind]),
          },
          {
            key: 'region',
            title: m('fields.region'),
            render: (centre) => regionLabel(centre.region),
          },
          {
            key: 'jurisdiction',
            title: m('fields.jurisdiction'),
            render: (centre) => centre.jurisdiction.map((r) => r.name).join(t('list.separator')),
          },
          {
            key: 'contacts',
            title: m('fields.contacts'),
            render: (centre) => centre.dutyContacts.map((c) => c.label).join(t('list.separator')),
          },
          {
            key: 'active',
            title: m('fields.active'),
            render: (centre) => (centre.active ? m('yes') : m('no')),
          },
          {
            key: 'actions',
            title: <span className="visually-hidden">{m('actions')}</span>,
            render: (centre) => (
              <button
                type="button"
                className="button button--small"
                aria-label={m('editNamed', { name: centre.name })}
                onClick={() => setEditing(centre)}
              >
                {m('edit')}
              </button>
            ),
          },
        ]}
      />
    </>
  );
}
