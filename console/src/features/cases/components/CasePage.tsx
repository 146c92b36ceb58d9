import { useRef, useState } from 'react';
import { Button, Card, Descriptions, Tag } from 'antd';
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
import { useMessages } from '../../../lib/messages';
import { useNow } from '../../../lib/use-now';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { claimCase, releaseCase } from '../api';
import { CASE_VIEW_MESSAGES } from '../messages';
import './case-view.css';
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
    <div className="case-page case-view">
      <p>
        <Link className="link-line" to="/">
          ← {t('case.back')}
        </Link>{' '}
        ·{' '}
        <Link className="link-line" to="/cases/search">
          {t('work.searchLink')}
        </Link>
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
  const m = useMessages(CASE_VIEW_MESSAGES);
  const { state: auth } = useAuth();
  const referrals = useRef<HTMLDivElement>(null);
  const me = auth.status === 'authenticated' ? auth.user : null;
  const mayAct = me !== null && (detail.assignee?.id === me.id || can(me.role, 'cases.reassign'));

  const toReferrals = () => {
    const panel = referrals.current;
    if (!panel) return;
    // Scrolled to just below the sticky bar, not beneath it.
    const bar = panel.closest('.case-view')?.querySelector<HTMLElement>('.case-view__bar');
    panel.style.scrollMarginTop = `${(bar?.offsetHeight ?? 0) + 16}px`;
    panel.scrollIntoView({ block: 'start' });
    // The first control of the referral form, else the panel itself, takes the focus.
    const control = panel.querySelector<HTMLElement>('select, input, textarea, button');
    (control ?? panel).focus({ preventScroll: true });
  };

  return (
    <>
      <div className="visually-hidden" aria-live="polite">
        {refreshedLive ? t('case.updatedLive') : ''}
      </div>
      <CaseSummaryBar
        detail={detail}
        me={me}
        onChanged={onChanged}
        onRefer={mayAct && OPEN_CASE_STATUSES.includes(detail.status) ? toReferrals : null}
      />

      <div className="case-view__panes">
        <section className="case-view__reported" aria-labelledby="case-reports-heading">
          <h2 id="case-reports-heading">{m('reported')}</h2>
          <CaseFacts detail={detail} />
          {detail.reports.map((report) => (
            <ReportCard key={report.id} report={report} />
          ))}
          <Card
            size="small"
            className="case-view__timeline"
            title={<h2 id="case-timeline-heading">{t('case.timeline.title')}</h2>}
          >
            <section aria-labelledby="case-timeline-heading">
              <Timeline events={detail.events} />
            </section>
          </Card>
        </section>

        <section className="case-view__work" aria-label={m('work')}>
          {me && (
            <CaseWorkspace detail={detail} me={me} onChanged={onChanged}>
              <div
                ref={referrals}
                id="case-referrals"
                tabIndex={-1}
                className="case-view__referrals"
              >
                <ReferralPanel caseId={detail.id} canAct={mayAct} />
              </div>
              <SmsThread caseId={detail.id} held={mayAct} />
            </CaseWorkspace>
          )}
        </section>
      </div>
    </>
  );
}

/** Where and when: the case's region, when it was opened and last changed. */
function CaseFacts({ detail }: { detail: TCaseDetail }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  return (
    <Descriptions
      size="small"
      column={1}
      className="case-view__facts"
      items={[
        { key: 'region', label: t('case.region'), children: regionLabel(detail.region) },
        {
          key: 'opened',
          label: t('case.createdAt'),
          children: formatDateTime(detail.createdAt, language),
        },
        {
          key: 'changed',
          label: t('case.updatedAt'),
          children: formatDateTime(detail.updatedAt, language),
        },
      ]}
    />
  );
}

/**
 * The bar that stays at the top while the panes scroll: reference, priority and why, status,
 * holder with claim / release, the claim deadline, and the way to the referral panel.
 */
function CaseSummaryBar({
  detail,
  me,
  onChanged,
  onRefer,
}: {
  detail: TCaseDetail;
  me: TMe | null;
  onChanged: () => void;
  onRefer: (() => void) | null;
}) {
  const { t } = useTranslation();
  const m = useMessages(CASE_VIEW_MESSAGES);
  const [language] = useLanguage();
  const now = useNow(1000);

  return (
    <section className="case-summary case-view__bar" aria-labelledby="case-summary-heading">
      <div className="case-view__bar-head">
        <PageHeading>{t('case.title', { reference: detail.reference })}</PageHeading>
        <PriorityBadge priority={detail.priority} />
        <Tag className="case-view__status">
          {t('case.status')}: {t(`status.${detail.status}`)}
        </Tag>
        {detail.immediateDanger && (
          <Tag color="red" className="danger-flag">
            {t('case.immediateDanger')}
          </Tag>
        )}
      </div>
      <h2 id="case-summary-heading" className="visually-hidden">
        {t('case.summary')}
      </h2>
      <div className="case-view__bar-body">
        <div className="case-view__bar-reasons">
          <h3>{t('case.reasons')}</h3>
          <PriorityReasons reasons={detail.priorityReasons} />
        </div>
        <dl className="pairs case-view__bar-facts">
          <dt>{m('holder')}</dt>
          <dd>{detail.assignee ? detail.assignee.displayName : m('nobody')}</dd>
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
          {detail.claimedAt && (
            <>
              <dt>{t('case.claimedAt')}</dt>
              <dd>{formatDateTime(detail.claimedAt, language)}</dd>
            </>
          )}
        </dl>
        <div className="case-view__bar-actions">
          {me && <ClaimControls detail={detail} me={me} onChanged={onChanged} />}
          <div className="button-row">
            {onRefer && (
              <Button onClick={onRefer} aria-controls="case-referrals">
                {m('refer')}
              </Button>
            )}
            <ExportCaseButton caseId={detail.id} />
          </div>
        </div>
      </div>
    </section>
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
          <Button type="primary" disabled={busy !== null} onClick={() => void run('claim')}>
            {busy === 'claim' ? t('case.claiming') : t('case.claim')}
          </Button>
        )}
        {isOpen && detail.assignee && mayRelease && (
          <Button disabled={busy !== null} onClick={() => void run('release')}>
            {busy === 'release' ? t('case.releasing') : t('case.release')}
          </Button>
        )}
      </div>
      <div role="alert" className="form-error">
        {message}
      </div>
    </div>
  );
}
