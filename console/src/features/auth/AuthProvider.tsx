import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { AppError } from '@hutong/shared';
import type { TLogin, TMe } from '@hutong/shared';
import { useApi } from '../../lib/ApiProvider';
import * as authApi from './api';
import { takeEarly } from '../../lib/early';

/** Where the session stands; `error` means we could not find out (server unreachable). */
export type AuthState =
  | { status: 'loading' }
  | { status: 'authenticated'; user: TMe }
  | { status: 'anonymous' }
  | { status: 'error'; error: unknown };

/** The session and what can be done with it. */
export interface AuthContextValue {
  state: AuthState;
  login: (credentials: TLogin) => Promise<TMe>;
  logout: () => Promise<void>;
  /** Marks the session as gone (a 401 or a refused socket) so the guard sends the user to login. */
  expire: () => void;
  /** The server answered with the signed-in user as they are now (e.g. a new password chosen). */
  signedInAs: (user: TMe) => void;
  retry: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Finds out who is signed in, once, and keeps it for the signed-in part of the console. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    // The console asked as it started (`askOnStart`); a retry asks again.
    const early = attempt === 0 ? takeEarly<TMe>(api, authApi.EARLY_ME) : undefined;
    (early ?? authApi.fetchMe(api)).then(
      (user) => {
        if (!cancelled) setState({ status: 'authenticated', user });
      },
      (error: unknown) => {
        if (cancelled) return;
        const anonymous = error instanceof AppError && error.code === 'UNAUTHENTICATED';
        setState(anonymous ? { status: 'anonymous' } : { status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const login = useCallback(
    async (credentials: TLogin) => {
      const user = await authApi.login(api, credentials);
      setState({ status: 'authenticated', user });
      return user;
    },
    [api],
  );

  const logout = useCallback(async () => {
    try {
      await authApi.logout(api);
    } finally {
      // Even if the server is unreachable, this tab stops showing case data.
      setState({ status: 'anonymous' });
    }
  }, [api]);

  const expire = useCallback(() => setState({ status: 'anonymous' }), []);
  const signedInAs = useCallback((user: TMe) => setState({ status: 'authenticated', user }), []);
  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ state, login, logout, expire, signedInAs, retry }),
    [state, login, logout, expire, signedInAs, retry],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session context; only valid below AuthProvider. */
export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside AuthProvider');
  return value;
}
