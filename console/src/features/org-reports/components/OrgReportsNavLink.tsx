import { Link } from 'react-router';
import { useMessages } from '../../../lib/messages';
import { ORG_REPORTS_MESSAGES } from '../messages';

/** The header link to the reporting organisation's own reports. */
export function OrgReportsNavLink() {
  const m = useMessages(ORG_REPORTS_MESSAGES);
  return <Link to="/our-reports">{m('navLink')}</Link>;
}
