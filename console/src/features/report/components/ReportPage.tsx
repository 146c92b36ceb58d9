import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TCreateReportResponse, TOrgReporterProfile } from '@hutong/shared';
import { LanguageSwitcher } from '../../../components/LanguageSwitcher';
import { PageHeading } from '../../../components/PageHeading';
import { formatDateTime } from '../../../lib/format';
import { useApi } from '../../../lib/ApiProvider';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { loadFiledFor } from '../api';
import { REPORT_MESSAGES } from '../messages';
import { ReportForm } from './ReportForm';

/**
 * The reporting page: no sign-in needed, the 110 notice first, then the form or the receipt. A
 * signed-in organisation reporter gets the form filed in the organisation's name.
 */
export function ReportPage() {
  const { t } = useTranslation();
  const m = useMessages(REPORT_MESSAGES);
  const api = useApi();
  // undefined while asking who is signed in; null for the public.
  const [filedFor, setFiledFor] = useState<TOrgReporterProfile | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void loadFiledFor(api).then((profile) => {
      if (current) setFiledFor(profile);
    });
    return () => {
      current = false;
    };
  }, [api]);
  const [result, setResult] = useState<TCreateReportResponse | null>(null);
  // A new form after "submit another" must start empty, so it gets a new key.
  const [formKey, setFormKey] = useState(0);

  return (
    <div className="public-page">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="public-header">
        <span className="brand">{t('app.fullName')}</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="public-main">
        <aside className="emergency" aria-labelledby="emergency-title">
          <p id="emergency-title" className="emergency__title">
            <a href="tel:110">{t('report.danger110')}</a>
          </p>
          <p>{t('report.dangerDetail')}</p>
        </aside>
        {result ? (
          <ReportReceipt
            result={result}
            onAnother={() => {
              setResult(null);
              setFormKey((k) => k + 1);
            }}
          />
        ) : (
          <>
            <PageHeading focusOnMount={formKey > 0}>{t('report.title')}</PageHeading>
            <p>{t('report.intro')}</p>
            {filedFor === undefined ? (
              <p role="status">{m('checkingSignIn')}</p>
            ) : (
              <ReportForm key={formKey} filedFor={filedFor} onSubmitted={setResult} />
            )}
          </>
        )}
      </main>
    </div>
  );
}

function ReportReceipt({
  result,
  onAnother,
}: {
  result: TCreateReportResponse;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
    document.title = `${t('report.done.title')} · 护童 Hutong`;
  }, [t]);
  return (
    <section className="receipt" aria-labelledby="receipt-heading">
      <h1 id="receipt-heading" ref={headingRef} tabIndex={-1} className="page-heading">
        {t('report.done.title')}
      </h1>
      {result.notice === 'org_inactive' && (
        <p className="notice notice--warning" role="status">
          {t('report.done.orgInactive')}
        </p>
      )}
      <p className="receipt__label">{t('report.done.referenceLabel')}</p>
      <p className="receipt__reference" data-testid="report-reference">
        {result.reference}
      </p>
      {result.lookupCode ? (
        <>
          <p className="receipt__label">{t('dispatch.lookup.label')}</p>
          <p className="receipt__reference" data-testid="report-lookup-code">
            {result.lookupCode}
          </p>
          <p>{t('dispatch.lookup.hint')}</p>
          <p>
            <Link className="link-line" to="/status">
              {t('reportStatus.linkFromReceipt')}
            </Link>
          </p>
        </>
      ) : null}
      <p>{t('report.done.receivedAt', { time: formatDateTime(result.receivedAt, language) })}</p>
      <p>{t('report.done.body')}</p>
      <button type="button" className="button" onClick={onAnother}>
        {t('report.done.another')}
      </button>
    </section>
  );
}
