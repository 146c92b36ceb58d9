import type { Language } from '@hutong/shared';
import { useLanguage } from './use-language';

/**
 * A text in both languages. Screens keep their own texts beside them as labels (a feature's
 * `messages.ts`), out of the typed i18n resource, whose key union is near TypeScript's
 * instantiation limit.
 */
export type Label = Record<Language, string> & {
  /**
   * The singular where a language has one (`{ en: '{{count}} caller waiting' }`), used when
   * `count` is 1 in that language's plural rules; the main text is the plural.
   */
  one?: Partial<Record<Language, string>>;
};

/**
 * A screen's own texts: `m(key, values)` gives the text in the reader's language with
 * `{{name}}` placeholders filled.
 */
export function useMessages<K extends string>(
  messages: Record<K, Label>,
): (key: K, values?: Record<string, string>) => string {
  const [language] = useLanguage();
  return (key, values) => formatLabel(messages[key], language, values);
}

/** A label in `language` with its `{{name}}` placeholders filled. */
export function formatLabel(
  label: Label,
  language: Language,
  values: Record<string, string> = {},
): string {
  const one = label.one?.[language];
  const count = values.count === undefined ? NaN : Number(values.count);
  const text =
    one !== undefined && new Intl.PluralRules(language).select(count) === 'one'
      ? one
      : label[language];
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

/** Picks a label in the reader's language. */
export function useLabel(): (label: Label) => string {
  const [language] = useLanguage();
  return (label) => label[language];
}
