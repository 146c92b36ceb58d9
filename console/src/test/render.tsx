import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { Language } from '@hutong/shared';
import { AppProviders } from '../app/AppProviders';
import { createApiClient } from '../lib/api-client';
import { createI18n } from './i18n';

/** Renders `ui` at `path` with real providers: translations and an API client for `baseUrl`. */
export function renderWithProviders(
  ui: ReactElement,
  {
    language = 'en',
    baseUrl = 'http://127.0.0.1:9',
    path = '/',
    routePath = '*',
  }: { language?: Language; baseUrl?: string; path?: string; routePath?: string } = {},
) {
  const i18n = createI18n(language);
  const api = createApiClient({ baseUrl });
  const result = render(
    <AppProviders i18n={i18n} api={api}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={routePath} element={ui} />
          <Route path="/cases/:id" element={<p>case page</p>} />
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...result, i18n };
}
