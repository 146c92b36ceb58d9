import { describe, expect, it } from 'vitest';
import { BOARD_MESSAGES } from '../features/board/messages';
import { createI18n } from '../test/i18n';
import { en } from './locales/en';
import { formatLabel } from './messages';

/** Every leaf of a resource as `[dotted.key, text]`. */
function leaves(node: object, prefix = ''): Array<[string, string]> {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[`${prefix}${key}`, value] as [string, string]]
      : leaves(value as object, `${prefix}${key}.`),
  );
}

describe('counts in English', () => {
  it('gives every "{{count}} <noun>" text a singular and a plural form', () => {
    // A count that leads a noun needs both forms ("1 caller", "2 callers"); "Reports: 3",
    // "(3)" and "3 of 2000 characters" read right for every number.
    const missing = leaves(en)
      .filter(([key]) => !/_(one|other)$/.test(key))
      .filter(([, text]) => /\{\{count\}\} (?!of\b)\p{L}/u.test(text))
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('says 1 caller but 2 callers, and one form in Chinese', () => {
    const i18n = createI18n('en');
    expect(i18n.t('calls.waitingLabel', { count: 1 })).toBe('1 caller waiting');
    expect(i18n.t('calls.waitingLabel', { count: 2 })).toBe('2 callers waiting');
    expect(i18n.t('calls.inMenu', { count: 1 })).toBe('1 caller in the voice menu');
    expect(i18n.t('work.search.results', { count: 1 })).toBe('1 case found');
    expect(i18n.t('work.search.results', { count: 0 })).toBe('0 cases found');
    const zh = createI18n('zh-CN');
    expect(zh.t('calls.waitingLabel', { count: 1 })).toBe('1 位来电者在等待');
    expect(zh.t('calls.waitingLabel', { count: 2 })).toBe('2 位来电者在等待');
  });

  it('picks the singular of a screen label by the language’s plural rules', () => {
    const waiting = BOARD_MESSAGES['calls.waiting'];
    expect(formatLabel(waiting, 'en', { count: '1' })).toBe('1 caller waiting');
    expect(formatLabel(waiting, 'en', { count: '2' })).toBe('2 callers waiting');
    expect(formatLabel(waiting, 'zh-CN', { count: '1' })).toBe('1 位来电者在等待');
    expect(formatLabel(BOARD_MESSAGES['callbacks.open'], 'en', { count: '1' })).toBe(
      '1 callback to make',
    );
  });
});
