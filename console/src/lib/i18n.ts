import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES } from '@hutong/shared';
import type { Language } from '@hutong/shared';
import type { en } from './locales/en';
import type { Messages } from './locales/zh-cn';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/** localStorage key of the chosen language. WARNING: browsers keep it; never rename. */
const LANGUAGE_STORAGE_KEY = 'hutong.language';

/** True for a language the console has strings for. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's first supported language, else zh-CN. */
export function detectLanguage(
  stored: string | null = readStored(),
  preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

function readStored(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // Private modes may forbid storage; the browser default is then good enough.
    return null;
  }
}

/** Remembers the choice for the next visit. */
export function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembering is harmless.
  }
}

/** The console's strings in one language. */
export type Strings = Messages;

/**
 * One language's strings, fetched when first needed: a visitor downloads only the language they
 * read, which keeps the public report page's first load small.
 */
async function loadStrings(language: Language): Promise<Strings> {
  return language === 'en'
    ? (await import('./locales/en')).en
    : (await import('./locales/zh-cn')).zhCN;
}

/** A fresh, synchronously initialised i18next instance with the strings given (one per app). */
export function createI18nWith(
  language: Language,
  resources: Partial<Record<Language, Strings>>,
): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGUAGES],
    resources: Object.fromEntries(
      Object.entries(resources).map(([lng, translation]) => [lng, { translation }]),
    ),
    initAsync: false,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}

/** The console's i18next in the browser: the reader's language, its strings loaded first. */
export async function loadI18n(language: Language = detectLanguage()): Promise<I18n> {
  return createI18nWith(language, { [language]: await loadStrings(language) });
}

/** Switches `instance` to `language`, fetching its strings the first time. */
export async function switchLanguage(instance: I18n, language: Language): Promise<void> {
  if (!instance.hasResourceBundle(language, 'translation')) {
    instance.addResourceBundle(language, 'translation', await loadStrings(language));
  }
  await instance.changeLanguage(language);
}
