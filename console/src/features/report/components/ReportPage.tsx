import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TCreateReportResponse } from '@hutong/shared';
import { LanguageSwitcher } from '../../../components/LanguageSwitcher';
import { PageHeading } from '../../../components/PageHeading';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { ReportForm } from './ReportForm';

/** The public reporting page: no sign-in, the 110 notice first, then the form or the receipt. */
export function ReportPage() {
  const { t } = useTranslation();
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
            <ReportForm key={formKey} onSubmitted={setResult} />
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
            <Link to="/status">{t('reportStatus.linkFromReceipt')}</Link>
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
