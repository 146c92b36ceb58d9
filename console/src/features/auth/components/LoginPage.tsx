import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { AppError, type Language } from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { LanguageSwitcher } from '../../../components/LanguageSwitcher';
import { Loading } from '../../../components/Loading';
import { errorMessage } from '../../../lib/error-message';
import { formatTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useAuth } from '../AuthProvider';

/** Where to go after signing in: the page the guard turned the user away from, else the queue. */
function redirectTarget(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = state.from;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) return from;
  }
  return '/';
}

/** A locked account says until when (hours and minutes, Beijing time); anything else as usual. */
function loginErrorMessage(error: unknown, t: TFunction, language: Language): string {
  if (error instanceof AppError && error.code === 'ACCOUNT_LOCKED') {
    const until = new Date(String(error.data?.lockedUntil));
    if (!Number.isNaN(until.getTime())) {
      return t('login.locked', { time: formatTime(until, language) });
    }
  }
  return errorMessage(error, t);
}

/** Staff sign-in: username and password, with errors a person can act on. */
export function LoginPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const target = redirectTarget(location.state);

  if (state.status === 'loading') return <Loading label={t('app.loading')} />;
  if (state.status === 'authenticated' && !submitting) return <Navigate to={target} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setError(t('login.missing'));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await login({ username: username.trim(), password });
      await navigate(target, { replace: true });
    } catch (caught) {
      setError(loginErrorMessage(caught, t, language));
      setSubmitting(false);
    }
  };

  return (
    <div className="login">
      <header className="public-header">
        <span className="brand">{t('app.fullName')}</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="login__main">
        <PageHeading focusOnMount={false}>{t('login.title')}</PageHeading>
        <p>{t('login.intro')}</p>
        <form
          className="form login__form"
          onSubmit={(event) => void onSubmit(event)}
          aria-describedby={error ? errorId : undefined}
          noValidate
        >
          <div className="field">
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              // The only task on this page; starting in the field saves a keystroke on every shift.
              autoFocus
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div role="alert" id={errorId} className="form-error">
            {error}
          </div>
          <button type="submit" className="button button--primary" disabled={submitting}>
            {submitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p>
          <Link className="link-line" to="/report">
            {t('login.publicReport')}
          </Link>
        </p>
      </main>
    </div>
  );
}
