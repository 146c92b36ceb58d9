import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AUDIT_ACTIONS, can, type TAuditEntry, type TUserRef } from '@hutong/shared';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import type { ApiClient } from '../../../lib/api-client';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { listUsers } from '../../admin/api';
import { listAssignees, searchCases } from '../../cases/api';
import { auditCsvUrl, listAudit, type AuditFilter } from '../api';

/** The filter form as typed: dates as yyyy-mm-dd, the case as a reference or an id. */
interface FilterInput {
  userId: string;
  caseText: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: FilterInput = { userId: '', caseText: '', action: '', from: '', to: '' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^HT-[0-9A-Z]{4}-[0-9A-Z]{4}$/i;
const ACTION = /^[a-z_]+(\.[a-z_]+)*$/;

/** Local midnight of a yyyy-mm-dd date, as an ISO instant; `nextDay` for an inclusive end. */
function dayStart(date: string, nextDay = false): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
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
  const action = input.action.trim();
  if (action) {
    if (!ACTION.test(action)) throw new FilterError(t('audit.errors.action'));
    filter.action = action;
  }
  if (input.from && input.to && input.from > input.to) {
    throw new FilterError(t('audit.errors.range'));
  }
  if (input.from) filter.from = dayStart(input.from);
  // The end date counts whole: everything before the next midnight.
  if (input.to) filter.to = dayStart(input.to, true);
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
  const [entries, setEntries] = useState<TAuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
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

  const show = useCallback(
    async (filter: AuditFilter) => {
      setEntries(null);
      setError(null);
      try {
        const page = await listAudit(api, filter);
        setApplied(filter);
        setEntries(page.entries);
        setNextBefore(page.nextBefore);
      } catch (caught) {
        setEntries([]);
        setNextBefore(null);
        fail(caught);
      }
    },
    [api, fail],
  );

  useEffect(() => {
    void show({});
  }, [show]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    try {
      await show(await toFilter(api, input, mayLookUp, t));
    } catch (caught) {
      fail(caught);
    }
  };

  const loadMore = async () => {
    if (nextBefore === null) return;
    setLoadingMore(true);
    try {
      const page = await listAudit(api, applied, nextBefore);
      setEntries((old) => [...(old ?? []), ...page.entries]);
      setNextBefore(page.nextBefore);
    } catch (caught) {
      fail(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  // Everyone in the list, plus anyone seen in the entries (a supervisor has no accounts list).
  const choices = new Map(people.map((p) => [p.id, p.displayName]));
  for (const e of entries ?? []) if (e.actor) choices.set(e.actor.id, e.actor.displayName);

  return (
    <div className="audit-page">
      <PageHeading>{t('audit.title')}</PageHeading>
      <form className="card" onSubmit={(e) => void submit(e)} aria-label={t('audit.filters')}>
        <div className="field">
          <label htmlFor={`${id}-user`}>{t('audit.user')}</label>
          <select
            id={`${id}-user`}
            value={input.userId}
            onChange={(e) => set('userId', e.target.value)}
          >
            <option value="">{t('audit.anyone')}</option>
            {[...choices].map(([userId, name]) => (
              <option key={userId} value={userId}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-case`}>{t('audit.case')}</label>
          <input
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
          <input
            id={`${id}-action`}
            list={`${id}-actions`}
            value={input.action}
            spellCheck={false}
            aria-describedby={`${id}-action-hint`}
            onChange={(e) => set('action', e.target.value)}
          />
          <datalist id={`${id}-actions`}>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <p id={`${id}-action-hint`} className="hint">
            {t('audit.actionHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('audit.from')}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={input.from}
            onChange={(e) => set('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('audit.to')}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={input.to}
            onChange={(e) => set('to', e.target.value)}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('audit.apply')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setInput(EMPTY);
              void show({});
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
        <div role="alert" className="form-error">
          {error}
        </div>
      </form>

      <p>
        <a className="button" href={auditCsvUrl(applied)} download>
          {t('audit.download')}
        </a>{' '}
        <span className="hint">{t('audit.downloadHint')}</span>
      </p>

      {entries === null ? (
        <Loading label={t('audit.loading')} />
      ) : entries.length === 0 ? (
        <p className="empty">{t('audit.empty')}</p>
      ) : (
        <section aria-live="polite">
          <p>{t('audit.shown', { count: entries.length })}</p>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t('audit.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.columns.at')}</th>
                  <th scope="col">{t('audit.columns.actor')}</th>
                  <th scope="col">{t('audit.columns.action')}</th>
                  <th scope="col">{t('audit.columns.record')}</th>
                  <th scope="col">{t('audit.columns.case')}</th>
                  <th scope="col">{t('audit.columns.details')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at, language)}</td>
                    <td>{e.actor?.displayName ?? t('audit.system')}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.entityType}
                      {e.entityId ? ` ${e.entityId.slice(0, 8)}` : ''}
                    </td>
                    <td>
                      {e.caseId && mayLookUp ? (
                        <Link to={`/cases/${e.caseId}`}>{e.caseReference ?? e.caseId}</Link>
                      ) : (
                        (e.caseReference ?? '')
                      )}
                    </td>
                    <td>
                      <code className="audit-page__data">{JSON.stringify(e.data)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {nextBefore !== null ? (
            <button
              type="button"
              className="button"
              disabled={loadingMore}
              onClick={() => void loadMore()}
            >
              {loadingMore ? t('audit.loadingMore') : t('audit.loadMore')}
            </button>
          ) : (
            <p className="muted">{t('audit.end')}</p>
          )}
        </section>
      )}
    </div>
  );
}
