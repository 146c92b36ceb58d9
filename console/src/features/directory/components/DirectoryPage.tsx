import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Input, Table, Tag } from 'antd';
import { can, parsePhone } from '@hutong/shared';
import type { TContactHistory, TDirectory } from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { CENTRE_KIND_LABEL } from '../../dispatch/labels';
import { useRegions } from '../../report/hooks/use-regions';
import { caseContactHistory, loadDirectory, searchContactHistory } from '../api';
import { DIRECTORY_KIND_LABEL, DIRECTORY_MESSAGES } from '../messages';

/** Operators' directory by area, and (for operators and supervisors) contact history. */
export function DirectoryPage() {
  const m = useMessages(DIRECTORY_MESSAGES);
  const label = useLabel();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const { state } = useAuth();
  const role = state.status === 'authenticated' ? state.user.role : null;
  const { regions } = useRegions();
  const [area, setArea] = useState<string[]>([]);
  const [q, setQ] = useState('');
  const [directory, setDirectory] = useState<TDirectory | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Opened from a case (`?case=<id>&reference=`): its reporters' history is shown at once.
  const [params] = useSearchParams();
  const fromCase = params.get('case');

  const load = useCallback(async () => {
    try {
      setError(null);
      setDirectory(
        await loadDirectory(api, {
          ...(area[0] ? { regionCode: area[0] } : {}),
          ...(q.trim() ? { q: q.trim() } : {}),
        }),
      );
    } catch (caught) {
      if (!guard(caught)) setError(caught);
    }
  }, [api, guard, area, q]);

  useEffect(() => {
    void load();
  }, [load]);

  const history = role && can(role, 'contacts.history') && (
    <ContactHistory
      fromCase={fromCase ? { id: fromCase, reference: params.get('reference') ?? '' } : undefined}
    />
  );

  return (
    <div className="directory">
      <PageHeading>{m('title')}</PageHeading>
      {/* Opened from a case, its reporters' history comes first; the directory follows. */}
      {fromCase && history}
      <p className="muted">{m('intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-area`}>{m('area')}</label>
        <RegionTreeSelect
          id={`${id}-area`}
          regions={regions}
          value={area}
          onChange={setArea}
          placeholder={m('areaPlaceholder')}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-q`}>{m('search')}</label>
        <Input id={`${id}-q`} value={q} allowClear onChange={(e) => setQ(e.target.value)} />
      </div>
      {error !== null && (
        <LoadError message={m('failed')} error={error} onRetry={() => void load()} />
      )}
      {!directory && error === null && <Loading label={m('loading')} />}
      {directory && (
        <>
          <h2>{m('entries')}</h2>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={directory.entries}
            locale={{ emptyText: m('empty') }}
            columns={[
              {
                title: m('name'),
                dataIndex: 'name',
                render: (name: string, e) => (
                  <>
                    {name} {!e.active && <Tag>{m('inactive')}</Tag>}
                  </>
                ),
              },
              {
                title: m('kind'),
                dataIndex: 'kind',
                render: (k: keyof typeof DIRECTORY_KIND_LABEL) => label(DIRECTORY_KIND_LABEL[k]),
              },
              {
                title: m('phone'),
                dataIndex: 'phone',
                render: (p: string) => <a href={`tel:${p.replace(/[^0-9+]/g, '')}`}>{p}</a>,
              },
              { title: m('region'), key: 'region', render: (_, e) => e.region.path.join(' › ') },
              { title: m('note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
            ]}
          />
          <h2>{m('centres')}</h2>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={directory.centres}
            locale={{ emptyText: m('empty') }}
            columns={[
              { title: m('name'), dataIndex: 'name' },
              {
                title: m('kind'),
                dataIndex: 'kind',
                render: (k: keyof typeof CENTRE_KIND_LABEL) => label(CENTRE_KIND_LABEL[k]),
              },
              { title: m('region'), key: 'region', render: (_, c) => c.region.path.join(' › ') },
              {
                title: m('duty'),
                key: 'duty',
                render: (_, c) =>
                  c.dutyContacts.map((d) => (
                    <div key={`${d.label}-${d.phone}`}>
                      {d.label}: <a href={`tel:${d.phone}`}>{d.phone}</a>
                    </div>
                  )),
              },
            ]}
          />
        </>
      )}
      {!fromCase && history}
    </div>
  );
}

/**
 * Earlier contacts from one phone number: matched by keyed hash on the server, audited. Opened
 * from a case, the numbers its reporters gave, which the operator never needs to see.
 */
function ContactHistory({ fromCase }: { fromCase?: { id: string; reference: string } }) {
  const m = useMessages(DIRECTORY_MESSAGES);
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const id = useId();
  const [phone, setPhone] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TContactHistory | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const caseId = fromCase?.id;
  useEffect(() => {
    if (!caseId) return;
    let cancelled = false;
    setBusy(true);
    caseContactHistory(api, caseId)
      .then((found) => {
        if (!cancelled) setResult(found);
      })
      .catch((caught: unknown) => {
        if (!cancelled) setFailure(errorMessage(caught, t));
      })
      .finally(() => {
        if (!cancelled) setBusy(false);
      });
    return () => {
      cancelled = true;
    };
  }, [api, caseId, t]);

  const search = async () => {
    const ok = parsePhone(phone) !== null;
    setInvalid(!ok);
    if (!ok) return;
    setBusy(true);
    setFailure(null);
    try {
      setResult(await searchContactHistory(api, phone));
    } catch (caught) {
      setFailure(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{m('history.title')}</h2>
      <p className="muted">{m('history.intro')}</p>
      {fromCase && (
        <p>
          {m('history.fromCase', { reference: fromCase.reference })}{' '}
          <Link to={`/cases/${fromCase.id}`}>
            {m('history.backToCase', { reference: fromCase.reference })}
          </Link>
        </p>
      )}
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label htmlFor={`${id}-phone`}>{m('history.phone')}</label>
        <Input
          id={`${id}-phone`}
          type="tel"
          autoComplete="off"
          value={phone}
          status={invalid ? 'error' : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-phone-error` : undefined}
          onChange={(e) => setPhone(e.target.value)}
          style={{ maxWidth: 280 }}
        />
        {invalid && (
          <p id={`${id}-phone-error`} className="field-error">
            {m('errors.phone')}
          </p>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {m('history.search')}
        </Button>
      </form>
      {failure && (
        <Alert type="error" role="alert" title={m('history.failed')} description={failure} />
      )}
      {result && (
        <div role="status">
          <p>
            {result.contacts.length === 0
              ? m('history.none')
              : m('history.found', { count: String(result.contacts.length) })}
          </p>
          {result.contacts.length > 0 && (
            <Table
              rowKey={(c) => `${c.kind}-${c.at}-${c.reference ?? ''}`}
              size="small"
              pagination={false}
              dataSource={result.contacts}
              columns={[
                {
                  title: m('history.when'),
                  dataIndex: 'at',
                  render: (at: string) => formatDateTime(at, language),
                },
                {
                  title: m('history.channel'),
                  dataIndex: 'channel',
                  render: (c: string) => t(`channel.${c}` as 'channel.web'),
                },
                {
                  title: m('history.reference'),
                  key: 'reference',
                  render: (_, c) => c.reference ?? m('history.call'),
                },
                {
                  title: m('history.case'),
                  key: 'case',
                  render: (_, c) =>
                    c.caseId ? <Link to={`/cases/${c.caseId}`}>{c.caseReference}</Link> : '—',
                },
                {
                  title: m('history.status'),
                  dataIndex: 'caseStatus',
                  render: (s: string | null) => (s ? t(`status.${s}` as 'status.new') : '—'),
                },
              ]}
            />
          )}
        </div>
      )}
    </section>
  );
}
