import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSimulatorAvailable } from '../use-simulator';

/** The nav link to the phone simulator, shown only when the backend runs one (demo mode). */
export function PhoneSimLink() {
  const { t } = useTranslation();
  return useSimulatorAvailable() ? <Link to="/dev/phone">{t('phoneSim.navLink')}</Link> : null;
}
