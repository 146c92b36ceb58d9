import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '@hutong/shared';
import type { TCaseDetail, TRelatedReport } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useMessages } from '../../../lib/messages';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { DIRECTORY_MESSAGES } from '../../directory/messages';
import { mergeReport, relatedReports, splitReport } from '../api';

/**
 * Reports that may be about the same child (same name and age, phone or address), with merge;
 * and, for a case with several reports, splitting one out into a case of its own.
 */
export function RelatedReports({
  detail,
  mayChange,
  onChanged,
}: {
  detail: TCaseDetail;
  mayChange: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const directory = useMessages(DIRECTORY_MESSAGES);
  const { state } = useAuth();
  const mayTrace = state.status === 'authenticated' && can(state.user.role, 'contacts.history');
  const [related, setRelated] = useState<TRelatedReport[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [split, setSplit] = useState<{ caseId: string; reference: string; from: string } | null>(
    null,
  );

  const run = async (action: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await action();
    } catch (error) {
      if (!guard(error)) setMessage(errorMessage(error, t));
    } finally {
      onChanged();
    }
  };

  const load = () =>
    run(async () => {
      setRelated(await relatedReports(api, detail.id));
    });

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('work.related.title')}</h2>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void load()}>
          {t('work.related.load')}
        </button>
        {mayTrace && (
          <Link
            to={`/directory?${new URLSearchParams({ case: detail.id, reference: detail.reference }).toString()}`}
          >
            {directory('history.caseLink')}
          </Link>
        )}
      </div>
      {related && related.length === 0 && <p className="muted">{t('work.related.none')}</p>}
      {related && related.length > 0 && (
        <ul>
          {related.map((r) => (
            <li key={r.reportId}>
              <strong>{r.reference}</strong> · {formatDateTime(r.receivedAt, language)} ·{' '}
              {r.reasons.map((reason) => t(`work.related.reasons.${reason}`)).join('、')} ·{' '}
              {r.caseId && r.caseReference ? (
                <Link to={`/cases/${r.caseId}`}>
                  {t('work.related.inCase', {
                    reference: r.caseReference,
                    status: r.caseStatus ? t(`status.${r.caseStatus}`) : '',
                  })}
                </Link>
              ) : (
                t('work.related.unlinked')
              )}{' '}
              {mayChange && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() =>
                    void run(async () => {
                      await mergeReport(api, detail.id, r.reportId);
                      setRelated((list) => list?.filter((x) => x.reportId !== r.reportId) ?? null);
                      setMessage(t('work.related.merged'));
                    })
                  }
                >
                  {t('work.related.merge', { reference: r.reference })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayChange && detail.reports.length > 1 && (
        <div className="button-row">
          {detail.reports.map((report) => (
            <button
              key={report.id}
              type="button"
              className="button button--small"
              onClick={() =>
                void run(async () => {
                  const created = await splitReport(api, detail.id, report.id);
                  setSplit({ ...created, from: report.reference });
                })
              }
            >
              {t('work.related.split', { reference: report.reference })}
            </button>
          ))}
        </div>
      )}
      <div role="status">
        {split && (
          <p>
            {t('work.related.splitDone', { reference: split.from, case: split.reference })}{' '}
            <Link to={`/cases/${split.caseId}`}>{t('work.related.openNew')}</Link>
          </p>
        )}
        {message}
      </div>
    </section>
  );
}
