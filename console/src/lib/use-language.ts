import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '@hutong/shared';
import { isLanguage, storeLanguage, switchLanguage } from './i18n';

/** The current language and a setter that also remembers the choice and labels the document. */
export function useLanguage(): [Language, (language: Language) => void] {
  const { i18n } = useTranslation();
  const current = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  const setLanguage = useCallback(
    (language: Language) => {
      storeLanguage(language);
      void switchLanguage(i18n, language);
    },
    [i18n],
  );
  return [current, setLanguage];
}
