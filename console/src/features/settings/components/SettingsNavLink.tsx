import { Link } from 'react-router';
import { useMessages } from '../../../lib/messages';
import { SETTINGS_MESSAGES } from '../messages';

/** The header link to the administrators' settings screen. */
export function SettingsNavLink() {
  const m = useMessages(SETTINGS_MESSAGES);
  return <Link to="/admin/settings">{m('navLink')}</Link>;
}
