import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { AppError, type TOrgReportList } from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { useReconnected, useSocketEvent } from '../../../realtime/use-socket-event';
import { REPORT_OUTCOME_LABEL } from '../../dispatch/labels';
import { useLabel, useMessages } from '../../../lib/messages';
import { listOrgReports } from '../api';
import { ORG_REPORTS_MESSAGES, ORG_STAGE_LABEL } from '../messages';

/**
 * Re-read while open, as a fallback to the live `org.report.updated` rows (which are not
 * replayed): one small query per open page every 15 s (a reporter's list, ids and stages only),
 * at once when the tab comes back, and when the live connection returns.
 */
export const REFRESH_MS = 15_000;

/** A reporting organisation's own reports: reference, who made it, progress and outcome. */
export function OrgReportsPage() {
  const m = useMessages(ORG_REPORTS_MESSAGES);
  const label = useLabel();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const [list, setList] = useState<TOrgReportList | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setList(await listOrgReports(api));
      setError(null);
    } catch (caught) {
      if (!guard(caught)) setError(caught);
    }
  }, [api, guard]);

  // A report's new stage, or a report a colleague just filed, pushed to the organisation's room:
  // update its row in place, or put the new one where the list's order has it (newest first).
  useSocketEvent('org.report.updated', (row) => {
    setList((current) => {
      if (!current) return current;
      if (!current.reports.some((r) => r.id === row.id)) {
        const reports = [row, ...current.reports].sort((a, b) =>
          b.receivedAt.localeCompare(a.receivedAt),
        );
        return { ...current, reports };
      }
      return {
        ...current,
        // An older row (a reread overtook it) never replaces a newer one.
        reports: current.reports.map((r) =>
          r.id === row.id && row.updatedAt >= r.updatedAt ? row : r,
        ),
      };
    });
  });
  useReconnected(() => void load());

  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void load();
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  return (
    <div className="org-reports">
      <PageHeading>{list ? m('title', { org: list.org.name }) : m('titleLoading')}</PageHeading>
      <p className="muted">{m('intro')}</p>
      <p>
        <Link className="button button--primary" to="/report">
          {m('newReport')}
        </Link>
      </p>
      {error instanceof AppError && error.code === 'ORG_INACTIVE' ? (
        <p className="notice notice--warning" role="alert">
          {m('inactive')}
        </p>
      ) : (
        error !== null && (
          <LoadError message={m('failed')} error={error} onRetry={() => void load()} />
        )
      )}
      {!list && error === null && <Loading label={m('loading')} />}
      {list && list.reports.length === 0 && <p>{m('empty')}</p>}
      {list && list.reports.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{m('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{m('reference')}</th>
                <th scope="col">{m('received')}</th>
                <th scope="col">{m('by')}</th>
                <th scope="col">{m('stage')}</th>
                <th scope="col">{m('outcome')}</th>
                <th scope="col">{m('updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.reports.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.reference}</th>
                  <td>{formatDateTime(r.receivedAt, language)}</td>
                  <td>{r.submittedBy ?? '—'}</td>
                  <td>{label(ORG_STAGE_LABEL[r.stage])}</td>
                  <td>{r.outcome ? label(REPORT_OUTCOME_LABEL[r.outcome]) : '—'}</td>
                  <td>{formatDateTime(r.updatedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
