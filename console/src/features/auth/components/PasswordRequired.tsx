import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../../components/LanguageSwitcher';
import { PageHeading } from '../../../components/PageHeading';
import { useMessages } from '../../../lib/messages';
import { PASSWORD_MESSAGES } from '../messages';
import { ChangePasswordForm } from './ChangePasswordForm';

/** The whole console for someone on a temporary password: choose your own, or sign out. */
export function PasswordRequired({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation();
  const m = useMessages(PASSWORD_MESSAGES);
  return (
    <div className="console">
      <header className="console-header">
        <span className="brand">{t('app.fullName')}</span>
        <div className="console-header__tools">
          <LanguageSwitcher />
          <button type="button" className="button button--small" onClick={onSignOut}>
            {m('signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="console-main narrow">
        <PageHeading>{m('requiredTitle')}</PageHeading>
        <p>{m('requiredIntro')}</p>
        <ChangePasswordForm temporary />
      </main>
    </div>
  );
}

/** The header link to change one's own password. */
export function PasswordLink() {
  const m = useMessages(PASSWORD_MESSAGES);
  return <Link to="/account/password">{m('navLink')}</Link>;
}
