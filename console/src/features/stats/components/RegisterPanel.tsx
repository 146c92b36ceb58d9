import { Card } from 'antd';
import {
  CHILD_CATEGORIES,
  CHILD_CATEGORY_LABEL,
  CHILD_RISK_LABEL,
  CHILD_RISK_LEVELS,
  STAT_DEFINITIONS,
  type Language,
  type StatKey,
  type TStatsSummary,
} from '@hutong/shared';
import { useMessages } from '../../../lib/messages';
import { STATS_MESSAGES } from '../messages';

/** The register's figures (issue 12's files and visits) beside the line's, each with its definition. */
export function RegisterPanel({
  register,
  language,
}: {
  register: TStatsSummary['register'];
  language: Language;
}) {
  const m = useMessages(STATS_MESSAGES);
  const def = (key: StatKey) => STAT_DEFINITIONS[key];
  const headline = (key: StatKey, value: number) => (
    <div className="stats-register-figure" key={key}>
      <span className="stats-register-label">{def(key).label[language]}</span>
      <strong className="stats-register-value" data-figure={key}>
        {value}
      </strong>
      <p className="stats-definition">{def(key).definition[language]}</p>
    </div>
  );
  const table = (key: StatKey, rows: [string, string, number][]) => (
    <div>
      <table className="stats-table" aria-label={def(key).label[language]}>
        <caption>{def(key).label[language]}</caption>
        <tbody>
          {rows.map(([id, label, n]) => (
            <tr key={id}>
              <th scope="row">{label}</th>
              <td className="num">{n}</td>
              <td className="bar-cell">
                <span
                  className="bar"
                  style={{ width: `${register.onFile ? (n / register.onFile) * 100 : 0}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="stats-definition">{def(key).definition[language]}</p>
    </div>
  );
  return (
    <Card size="small" title={m('register')} className="stats-register">
      {register.onFile === 0 && register.visitsDone === 0 && (
        <p className="muted">{m('registerEmpty')}</p>
      )}
      <div className="stats-register-figures">
        {headline('register.onFile', register.onFile)}
        {headline('register.visitsDone', register.visitsDone)}
        {headline('register.visitsOverdue', register.visitsOverdue)}
        {headline('register.warningsRaised', register.warningsRaised)}
        {headline('register.warningsEscalated', register.warningsEscalated)}
      </div>
      <div className="stats-register-tables">
        {table(
          'register.byRisk',
          CHILD_RISK_LEVELS.map((level) => [
            level,
            CHILD_RISK_LABEL[level][language],
            register.byRisk[level],
          ]),
        )}
        {table(
          'register.byCategory',
          CHILD_CATEGORIES.map((category) => [
            category,
            CHILD_CATEGORY_LABEL[category][language],
            register.byCategory[category],
          ]),
        )}
      </div>
    </Card>
  );
}
