/**
 * Characters PostgreSQL cannot store in text or jsonb: NUL (refused by both), and a UTF-16
 * surrogate without its pair (it has no UTF-8 form; drivers silently turn it into U+FFFD).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** The message a field with such a character gets (zh-CN and en: the console shows it as is). */
export const UNSTORABLE_TEXT_MESSAGE =
  '含有无法保存的字符（NUL 或不成对的代理项） / Contains a character that cannot be stored (NUL or an unpaired surrogate)';

/** Whether a string holds a character the database cannot store. */
export function hasUnstorableText(value: string): boolean {
  return UNSTORABLE.test(value);
}

/** The string without those characters (for text that must not be lost, such as a child's SMS). */
export function stripUnstorableText(value: string): string {
  return value.replace(UNSTORABLE_ALL, '');
}

/**
 * Every field of a request body or query (keys included, at any depth) holding a character
 * the database cannot store, as `{ "children.0.name": message }`; empty when there is none.
 */
export function unstorableTextFields(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (node: unknown, path: string[], depth: number): void => {
    if (typeof node === 'string') {
      if (hasUnstorableText(node)) out[path.join('.') || '(body)'] = UNSTORABLE_TEXT_MESSAGE;
      return;
    }
    // Deeper than any schema of ours: the schema refuses it whatever it holds.
    if (!node || typeof node !== 'object' || depth > 32) return;
    for (const [key, child] of Object.entries(node)) {
      if (hasUnstorableText(key)) {
        out[[...path, stripUnstorableText(key)].join('.')] = UNSTORABLE_TEXT_MESSAGE;
        continue;
      }
      visit(child, [...path, key], depth + 1);
    }
  };
  visit(value, [], 0);
  return out;
}
