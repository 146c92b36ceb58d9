import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  AUDIT_ACTIONS,
  auditActionLabel,
  auditDetails,
  can,
  formatLocalDateTime,
  type AuditAction,
  type TAuditEntry,
  type TUserRef,
} from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import type { ApiClient } from '../../../lib/api-client';
import { errorMessage } from '../../../lib/error-message';
import { useLanguage } from '../../../lib/use-language';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { listUsers } from '../../admin/api';
import { listAssignees, searchCases } from '../../cases/api';
import { auditCsvUrl, listAudit, type AuditFilter } from '../api';
import '../audit.css';

/** The filter form as chosen: the case as a reference or an id, the days as a range. */
interface FilterInput {
  userId: string | undefined;
  caseText: string;
  action: AuditAction | undefined;
  days: [Dayjs | null, Dayjs | null] | null;
}

const EMPTY: FilterInput = { userId: undefined, caseText: '', action: undefined, days: null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^HT-[0-9A-Z]{4}-[0-9A-Z]{4}$/i;

/**
 * Midnight starting a calendar day in Beijing time, as an ISO instant; `nextDay` for an
 * inclusive end. The hotline's days are Beijing days wherever the browser is.
 */
function beijingDayStart(day: Dayjs, nextDay = false): string {
  const d = nextDay ? day.add(1, 'day') : day;
  return new Date(`${d.format('YYYY-MM-DD')}T00:00:00+08:00`).toISOString();
}

class FilterError extends Error {}

/** Turns the form into the API filter, resolving a case reference to its id where allowed. */
async function toFilter(
  api: ApiClient,
  input: FilterInput,
  mayLookUp: boolean,
  t: ReturnType<typeof useTranslation>['t'],
): Promise<AuditFilter> {
  const filter: AuditFilter = {};
  if (input.userId) filter.userId = input.userId;
  if (input.action) filter.action = input.action;
  const [from, to] = input.days ?? [null, null];
  if (from) filter.from = beijingDayStart(from);
  // The end day counts whole: everything before the next midnight.
  if (to) filter.to = beijingDayStart(to, true);
  const caseText = input.caseText.trim();
  if (UUID.test(caseText)) {
    filter.caseId = caseText;
  } else if (REFERENCE.test(caseText)) {
    if (!mayLookUp) throw new FilterError(t('audit.errors.caseById'));
    const reference = caseText.toUpperCase();
    const found = (await searchCases(api, { q: reference })).find((c) => c.reference === reference);
    if (!found) throw new FilterError(t('audit.errors.caseNotFound', { reference }));
    filter.caseId = found.id;
  } else if (caseText) {
    throw new FilterError(t('audit.errors.caseFormat'));
  }
  return filter;
}

/** People to filter by: all accounts for admins, the case workers for supervisors. */
function usePeople(api: ApiClient): TUserRef[] {
  const { state } = useAuth();
  const role = state.status === 'authenticated' ? state.user.role : null;
  const [people, setPeople] = useState<TUserRef[]>([]);
  useEffect(() => {
    let cancelled = false;
    const load: Promise<TUserRef[]> | null = !role
      ? null
      : can(role, 'users.manage')
        ? listUsers(api).then((l) => l.users)
        : can(role, 'cases.reassign')
          ? listAssignees(api)
          : null;
    // Without a list, the user filter still offers everyone seen in the log (see below).
    load?.then(
      (list) => {
        if (!cancelled) setPeople(list.map((u) => ({ id: u.id, displayName: u.displayName })));
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, role]);
  return people;
}

/** One page of entries and where it and the next start (`before` cursors, newest first). */
interface PageState {
  entries: TAuditEntry[] | null;
  /** The `before` of every page shown so far: [undefined, …] — the last is the current page. */
  cursors: (number | undefined)[];
  nextBefore: number | null;
  /** Names of the people, centres and organisations the details name by id. */
  names: Record<string, string>;
}

const FIRST_PAGE: PageState = { entries: null, cursors: [undefined], nextBefore: null, names: {} };

/** The audit log for supervisors and administrators: filters, newest first, CSV download. */
export function AuditPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const { state: auth } = useAuth();
  const mayLookUp = auth.status === 'authenticated' && can(auth.user.role, 'cases.list');
  const id = useId();
  const people = usePeople(api);

  const [input, setInput] = useState<FilterInput>(EMPTY);
  const [applied, setApplied] = useState<AuditFilter>({});
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof FilterInput>(key: K, value: FilterInput[K]) =>
    setInput((f) => ({ ...f, [key]: value }));

  const fail = useCallback(
    (caught: unknown) => {
      if (guard(caught)) return;
      setError(caught instanceof FilterError ? caught.message : errorMessage(caught, t));
    },
    [guard, t],
  );

  // Only the latest request's answer is shown: an earlier one may arrive after it.
  const latest = useRef(0);

  /** Shows the page that starts at `cursors.at(-1)` under `filter`. */
  const show = useCallback(
    async (filter: AuditFilter, cursors: (number | undefined)[]) => {
      const request = ++latest.current;
      setLoading(true);
      setError(null);
      try {
        const result = await listAudit(api, filter, cursors.at(-1));
        if (request !== latest.current) return;
        setApplied(filter);
        setPage({
          entries: result.entries,
          cursors,
          nextBefore: result.nextBefore,
          names: result.names,
        });
      } catch (caught) {
        if (request !== latest.current) return;
        setPage((old) => ({ ...old, entries: old.entries ?? [] }));
        fail(caught);
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [api, fail],
  );

  useEffect(() => {
    void show({}, [undefined]);
  }, [show]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    try {
      await show(await toFilter(api, input, mayLookUp, t), [undefined]);
    } catch (caught) {
      fail(caught);
    }
  };

  // Everyone in the list, plus anyone seen in the entries (a supervisor has no accounts list).
  const choices = new Map(people.map((p) => [p.id, p.displayName]));
  for (const e of page.entries ?? []) {
    if (e.actor && !choices.has(e.actor.id)) {
      choices.set(e.actor.id, `${e.actor.displayName} (${e.actor.username})`);
    }
  }

  const columns: TableColumnsType<TAuditEntry> = [
    {
      key: 'at',
      title: t('audit.columns.at'),
      width: 190,
      render: (_, e) => <span className="nowrap">{formatLocalDateTime(e.at, language)}</span>,
    },
    {
      key: 'actor',
      title: t('audit.columns.actor'),
      width: 200,
      render: (_, e) =>
        e.actor ? (
          <>
            <div>{e.actor.displayName}</div>
            <Typography.Text type="secondary">{e.actor.username}</Typography.Text>
          </>
        ) : (
          t('audit.system')
        ),
    },
    {
      key: 'action',
      title: t('audit.columns.action'),
      width: 200,
      render: (_, e) => (
        <span title={e.action} lang={language}>
          {auditActionLabel(e.action, language)}
        </span>
      ),
    },
    {
      key: 'case',
      title: t('audit.columns.case'),
      width: 150,
      render: (_, e) =>
        e.caseId && mayLookUp ? (
          <Link to={`/cases/${e.caseId}`}>{e.caseReference ?? e.caseId}</Link>
        ) : (
          (e.caseReference ?? '')
        ),
    },
    {
      key: 'details',
      title: t('audit.columns.details'),
      render: (_, e) => {
        const lines = auditDetails(e.data, language, page.names);
        return lines.length ? (
          <dl className="audit-page__details">
            {lines.map((l) => (
              <div key={l.key}>
                <dt>{l.label}</dt>
                <dd>{l.value}</dd>
              </div>
            ))}
          </dl>
        ) : null;
      },
    },
  ];

  const pageNumber = page.cursors.length;
  return (
    <div className="audit-page">
      <PageHeading>{t('audit.title')}</PageHeading>
      <form className="card" onSubmit={(e) => void submit(e)} aria-label={t('audit.filters')}>
        <Space wrap align="end" size="middle">
          <div className="field">
            <label htmlFor={`${id}-user`}>{t('audit.user')}</label>
            <Select
              id={`${id}-user`}
              style={{ minWidth: 220 }}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              virtual={false}
              placeholder={t('audit.anyone')}
              value={input.userId}
              onChange={(value?: string) => set('userId', value)}
              options={[...choices].map(([value, label]) => ({ value, label }))}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-case`}>{t('audit.case')}</label>
            <Input
              id={`${id}-case`}
              value={input.caseText}
              spellCheck={false}
              aria-describedby={`${id}-case-hint`}
              onChange={(e) => set('caseText', e.target.value)}
            />
            <p id={`${id}-case-hint`} className="hint">
              {t('audit.caseHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-action`}>{t('audit.action')}</label>
            <Select
              id={`${id}-action`}
              style={{ minWidth: 240 }}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              virtual={false}
              placeholder={t('audit.anyAction')}
              value={input.action}
              onChange={(value?: AuditAction) => set('action', value)}
              options={AUDIT_ACTIONS.map((a) => ({
                value: a,
                label: auditActionLabel(a, language),
              }))}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-days`}>{t('audit.dates')}</label>
            <DatePicker.RangePicker
              id={{ start: `${id}-days`, end: `${id}-days-end` }}
              value={input.days}
              allowEmpty={[true, true]}
              placeholder={[t('audit.from'), t('audit.to')]}
              onChange={(days) => set('days', days)}
            />
          </div>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('audit.apply')}
            </Button>
            <Button
              onClick={() => {
                setInput(EMPTY);
                void show({}, [undefined]);
              }}
            >
              {t('audit.clear')}
            </Button>
          </Space>
        </Space>
        {/* antd's Alert is itself role="alert": announced when it appears. */}
        {error ? <Alert className="form-error" type="error" title={error} showIcon /> : null}
      </form>

      <p>
        <a className="button" href={auditCsvUrl(applied, language)} download>
          {t('audit.download')}
        </a>{' '}
        <span className="hint">{t('audit.downloadHint')}</span>
      </p>

      <section aria-live="polite" aria-busy={loading}>
        <Table<TAuditEntry>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={page.entries ?? []}
          loading={loading ? { description: t('audit.loading') } : false}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: loading ? ' ' : t('audit.empty') }}
          caption={<span className="visually-hidden">{t('audit.caption')}</span>}
        />
        <nav aria-label={t('audit.pages')} className="audit-page__pages">
          <Space>
            <Button
              disabled={loading || pageNumber === 1}
              onClick={() => void show(applied, page.cursors.slice(0, -1))}
            >
              {t('audit.newer')}
            </Button>
            <span>{t('audit.page', { page: String(pageNumber) })}</span>
            <Button
              disabled={loading || page.nextBefore === null}
              onClick={() => void show(applied, [...page.cursors, page.nextBefore ?? undefined])}
            >
              {t('audit.older')}
            </Button>
            {!loading && page.entries?.length && page.nextBefore === null ? (
              <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
            ) : null}
          </Space>
        </nav>
      </section>
    </div>
  );
}
