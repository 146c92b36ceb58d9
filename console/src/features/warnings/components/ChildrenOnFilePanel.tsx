import { Link } from 'react-router';
import { Tag } from 'antd';
import { CHILD_CATEGORY_LABEL, type TChildOnFile } from '@hutong/shared';
import { formatDate } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { RiskTag } from '../../children/components/labels';
import { CHILDREN_ON_FILE_MESSAGES } from '../messages';

/**
 * On a case: the children on the register its reports are about, with what the operator needs at
 * once — categories, risk, the last visit and the village's children's director — and a link to
 * each file, opened through this case (the only way an operator reads it).
 */
export function ChildrenOnFilePanel({
  caseId,
  children,
}: {
  caseId: string;
  children: readonly TChildOnFile[] | undefined;
}) {
  const m = useMessages(CHILDREN_ON_FILE_MESSAGES);
  const label = useLabel();
  const [language] = useLanguage();
  if (!children || children.length === 0) return null;
  return (
    <section className="card" aria-labelledby="children-on-file-heading">
      <h2 id="children-on-file-heading">{m('title')}</h2>
      <p className="muted">{m('intro')}</p>
      <ul className="board__list">
        {children.map((child) => (
          <li key={child.id} data-child={child.id}>
            <strong>
              <Link
                to={`/children/${child.id}?case=${encodeURIComponent(caseId)}`}
                aria-label={m('openFile', { name: child.name })}
              >
                {child.name}
              </Link>
            </strong>{' '}
            <RiskTag level={child.riskLevel} />
            {child.categories.map((c) => (
              <Tag key={c}>{label(CHILD_CATEGORY_LABEL[c])}</Tag>
            ))}
            <div className="muted">{child.region.path.slice(-2).join(' › ')}</div>
            <div>
              {child.lastVisitAt
                ? m('lastVisit', { date: formatDate(child.lastVisitAt, language) })
                : m('neverVisited')}
            </div>
            <div>
              {child.director
                ? m('director', { who: child.director.displayName })
                : m('noDirector')}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
