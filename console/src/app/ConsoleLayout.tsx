import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can } from '@hutong/shared';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { PageHeading } from '../components/PageHeading';
import { Loading } from '../components/Loading';
import { useAuth } from '../features/auth/AuthProvider';
import { CallsProvider } from '../features/calls/components/CallsProvider';
import { PhoneSimLink } from '../features/phone-sim/components/PhoneSimLink';
import { BoardNavLink } from '../features/board/components/BoardNavLink';
import { OrgReportsNavLink } from '../features/org-reports/components/OrgReportsNavLink';
import { OrgsNavLink } from '../features/orgs/components/OrgsNavLink';
import { PasswordLink, PasswordRequired } from '../features/auth/components/PasswordRequired';
import { SettingsNavLink } from '../features/settings/components/SettingsNavLink';
import { errorMessage } from '../lib/error-message';
import { ConnectionStatus } from '../realtime/ConnectionStatus';
import { SocketProvider } from '../realtime/SocketProvider';

/**
 * The signed-in shell: guards the routes below it, opens the live connection for roles that may
 * see the queue, and shows who is signed in, the connection state and the language switcher.
 */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const { state, logout, expire, retry } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();

  switch (state.status) {
    case 'loading':
      return <Loading label={t('app.loading')} />;
    case 'anonymous':
      return <Navigate to="/login" replace state={{ from: location.pathname }} />;
    case 'error':
      return (
        <main id="main" className="centered">
          <div className="notice notice--error" role="alert">
            <p>{errorMessage(state.error, t)}</p>
            <button type="button" className="button" onClick={retry}>
              {t('app.retry')}
            </button>
          </div>
        </main>
      );
    case 'authenticated':
      break;
  }

  const { user } = state;
  const live = can(user.role, 'realtime.operators');
  // Administrators have no queue: their start page is the accounts list.
  const admin = can(user.role, 'users.manage');
  if (admin && !live && location.pathname === '/') return <Navigate to="/admin/users" replace />;
  // Centre staff have no queue either: their start page is the referral inbox.
  const centre = can(user.role, 'realtime.centre');
  if (centre && !live && location.pathname === '/') return <Navigate to="/inbox" replace />;
  // Reporters at an organisation follow their organisation's reports.
  const org = can(user.role, 'org.reports.read');
  if (org && !live && location.pathname === '/') return <Navigate to="/our-reports" replace />;
  const signOut = async () => {
    await logout().catch(() => undefined);
    await navigate('/login', { replace: true });
  };

  // A temporary password opens nothing but the form to replace it (the server enforces it too).
  if (user.mustChangePassword) {
    return <PasswordRequired onSignOut={() => void signOut()} />;
  }

  const shell = (
    <div className="console">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="console-header">
        <Link to="/" className="brand">
          {t('app.fullName')}
        </Link>
        <nav aria-label={t('app.primaryNav')}>
          {live && <Link to="/">{t('app.queueLink')}</Link>}
          {live && <PhoneSimLink />}
          {admin && <Link to="/admin/users">{t('admin.navLink')}</Link>}
          {admin && <Link to="/admin/centres">{t('centres.navLink')}</Link>}
          {can(user.role, 'orgs.manage') && <OrgsNavLink />}
          {can(user.role, 'settings.manage') && <SettingsNavLink />}
          {centre && <Link to="/inbox">{t('inbox.navLink')}</Link>}
          {can(user.role, 'board.read') && <BoardNavLink />}
          {org && <OrgReportsNavLink />}
          {can(user.role, 'audit.read') && <Link to="/audit">{t('audit.navLink')}</Link>}
        </nav>
        <div className="console-header__tools">
          <ConnectionStatus />
          <LanguageSwitcher />
          <span className="muted">
            {t('app.signedInAs', { name: user.displayName, role: t(`roles.${user.role}`) })}
          </span>
          <PasswordLink />
          <button type="button" className="button button--small" onClick={() => void signOut()}>
            {t('app.logout')}
          </button>
        </div>
      </header>
      <main id="main" className="console-main">
        {live || admin || centre || org ? (
          <Outlet />
        ) : (
          <>
            <PageHeading>{t('app.noConsoleRole.title')}</PageHeading>
            <p>{t('app.noConsoleRole.body', { role: t(`roles.${user.role}`) })}</p>
          </>
        )}
      </main>
    </div>
  );

  // Only roles allowed into the operators room open a socket; the server would refuse others.
  if (live) {
    return (
      <SocketProvider onUnauthenticated={expire}>
        <CallsProvider role={user.role}>{shell}</CallsProvider>
      </SocketProvider>
    );
  }
  // Centre staff join only their centre's room, for the live inbox.
  return centre ? <SocketProvider onUnauthenticated={expire}>{shell}</SocketProvider> : shell;
}
