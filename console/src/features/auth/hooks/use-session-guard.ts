import { useCallback } from 'react';
import { AppError } from '@hutong/shared';
import { useAuth } from '../AuthProvider';

/** Wraps an error handler so a 401 anywhere ends the session and leads back to login. */
export function useSessionGuard(): (error: unknown) => boolean {
  const { expire } = useAuth();
  return useCallback(
    (error: unknown) => {
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
        expire();
        return true;
      }
      return false;
    },
    [expire],
  );
}
