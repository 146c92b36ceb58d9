import { useTranslation } from 'react-i18next';
import type { Language } from '@hutong/shared';

/** The caller's language as a label in the reader's language. */
export function useLanguageLabel(): (language: Language) => string {
  const { t } = useTranslation();
  return (language) => (language === 'zh-CN' ? t('calls.lang.zh') : t('calls.lang.en'));
}
