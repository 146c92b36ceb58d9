import { Card } from 'antd';
import {
  SATISFACTION_LABEL,
  SATISFACTIONS,
  STAT_DEFINITIONS,
  type Language,
  type TStatsSummary,
} from '@hutong/shared';
import { useMessages } from '../../../lib/messages';
import { STATS_MESSAGES } from '../messages';

/** 12345's callers' ratings (回访评价): how many, and by level, each with its definition. */
export function Hotline12345Panel({
  ratings,
  language,
}: {
  ratings: TStatsSummary['hotline12345'];
  language: Language;
}) {
  const m = useMessages(STATS_MESSAGES);
  const rated = STAT_DEFINITIONS['hotline12345.rated'];
  const levels = STAT_DEFINITIONS['hotline12345.bySatisfaction'];
  const share = (n: number) => (ratings.rated ? Math.round((n / ratings.rated) * 100) : 0);
  return (
    <Card size="small" title={m('hotline12345')} className="stats-hotline12345">
      <div className="stats-register-figures">
        <div className="stats-register-figure">
          <span className="stats-register-label">{rated.label[language]}</span>
          <strong className="stats-register-value" data-figure="hotline12345.rated">
            {ratings.rated}
          </strong>
          <p className="stats-definition">{rated.definition[language]}</p>
        </div>
      </div>
      {ratings.rated === 0 ? (
        <p className="muted">{m('hotline12345Empty')}</p>
      ) : (
        <div>
          <table className="stats-table" aria-label={levels.label[language]}>
            <caption>{levels.label[language]}</caption>
            <tbody>
              {SATISFACTIONS.map((level) => (
                <tr key={level}>
                  <th scope="row">{SATISFACTION_LABEL[level][language]}</th>
                  <td className="num">{ratings.bySatisfaction[level]}</td>
                  <td className="num">{share(ratings.bySatisfaction[level])}%</td>
                  <td className="bar-cell">
                    <span
                      className="bar"
                      style={{ width: `${share(ratings.bySatisfaction[level])}%` }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="stats-definition">{levels.definition[language]}</p>
        </div>
      )}
    </Card>
  );
}
