import type { i18n as I18n } from 'i18next';
import type { Language } from '@hutong/shared';
import { createI18nWith, detectLanguage } from '../lib/i18n';
import { en } from '../lib/locales/en';
import { zhCN } from '../lib/locales/zh-cn';

/** For tests: an i18next instance with both languages' strings, initialised synchronously. */
export function createI18n(language: Language = detectLanguage()): I18n {
  return createI18nWith(language, { en, 'zh-CN': zhCN });
}
