import { Outlet } from 'react-router';
import { AuthProvider } from '../features/auth/AuthProvider';

/** The session lives only under the staff routes; the public form never asks who you are. */
export function AuthRoot() {
  return (
    <AuthProvider>
      <Outlet />
    </AuthProvider>
  );
}
