import { Link } from 'react-router';
import { useMessages } from '../../../lib/messages';
import { ORGS_MESSAGES } from '../messages';

/** The header link to the administrators' reporting-organisations screen. */
export function OrgsNavLink() {
  const m = useMessages(ORGS_MESSAGES);
  return <Link to="/admin/orgs">{m('navLink')}</Link>;
}
