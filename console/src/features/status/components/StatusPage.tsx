import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AppError } from '@hutong/shared';
import type { TReportStatus } from '@hutong/shared';
import { LanguageSwitcher } from '../../../components/LanguageSwitcher';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { REPORT_OUTCOME_LABEL, REPORT_STAGE_LABEL } from '../../dispatch/labels';
import { useMessages } from '../../../lib/messages';
import { STATUS_MESSAGES } from '../messages';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';

/** The public page `/status`: a reporter's reference and lookup code give the generic status. */
export function StatusPage() {
  const { t } = useTranslation();
  const m = useMessages(STATUS_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const id = useId();
  const [reference, setReference] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TReportStatus | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async () => {
    if (reference.trim().length < 4 || code.trim().length < 4) {
      setMessage(m('errors.both'));
      return;
    }
    setBusy(true);
    setMessage(null);
    setResult(null);
    try {
      setResult(
        await api.request('reportStatus', {
          query: { reference: reference.trim(), code: code.trim() },
        }),
      );
    } catch (error) {
      // A wrong code and an unknown reference read the same, so neither can be probed.
      setMessage(
        error instanceof AppError && error.code === 'NOT_FOUND'
          ? m('errors.notFound')
          : errorMessage(error, t),
      );
    } finally {
      setBusy(false);
    }
  };

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
        <PageHeading>{m('title')}</PageHeading>
        <p>{m('intro')}</p>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-reference`}>{m('reference')}</label>
            <input
              id={`${id}-reference`}
              value={reference}
              autoComplete="off"
              maxLength={40}
              onChange={(event) => setReference(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-code`}>{m('code')}</label>
            <input
              id={`${id}-code`}
              value={code}
              autoComplete="off"
              maxLength={40}
              onChange={(event) => setCode(event.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? m('checking') : m('check')}
          </button>
        </form>
        {message && (
          <p className="notice notice--error" role="alert">
            {message}
          </p>
        )}
        {result && (
          <section className="panel" aria-live="polite" aria-labelledby={`${id}-result`}>
            <h2 id={`${id}-result`}>{m('resultTitle', { reference: result.reference })}</h2>
            <p data-testid="report-stage">{REPORT_STAGE_LABEL[result.stage][language]}</p>
            {result.outcome && <p>{REPORT_OUTCOME_LABEL[result.outcome][language]}</p>}
            <p className="muted">
              {m('updated', { at: formatDateTime(result.updatedAt, language) })}
            </p>
          </section>
        )}
        <p>
          <Link className="link-line" to="/report">
            {m('newReport')}
          </Link>
        </p>
      </main>
    </div>
  );
}
