import { useTranslation } from 'react-i18next';
import { Card, Descriptions, Tag } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { TReportView, TReporterView } from '@hutong/shared';
import { categoryLabel, formatDateTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { childLabel } from '../child-label';
import { CASE_VIEW_MESSAGES } from '../messages';

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

/**
 * One report on a case, what was said first: the narrative, the children, the situations, the
 * place, the channel and who filed it (the organisation, for partner and member reports).
 */
export function ReportCard({ report }: { report: TReportView }) {
  const { t } = useTranslation();
  const m = useMessages(CASE_VIEW_MESSAGES);
  const [language] = useLanguage();
  const place = [report.location.regionName, report.location.address].filter(Boolean).join(' · ');
  const headingId = `report-${report.id}`;

  const facts: DescriptionsProps['items'] = [
    {
      key: 'received',
      label: t('case.report.received'),
      children: formatDateTime(report.receivedAt, language),
    },
    { key: 'channel', label: t('case.report.channel'), children: t(`channel.${report.channel}`) },
    ...(report.filedBy
      ? [
          {
            key: 'filedBy',
            label: m('filedBy'),
            children:
              'redacted' in report.filedBy ? (
                <span className="confidential">{m('filedByConfidential')}</span>
              ) : (
                <strong className="report-card__org">{report.filedBy.name}</strong>
              ),
          },
        ]
      : []),
    {
      key: 'danger',
      label: t('case.report.immediateDanger'),
      children: report.immediateDanger ? (
        <Tag color="red" className="danger-flag">
          {t('case.yes')}
        </Tag>
      ) : (
        t('case.no')
      ),
    },
    {
      key: 'categories',
      label: t('case.report.categories'),
      children: (
        <ul className="plain-list">
          {report.categories.map((category) => (
            <li key={category}>{categoryLabel(category, language)}</li>
          ))}
        </ul>
      ),
    },
    {
      key: 'location',
      label: t('case.report.location'),
      children: place || t('case.report.noLocation'),
    },
  ];

  return (
    <Card
      size="small"
      className="report-card"
      title={<h3 id={headingId}>{t('case.report.heading', { reference: report.reference })}</h3>}
    >
      <article aria-labelledby={headingId}>
        <h4>{t('case.report.narrative')}</h4>
        {report.narrative ? (
          <p className="narrative">{report.narrative}</p>
        ) : (
          <p className="muted">{t('case.report.noNarrative')}</p>
        )}

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

        <Descriptions size="small" column={1} bordered items={facts} />

        <h4>{t('case.report.reporter')}</h4>
        <ReporterDetails reporter={report.reporter} />
      </article>
    </Card>
  );
}
