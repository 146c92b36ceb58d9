import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AppError, OPEN_CASE_STATUSES, ZUserRef, can } from '@hutong/shared';
import type { TCaseDetail, TMe } from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { Loading } from '../../../components/Loading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime, regionLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useNow } from '../../../lib/use-now';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { claimCase, releaseCase } from '../api';
import { useCaseDetail } from '../hooks/use-case-detail';
import { CaseWorkspace } from './CaseWorkspace';
import { DeadlineCountdown } from './DeadlineCountdown';
import { PriorityBadge } from './PriorityBadge';
import { PriorityReasons } from './PriorityReasons';
import { ReportCard } from './ReportCard';
import { Timeline } from './Timeline';
import { ExportCaseButton } from '../../audit/components/ExportCaseButton';
import { SmsThread } from '../../calls/components/SmsThread';
import { ReferralPanel } from '../../dispatch/components/ReferralPanel';

/** The route element: a fresh page per case id, so one case's state never shows on another. */
export function CaseRoute() {
  const { id = '' } = useParams();
  return <CasePage key={id} id={id} />;
}

/** One case: summary and risk reasons, reports, timeline, and claim / release. */
export function CasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { state, reload } = useCaseDetail(id);

  return (
    <div className="case-page">
      <p>
        <Link to="/">← {t('case.back')}</Link> ·{' '}
        <Link to="/cases/search">{t('work.searchLink')}</Link>
      </p>
      {state.status === 'loading' && <Loading label={t('case.loading')} />}
      {state.status === 'notFound' && (
        <>
          <PageHeading>{t('errors.notFound')}</PageHeading>
          <p>{t('case.notFound')}</p>
        </>
      )}
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>
            {t('case.error')} {errorMessage(state.error, t)}
          </p>
          <button type="button" className="button" onClick={reload}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <CaseDetailView
          detail={state.detail}
          refreshedLive={state.refreshedLive}
          onChanged={reload}
        />
      )}
    </div>
  );
}

function CaseDetailView({
  detail,
  refreshedLive,
  onChanged,
}: {
  detail: TCaseDetail;
  refreshedLive: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const now = useNow(1000);
  const { state: auth } = useAuth();

  return (
    <>
      <PageHeading>{t('case.title', { reference: detail.reference })}</PageHeading>
      <div className="visually-hidden" aria-live="polite">
        {refreshedLive ? t('case.updatedLive') : ''}
      </div>

      <section className="card case-summary" aria-labelledby="case-summary-heading">
        <h2 id="case-summary-heading">{t('case.summary')}</h2>
        <dl className="pairs">
          <dt>{t('case.priority')}</dt>
          <dd>
            <PriorityBadge priority={detail.priority} />
          </dd>
          <dt>{t('case.status')}</dt>
          <dd>{t(`status.${detail.status}`)}</dd>
          <dt>{t('case.immediateDanger')}</dt>
          <dd className={detail.immediateDanger ? 'danger-flag' : undefined}>
            {detail.immediateDanger ? t('case.yes') : t('case.no')}
          </dd>
          <dt>{t('case.region')}</dt>
          <dd>{regionLabel(detail.region)}</dd>
          <dt>{t('case.createdAt')}</dt>
          <dd>{formatDateTime(detail.createdAt, language)}</dd>
          <dt>{t('case.claimDeadline')}</dt>
          <dd>
            {detail.claimDeadline ? (
              <>
                {formatDateTime(detail.claimDeadline, language)}
                {!detail.claimedAt && (
                  <>
                    {' · '}
                    <DeadlineCountdown deadline={detail.claimDeadline} now={now} />
                  </>
                )}
              </>
            ) : (
              '—'
            )}
          </dd>
          <dt>{t('case.assignee')}</dt>
          <dd>{detail.assignee ? detail.assignee.displayName : t('queue.unassigned')}</dd>
          {detail.claimedAt && (
            <>
              <dt>{t('case.claimedAt')}</dt>
              <dd>{formatDateTime(detail.claimedAt, language)}</dd>
            </>
          )}
          <dt>{t('case.updatedAt')}</dt>
          <dd>{formatDateTime(detail.updatedAt, language)}</dd>
        </dl>
        <h3>{t('case.reasons')}</h3>
        <PriorityReasons reasons={detail.priorityReasons} />
        {auth.status === 'authenticated' && (
          <ClaimControls detail={detail} me={auth.user} onChanged={onChanged} />
        )}
        <ExportCaseButton caseId={detail.id} />
      </section>

      {auth.status === 'authenticated' && (
        <>
          <CaseWorkspace detail={detail} me={auth.user} onChanged={onChanged} />
          <ReferralPanel
            caseId={detail.id}
            canAct={detail.assignee?.id === auth.user.id || can(auth.user.role, 'cases.reassign')}
          />
        </>
      )}

      <SmsThread caseId={detail.id} />

      <section aria-labelledby="case-reports-heading">
        <h2 id="case-reports-heading">{t('case.reports')}</h2>
        {detail.reports.map((report) => (
          <ReportCard key={report.id} report={report} />
        ))}
      </section>

      <section className="card" aria-labelledby="case-timeline-heading">
        <h2 id="case-timeline-heading">{t('case.timeline.title')}</h2>
        <Timeline events={detail.events} />
      </section>
    </>
  );
}

/** The name in a CASE_ALREADY_CLAIMED error, when the server sent a well-formed assignee. */
function claimedBy(error: unknown): string | null {
  if (!(error instanceof AppError) || error.code !== 'CASE_ALREADY_CLAIMED') return null;
  const assignee = ZUserRef.safeParse(error.data?.assignee);
  return assignee.success ? assignee.data.displayName : null;
}

function ClaimControls({
  detail,
  me,
  onChanged,
}: {
  detail: TCaseDetail;
  me: TMe;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const [busy, setBusy] = useState<'claim' | 'release' | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const isOpen = OPEN_CASE_STATUSES.includes(detail.status);
  const mine = detail.assignee?.id === me.id;
  const mayClaim = can(me.role, 'cases.claim');
  const mayRelease = mine || can(me.role, 'cases.reassign');

  const run = async (action: 'claim' | 'release') => {
    setBusy(action);
    setMessage(null);
    try {
      await (action === 'claim' ? claimCase(api, detail.id) : releaseCase(api, detail.id));
    } catch (error) {
      if (guard(error)) return;
      const holder = claimedBy(error);
      setMessage(
        holder
          ? t('case.claimedByOther', { name: holder })
          : error instanceof AppError && error.code === 'CASE_ALREADY_CLAIMED'
            ? t('case.claimedBySomeone')
            : errorMessage(error, t),
      );
    } finally {
      setBusy(null);
      // Success or conflict, the page shows the case as the server now has it.
      onChanged();
    }
  };

  return (
    <div className="claim-controls">
      {detail.assignee && (
        <p className="claim-controls__holder">
          {mine ? t('case.youHold') : t('case.heldBy', { name: detail.assignee.displayName })}
        </p>
      )}
      <div className="button-row">
        {isOpen && !detail.assignee && mayClaim && (
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null}
            onClick={() => void run('claim')}
          >
            {busy === 'claim' ? t('case.claiming') : t('case.claim')}
          </button>
        )}
        {isOpen && detail.assignee && mayRelease && (
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => void run('release')}
          >
            {busy === 'release' ? t('case.releasing') : t('case.release')}
          </button>
        )}
      </div>
      <div role="alert" className="form-error">
        {message}
      </div>
    </div>
  );
}
