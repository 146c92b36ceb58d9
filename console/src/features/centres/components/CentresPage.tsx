import { LoadError } from '../../../components/LoadError';
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
      {state.status === 'loading' && <p>{m('loading')}</p>}
      {state.status === 'error' && (
        <LoadError
          message={m('loadError')}
          error={state.error}
          onRetry={() => setLoadCount((n) => n + 1)}
        />
      )}
      {state.status === 'ready' &&
        (state.centres.length === 0 ? (
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
                  <th scope="col">{m('fields.jurisdiction')}</th>
                  <th scope="col">{m('fields.contacts')}</th>
                  <th scope="col">{m('fields.active')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{m('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.centres.map((centre) => (
                  <tr key={centre.id}>
                    <td>{centre.name}</td>
                    <td>{label(CENTRE_KIND_LABEL[centre.kind])}</td>
                    <td>{regionLabel(centre.region)}</td>
                    <td>{centre.jurisdiction.map((r) => r.name).join(t('list.separator'))}</td>
                    <td>{centre.dutyContacts.map((c) => c.label).join(t('list.separator'))}</td>
                    <td>{centre.active ? m('yes') : m('no')}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={m('editNamed', { name: centre.name })}
                        onClick={() => setEditing(centre)}
                      >
                        {m('edit')}
                      </button>
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
