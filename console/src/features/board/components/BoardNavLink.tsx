import { Link } from 'react-router';
import { useMessages } from '../../../lib/messages';
import { BOARD_MESSAGES } from '../messages';

/** The header link to the supervisors' duty board. */
export function BoardNavLink() {
  const m = useMessages(BOARD_MESSAGES);
  return <Link to="/board">{m('navLink')}</Link>;
}
