import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '@hutong/shared';
import { useAuth } from '../../auth/AuthProvider';
import { useLanguage } from '../../../lib/use-language';
import { caseExportUrl } from '../api';

/**
 * "Export for police" on the case view (supervisors only): the whole record as JSON or as a
 * printable page, with the reporter's identity withheld unless the supervisor includes it.
 */
export function ExportCaseButton({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { state } = useAuth();
  const [language] = useLanguage();
  const id = useId();
  const [include, setInclude] = useState(false);
  if (state.status !== 'authenticated' || !can(state.user.role, 'cases.export')) return null;
  const identity = include ? 'include' : 'withhold';

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('caseExport.title')}</h2>
      <p>{t('caseExport.intro')}</p>
      <label className="choice">
        <input
          type="checkbox"
          checked={include}
          aria-describedby={`${id}-identity-hint`}
          onChange={(e) => setInclude(e.target.checked)}
        />
        {t('caseExport.includeIdentity')}
      </label>
      <p id={`${id}-identity-hint`} className="hint">
        {t('caseExport.identityHint')}
      </p>
      <div className="button-row">
        <a className="button" href={caseExportUrl(caseId, 'json', identity)} download>
          {t('caseExport.json')}
        </a>
        <a
          className="button"
          href={caseExportUrl(caseId, 'html', identity, language)}
          target="_blank"
          rel="noopener noreferrer"
        >
          {t('caseExport.html')}
        </a>
      </div>
      <p className="muted">{t('caseExport.recorded')}</p>
    </section>
  );
}
