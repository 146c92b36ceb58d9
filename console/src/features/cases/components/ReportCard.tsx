import { useTranslation } from 'react-i18next';
import type { TReportView, TReporterView } from '@hutong/shared';
import { categoryLabel, formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { childLabel } from '../child-label';

/** The reporter as the viewer may see them: identity only for roles allowed it, else "confidential". */
function ReporterDetails({ reporter }: { reporter: TReporterView }) {
  const { t } = useTranslation();
  const type = t(`case.report.reporterType.${reporter.type}`);
  if ('redacted' in reporter) {
    return (
      <p>
        {type} — <strong className="confidential">{t('case.report.confidential')}</strong>
      </p>
    );
  }
  const notGiven = t('case.report.notGiven');
  switch (reporter.type) {
    case 'anonymous':
      return <p>{type}</p>;
    case 'person':
      return (
        <dl className="pairs">
          <dt>{t('case.report.name')}</dt>
          <dd>{reporter.name ?? notGiven}</dd>
          <dt>{t('case.report.phone')}</dt>
          <dd>{reporter.phone ?? notGiven}</dd>
          <dt>{t('case.report.relationship')}</dt>
          <dd>{reporter.relationship ? t(`relationship.${reporter.relationship}`) : notGiven}</dd>
        </dl>
      );
    case 'organisation':
      return (
        <dl className="pairs">
          <dt>{t('case.report.orgName')}</dt>
          <dd>{reporter.orgName}</dd>
          <dt>{t('case.report.name')}</dt>
          <dd>{reporter.name ?? notGiven}</dd>
          <dt>{t('case.report.phone')}</dt>
          <dd>{reporter.phone ?? notGiven}</dd>
        </dl>
      );
  }
}

/** One report on a case: children, situations, place, narrative and reporter. */
export function ReportCard({ report }: { report: TReportView }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const place = [report.location.regionName, report.location.address].filter(Boolean).join(' · ');
  return (
    <article className="card report-card" aria-labelledby={`report-${report.id}`}>
      <h3 id={`report-${report.id}`}>
        {t('case.report.heading', { reference: report.reference })}
      </h3>
      <dl className="pairs">
        <dt>{t('case.report.received')}</dt>
        <dd>{formatDateTime(report.receivedAt, language)}</dd>
        <dt>{t('case.report.channel')}</dt>
        <dd>{t(`channel.${report.channel}`)}</dd>
        <dt>{t('case.report.immediateDanger')}</dt>
        <dd className={report.immediateDanger ? 'danger-flag' : undefined}>
          {report.immediateDanger ? t('case.yes') : t('case.no')}
        </dd>
        <dt>{t('case.report.categories')}</dt>
        <dd>
          <ul className="plain-list">
            {report.categories.map((category) => (
              <li key={category}>{categoryLabel(category, language)}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('case.report.location')}</dt>
        <dd>{place || t('case.report.noLocation')}</dd>
      </dl>

      <h4>{t('case.report.children')}</h4>
      <ol className="children-list">
        {report.children.map((child, index) => (
          <li key={index}>
            <strong>{child.name ?? t('case.report.child', { n: String(index + 1) })}</strong>
            {' — '}
            {childLabel(child, t)}
            {child.school ? ` · ${t('case.report.school')}: ${child.school}` : ''}
          </li>
        ))}
      </ol>

      <h4>{t('case.report.narrative')}</h4>
      {report.narrative ? (
        <p className="narrative">{report.narrative}</p>
      ) : (
        <p className="muted">{t('case.report.noNarrative')}</p>
      )}

      <h4>{t('case.report.reporter')}</h4>
      <ReporterDetails reporter={report.reporter} />
    </article>
  );
}
