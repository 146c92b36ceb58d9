import { useState } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { createApiClient } from '../lib/api-client';
import { createI18n } from '../lib/i18n';
import { AppProviders } from './AppProviders';
import { routes } from './routes';

/** The whole console in the browser: providers around the router. */
export function App() {
  const [i18n] = useState(() => createI18n());
  const [api] = useState(() => createApiClient());
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <AppProviders i18n={i18n} api={api}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
