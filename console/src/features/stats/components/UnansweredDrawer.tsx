import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Drawer } from 'antd';
import {
  CASE_STATUS_LABEL,
  CHANNEL_LABEL,
  PRIORITY_META,
  STAT_DEFINITIONS,
  type Language,
  type TStatsUnanswered,
} from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { useApi } from '../../../lib/ApiProvider';
import { formatDateTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { STATS_MESSAGES } from '../messages';

/**
 * The contacts of the period not effectively answered, for supervisors and admins: reference,
 * time, channel, priority, place and case — never a name — each linking to its case.
 */
export function UnansweredDrawer({
  open,
  onClose,
  query,
  language,
  linkCases,
}: {
  open: boolean;
  onClose: () => void;
  query: { from: string; to: string; regionCode?: string };
  language: Language;
  /** Whether the reader may open a case (admins see the list, not the cases). */
  linkCases: boolean;
}) {
  const m = useMessages(STATS_MESSAGES);
  const api = useApi();
  const [state, setState] = useState<{
    status: 'idle' | 'loading' | 'ready' | 'error';
    data?: TStatsUnanswered;
    error?: unknown;
  }>({ status: 'idle' });
  const { from, to, regionCode } = query;

  const load = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      const data = await api.request('statsUnanswered', {
        query: { from, to, ...(regionCode ? { regionCode } : {}) },
      });
      setState({ status: 'ready', data });
    } catch (error) {
      setState({ status: 'error', error });
    }
  }, [api, from, to, regionCode]);

  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const data = state.data;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={m('unansweredTitle')}
      size="large"
      className="stats-unanswered"
    >
      <p className="stats-definition">
        {STAT_DEFINITIONS['contacts.unanswered'].definition[language]}
      </p>
      {state.status === 'loading' && <Loading label={m('unansweredLoading')} />}
      {state.status === 'error' && (
        <LoadError
          message={m('unansweredFailed')}
          error={state.error}
          onRetry={() => void load()}
        />
      )}
      {state.status === 'ready' && data && data.rows.length === 0 && (
        <p className="muted">{m('unansweredEmpty')}</p>
      )}
      {state.status === 'ready' && data && data.rows.length > 0 && (
        <>
          <p>
            {data.total > data.rows.length
              ? m('unansweredSome', {
                  shown: String(data.rows.length),
                  total: String(data.total),
                })
              : m('unansweredAll', { total: String(data.total) })}
          </p>
          <table className="stats-table stats-unanswered-table">
            <thead>
              <tr>
                <th scope="col">{m('colReference')}</th>
                <th scope="col">{m('colReceived')}</th>
                <th scope="col">{m('colChannel')}</th>
                <th scope="col">{m('colPriority')}</th>
                <th scope="col">{m('colRegion')}</th>
                <th scope="col">{m('colCase')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.reportId}>
                  <td>
                    {r.caseId && linkCases ? (
                      <Link to={`/cases/${r.caseId}`}>{r.reference}</Link>
                    ) : (
                      r.reference
                    )}
                  </td>
                  <td>{formatDateTime(r.receivedAt, language)}</td>
                  <td>{CHANNEL_LABEL[r.channel]?.[language] ?? r.channel}</td>
                  <td>{r.priority ? PRIORITY_META[r.priority].label[language] : m('untriaged')}</td>
                  <td>{r.regionName ?? '—'}</td>
                  <td>
                    {r.caseReference ?? '—'}
                    {r.caseStatus ? ` · ${CASE_STATUS_LABEL[r.caseStatus][language]}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Drawer>
  );
}
