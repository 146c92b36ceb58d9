import { useState } from 'react';
import type { i18n as I18n } from 'i18next';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { createApiClient } from '../lib/api-client';
import { AppProviders } from './AppProviders';
import { askOnStart } from './ask-on-start';
import { routes } from './routes';

/** The whole console in the browser: providers around the router, in the reader's language. */
export function App({ i18n }: { i18n: I18n }) {
  const [api] = useState(() => {
    const client = createApiClient();
    askOnStart(client, window.location.pathname);
    return client;
  });
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <AppProviders i18n={i18n} api={api}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
