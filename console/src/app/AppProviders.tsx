import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import type { ApiClient } from '../lib/api-client';
import { ApiProvider } from '../lib/ApiProvider';

/** Providers every page needs: translations and the API client (both injectable for tests). */
export function AppProviders({
  i18n,
  api,
  children,
}: {
  i18n: I18n;
  api: ApiClient;
  children: ReactNode;
}) {
  useEffect(() => {
    // Screen readers pick their voice from the document language.
    const sync = (language: string) => document.documentElement.setAttribute('lang', language);
    sync(i18n.language);
    i18n.on('languageChanged', sync);
    return () => i18n.off('languageChanged', sync);
  }, [i18n]);

  return (
    <I18nextProvider i18n={i18n}>
      <ApiProvider client={api}>{children}</ApiProvider>
    </I18nextProvider>
  );
}
