import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import {
  Link,
  Navigate,
  NavLink,
  Outlet,
  useLocation,
  useNavigate,
  useNavigation,
} from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Drawer, Layout } from 'antd';
import { can } from '@hutong/shared';
import type { TMe } from '@hutong/shared';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { PageHeading } from '../components/PageHeading';
import { Loading, LoadingRendererContext } from '../components/Loading';
import { PageLoading } from '../components/PageLoading';
import { useAuth } from '../features/auth/AuthProvider';
import { CallsProvider } from '../features/calls/components/CallsProvider';
import { PasswordLink, PasswordRequired } from '../features/auth/components/PasswordRequired';
import { useSimulatorAvailable } from '../features/phone-sim/use-simulator';
import { NetworkError } from '../lib/api-client';
import { useApi } from '../lib/ApiProvider';
import { errorMessage } from '../lib/error-message';
import { formatLabel, useMessages } from '../lib/messages';
import { useLanguage } from '../lib/use-language';
import { ConnectionBanner } from '../realtime/ConnectionBanner';
import { ConnectionStatus } from '../realtime/ConnectionStatus';
import { SocketProvider } from '../realtime/SocketProvider';
import { ShiftControls } from '../features/presence/components/ShiftControls';
import {
  VisitOutboxNotice,
  SignOutButton,
  VisitOutboxProvider,
} from '../features/children/components/VisitOutbox';
import { AntdProvider } from './AntdProvider';
import { SHELL_MESSAGES } from './messages';
import { navFor } from './nav';
import {
  forgetOfflineUser,
  offlineUser,
  registerServiceWorker,
  rememberOfflineUser,
} from './offline';
import { P1AlertsNotice, P1AlertsProvider } from './P1Alerts';
import { useSearchShortcut } from './use-search-shortcut';

/** How often a console opened offline asks whether the server answers again. */
const OFFLINE_PROBE_MS = 10_000;

/**
 * The signed-in shell: guards the routes below it, opens the live connection for roles that may
 * see the queue, and shows the navigation, who is signed in, the connection state (a banner while
 * it is down), whether P1 alerts are on, and the language switcher.
 */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const { state, logout, expire, retry } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const api = useApi();
  // No server at all (no signal): a director remembered on this phone works on its own copy.
  const [remembered] = useState(offlineUser);
  const offline =
    state.status === 'error' && state.error instanceof NetworkError && remembered !== null;

  useEffect(registerServiceWorker, []);
  useEffect(() => {
    if (state.status === 'authenticated') rememberOfflineUser(state.user);
  }, [state]);
  useEffect(() => {
    if (!offline) return;
    // Once the server answers again (whatever it says), find out who is signed in, for real;
    // until then the page stays as it is (no loading screen every few seconds).
    const probe = () => {
      api.request('me').then(retry, (error: unknown) => {
        if (!(error instanceof NetworkError)) retry();
      });
    };
    window.addEventListener('online', probe);
    const timer = window.setInterval(probe, OFFLINE_PROBE_MS);
    return () => {
      window.removeEventListener('online', probe);
      window.clearInterval(timer);
    };
  }, [offline, retry, api]);

  switch (state.status) {
    case 'loading':
      return <Loading label={t('app.loading')} />;
    case 'anonymous':
      return <Navigate to="/login" replace state={{ from: location.pathname }} />;
    case 'error':
      if (offline) break;
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

  const user = state.status === 'authenticated' ? state.user : remembered;
  if (!user) return null;
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
  // Any other role without a queue starts at its first screen in the navigation.
  const screens = navFor(user.role, false);
  const first = screens[0]?.to;
  if (!live && location.pathname === '/' && first && first !== '/') {
    return <Navigate to={first} replace />;
  }
  const signOut = async () => {
    forgetOfflineUser();
    await logout().catch(() => undefined);
    await navigate('/login', { replace: true });
  };

  // A temporary password opens nothing but the form to replace it (the server enforces it too).
  if (user.mustChangePassword) {
    return <PasswordRequired onSignOut={() => void signOut()} />;
  }

  const shell = (
    <AntdProvider>
      <LoadingRendererContext.Provider value={PageLoading}>
        <P1AlertsProvider key={user.id} userId={user.id}>
          <VisitOutboxProvider key={user.id} userId={user.id}>
            <Shell user={user} live={live} offline={offline} onSignOut={() => void signOut()}>
              {live || admin || centre || org || screens.length > 0 ? (
                <Outlet />
              ) : (
                <>
                  <PageHeading>{t('app.noConsoleRole.title')}</PageHeading>
                  <p>{t('app.noConsoleRole.body', { role: t(`roles.${user.role}`) })}</p>
                </>
              )}
            </Shell>
          </VisitOutboxProvider>
        </P1AlertsProvider>
      </LoadingRendererContext.Provider>
    </AntdProvider>
  );

  // Only roles allowed into the operators room open a socket; the server would refuse others.
  if (live) {
    return (
      <SocketProvider onUnauthenticated={expire}>
        <CallsProvider role={user.role}>{shell}</CallsProvider>
      </SocketProvider>
    );
  }
  // Centre staff join only their centre's room, for the live inbox; directors and township
  // supervisors their region's, for live warnings.
  const region = can(user.role, 'realtime.region');
  return centre || region ? (
    <SocketProvider onUnauthenticated={expire}>{shell}</SocketProvider>
  ) : (
    shell
  );
}

/** Header, banners and content; the navigation folds into a drawer on narrow screens. */
function Shell({
  user,
  live,
  offline,
  onSignOut,
  children,
}: {
  user: TMe;
  live: boolean;
  offline: boolean;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const m = useMessages(SHELL_MESSAGES);
  const [language] = useLanguage();
  const location = useLocation();
  const navigation = useNavigation();
  const simulator = useSimulatorAvailable() === true;
  const [menuOpen, setMenuOpen] = useState(false);
  const canSearch = can(user.role, 'cases.list');
  useSearchShortcut(canSearch);

  // The next page's code is downloading: say so where the page will be, keeping this one mounted.
  const pageLoading =
    navigation.state === 'loading' && navigation.location.pathname !== location.pathname;

  const entries = navFor(user.role, simulator);
  const nav = (placement: 'header' | 'drawer') => (
    <nav aria-label={t('app.primaryNav')} className={`console-nav console-nav--${placement}`}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.to}>
            <NavLink
              to={entry.to}
              end={entry.to === '/'}
              // A link followed from the drawer closes it.
              onClick={placement === 'drawer' ? () => setMenuOpen(false) : undefined}
            >
              {typeof entry.label === 'function'
                ? entry.label(t)
                : formatLabel(entry.label, language)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
  const account = (
    <>
      <LanguageSwitcher />
      <span className="muted">
        {t('app.signedInAs', { name: user.displayName, role: t(`roles.${user.role}`) })}
      </span>
      {user.centre && (
        <span className="console-header__centre">
          {m('account.centre', { name: user.centre.name })}
        </span>
      )}
      <PasswordLink />
      <SignOutButton label={t('app.logout')} onSignOut={onSignOut} />
    </>
  );

  return (
    <Layout className="console">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="console-header">
        <Link to="/" className="brand">
          {t('app.fullName')}
        </Link>
        {nav('header')}
        <div className="console-header__tools">
          {live && <ShiftControls role={user.role} />}
          <ConnectionStatus />
          {canSearch && (
            <span className="console-header__hint muted" aria-hidden="true">
              {m('nav.searchShortcut')}
            </span>
          )}
          <div className="console-header__account">{account}</div>
          <Button
            className="console-header__menu"
            aria-expanded={menuOpen}
            aria-controls="console-menu"
            onClick={() => setMenuOpen(true)}
          >
            {m('nav.menu')}
          </Button>
        </div>
      </Layout.Header>
      <ConnectionBanner />
      {offline && (
        <p className="notice" role="status" data-testid="offline-notice">
          {m('offline.notice')}
        </p>
      )}
      <VisitOutboxNotice />
      {live && <P1AlertsNotice />}
      <Drawer
        id="console-menu"
        title={m('nav.menu')}
        placement="right"
        size="default"
        open={menuOpen}
        onClose={() => setMenuOpen(false)}
      >
        {nav('drawer')}
        <div className="console-drawer__account">{account}</div>
      </Drawer>
      <Layout.Content id="main" className="console-main" aria-busy={pageLoading}>
        {pageLoading && <PageLoading label={m('loading.page')} />}
        <div hidden={pageLoading}>{children}</div>
      </Layout.Content>
    </Layout>
  );
}
