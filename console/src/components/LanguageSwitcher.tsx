import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '@hutong/shared';
import type { Language } from '@hutong/shared';
import { isLanguage } from '../lib/i18n';
import { useLanguage } from '../lib/use-language';

// Each language is named in itself, so a reader who cannot read the current one still finds theirs.
const NATIVE_NAMES: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

/** A labelled select of the console's languages; the choice is remembered in localStorage. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const [language, setLanguage] = useLanguage();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>
        {/* The English word stays beside the translation for readers lost in a foreign script. */}
        {language === 'en' ? t('app.language') : `${t('app.language')} / Language`}
      </label>
      <select
        id={id}
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {NATIVE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
