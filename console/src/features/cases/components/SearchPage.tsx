import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  CASE_STATUSES,
  PRIORITIES,
  can,
  type CaseStatus,
  type Priority,
  type TCaseSummary,
} from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime, priorityLabel, regionLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { RegionPicker } from '../../../components/RegionPicker';
import { useRegions } from '../../report/hooks/use-regions';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { searchCases } from '../api';
import { PriorityBadge } from './PriorityBadge';
import { DateInput } from '../../../components/DateInput';

interface Filters {
  q: string;
  phone: string;
  region: string[];
  status: CaseStatus | '';
  priority: Priority | '';
  from: string;
  to: string;
}

const EMPTY: Filters = { q: '', phone: '', region: [], status: '', priority: '', from: '', to: '' };

/** Case search: reference, child's name (any part), reporter phone, region, status, risk, dates. */
export function SearchPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const regions = useRegions();
  const id = useId();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [results, setResults] = useState<TCaseSummary[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const { state: auth } = useAuth();
  // A phone number tells who reported: without that right, it finds only the cases one holds.
  const ownCasesOnly =
    auth.status === 'authenticated' && !can(auth.user.role, 'reporters.identity.read');
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }));

  const submit = async () => {
    setBusy(true);
    setMessage(null);
    try {
      setResults(
        await searchCases(api, {
          ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
          ...(filters.phone.trim() ? { phone: filters.phone.trim() } : {}),
          ...(filters.region.length ? { regionCode: filters.region.at(-1) } : {}),
          ...(filters.status ? { status: filters.status } : {}),
          ...(filters.priority ? { priority: filters.priority } : {}),
          ...(filters.from ? { from: filters.from } : {}),
          ...(filters.to ? { to: filters.to } : {}),
        }),
      );
    } catch (error) {
      if (!guard(error)) setMessage(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="search-page">
      <PageHeading>{t('work.search.title')}</PageHeading>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('work.search.q')}</label>
          <input
            id={`${id}-q`}
            value={filters.q}
            aria-describedby={`${id}-q-hint`}
            onChange={(e) => set('q', e.target.value)}
          />
          <p id={`${id}-q-hint`} className="muted">
            {t('work.search.qHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-phone`}>{t('work.search.phone')}</label>
          <input
            id={`${id}-phone`}
            type="tel"
            value={filters.phone}
            aria-describedby={ownCasesOnly ? `${id}-phone-hint` : undefined}
            onChange={(e) => set('phone', e.target.value)}
          />
          {ownCasesOnly && (
            <p className="hint" id={`${id}-phone-hint`}>
              {t('work.search.phoneOwnOnly')}
            </p>
          )}
        </div>
        <fieldset>
          <legend>{t('work.search.region')}</legend>
          <RegionPicker
            regions={regions.regions}
            value={filters.region}
            onChange={(path) => set('region', path)}
          />
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('work.search.status')}</label>
          <select
            id={`${id}-status`}
            value={filters.status}
            onChange={(e) => set('status', e.target.value as CaseStatus | '')}
          >
            <option value="">{t('work.search.any')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-priority`}>{t('work.search.priority')}</label>
          <select
            id={`${id}-priority`}
            value={filters.priority}
            onChange={(e) => set('priority', e.target.value as Priority | '')}
          >
            <option value="">{t('work.search.any')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {priorityLabel(p, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('work.search.from')}</label>
          <DateInput id={`${id}-from`} value={filters.from} onChange={(v) => set('from', v)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('work.search.to')}</label>
          <DateInput id={`${id}-to`} value={filters.to} onChange={(v) => set('to', v)} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('work.search.searching') : t('work.search.submit')}
        </button>
        <div role="alert" className="form-error">
          {message}
        </div>
      </form>
      {results && (
        <section aria-live="polite">
          <p>
            {results.length === 0
              ? t('work.search.none')
              : t('work.search.results', { count: results.length })}
          </p>
          {results.length > 0 && (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('work.search.reference')}</th>
                    <th scope="col">{t('work.search.priority')}</th>
                    <th scope="col">{t('work.search.status')}</th>
                    <th scope="col">{t('case.region')}</th>
                    <th scope="col">{t('work.search.opened')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to={`/cases/${c.id}`}>{c.reference}</Link>
                      </td>
                      <td>
                        <PriorityBadge priority={c.priority} />
                      </td>
                      <td>{t(`status.${c.status}`)}</td>
                      <td>{regionLabel(c.region)}</td>
                      <td>{formatDateTime(c.createdAt, language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
