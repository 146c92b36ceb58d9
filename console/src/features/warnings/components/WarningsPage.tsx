import { PageHeading } from '../../../components/PageHeading';
import { useMessages } from '../../../lib/messages';
import { WARNINGS_MESSAGES } from '../messages';
import { WarningList } from './WarningList';

/** `/warnings`: early warnings for directors, township supervisors and hotline supervisors. */
export function WarningsPage() {
  const m = useMessages(WARNINGS_MESSAGES);
  return (
    <div className="children warnings">
      <PageHeading>{m('title')}</PageHeading>
      <p className="muted">{m('intro')}</p>
      <WarningList />
    </div>
  );
}
