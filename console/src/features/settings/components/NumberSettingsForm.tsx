import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '@hutong/shared';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useMessages } from '../../../lib/messages';
import { SETTINGS_MESSAGES } from '../messages';

/** A setting of a few whole numbers (minutes per priority, days per risk), with its defaults. */
export interface NumberSettingsView<K extends string> {
  values: Record<K, number>;
  defaults: Record<K, number>;
  updatedBy: { displayName: string } | null;
  updatedAt: string | null;
}

/** A field's problem as the schema or the server's 400 names it: `ackMinutes.P2`, its message. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The texts that differ between settings, already in the reader's language. */
export interface NumberSettingsText<K extends string> {
  loadError: string;
  legend: string;
  hint: string;
  label: (key: K) => string;
  defaultIs: (value: number) => string;
  /** Not a whole number in range; shorter than the more urgent level's. */
  whole: string;
  order: string;
  saved: string;
  save: string;
  neverChanged: string;
}

/** The issues of a zod `safeParse`, with their paths joined as the server names fields. */
export function zodIssues(
  result:
    | { success: true }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
): FieldIssue[] {
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The administrators' form for one such setting: loads it, checks the numbers with the server's
 * own schema (`check`), saves, and shows a field's problem — the form's or the server's 400 — on
 * that field, focusing the first. `field` is the body's key (`ackMinutes`), so `ackMinutes.P2`
 * names the P2 input. Element ids start with `id`.
 */
export function NumberSettingsForm<K extends string>({
  id,
  field,
  keys,
  min,
  max,
  load,
  check,
  save,
  text,
  resettable = false,
  labelledBy,
}: {
  id: string;
  field: string;
  keys: readonly K[];
  min: number;
  max: number;
  load: () => Promise<NumberSettingsView<K>>;
  check: (values: Record<K, number>) => FieldIssue[];
  save: (values: Record<K, number>) => Promise<NumberSettingsView<K>>;
  text: NumberSettingsText<K>;
  /** Offers "restore the defaults". */
  resettable?: boolean;
  labelledBy?: string;
}) {
  const { t } = useTranslation();
  const m = useMessages(SETTINGS_MESSAGES);
  const [language] = useLanguage();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<
    | { status: 'loading' }
    | { status: 'error'; error: unknown }
    | { status: 'ready'; settings: NumberSettingsView<K> }
  >({ status: 'loading' });
  const [values, setValues] = useState<Partial<Record<K, string>>>({});
  const [problems, setProblems] = useState<Partial<Record<K, 'whole' | 'order'>>>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);
  const inputs = useRef<Partial<Record<K, HTMLInputElement | null>>>({});

  const show = (numbers: Record<K, number>) =>
    setValues(Object.fromEntries(keys.map((k) => [k, String(numbers[k])])) as Record<K, string>);

  useEffect(() => {
    let cancelled = false;
    load().then(
      (settings) => {
        if (cancelled) return;
        setState({ status: 'ready', settings });
        show(settings.values);
      },
      (error: unknown) => {
        if (!cancelled) setState({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
    // `load` is a new function each render; the setting is read again only on a retry.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadCount]);

  /** The problems by key; true when any was found (the first field is then focused). */
  const showProblems = (issues: FieldIssue[]): boolean => {
    const found: Partial<Record<K, 'whole' | 'order'>> = {};
    for (const { path, message } of issues) {
      const key = keys.find((k) => path === `${field}.${k}`);
      if (key && !found[key]) found[key] = /shorter than/.test(message) ? 'order' : 'whole';
    }
    setProblems(found);
    const first = keys.find((k) => found[k]);
    if (first) inputs.current[first]?.focus();
    return first !== undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    setSaveError(null);
    const numbers = Object.fromEntries(
      keys.map((k) => {
        const typed = (values[k] ?? '').trim();
        return [k, typed === '' ? NaN : Number(typed)];
      }),
    ) as Record<K, number>;
    if (showProblems(check(numbers))) return;
    setSaving(true);
    try {
      const settings = await save(numbers);
      setState({ status: 'ready', settings });
      show(settings.values);
      setNotice(text.saved);
    } catch (error) {
      const named =
        error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data
          ? Object.entries(error.data).map(([path, message]) => ({
              path,
              message: String(message),
            }))
          : [];
      if (!showProblems(named)) setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <p role="status">{notice}</p>
      {state.status === 'loading' && <p>{m('loading')}</p>}
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>
            {text.loadError} {errorMessage(state.error, t)}
          </p>
          <button type="button" className="button" onClick={() => setLoadCount((n) => n + 1)}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <form
          noValidate
          onSubmit={(e) => void submit(e)}
          aria-busy={saving}
          aria-labelledby={labelledBy}
        >
          {keys.some((k) => problems[k]) && (
            <p className="notice notice--error" role="alert">
              {m('errorSummary')}
            </p>
          )}
          {saveError !== null && (
            <p className="notice notice--error" role="alert">
              {errorMessage(saveError, t)}
            </p>
          )}
          <fieldset>
            <legend>{text.legend}</legend>
            <p className="hint" id={`${id}-hint`}>
              {text.hint}
            </p>
            {keys.map((key) => {
              const problem = problems[key];
              const input = `${id}-${key}`;
              return (
                <div className="field" key={key}>
                  <label htmlFor={input}>{text.label(key)}</label>
                  <input
                    id={input}
                    ref={(el) => {
                      inputs.current[key] = el;
                    }}
                    type="number"
                    inputMode="numeric"
                    min={min}
                    max={max}
                    step={1}
                    value={values[key] ?? ''}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={`${id}-hint ${input}-default${problem ? ` ${input}-error` : ''}`}
                    onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
                  />
                  <span className="hint" id={`${input}-default`}>
                    {text.defaultIs(state.settings.defaults[key])}
                  </span>
                  {problem && (
                    <span className="field-error" id={`${input}-error`}>
                      {text[problem]}
                    </span>
                  )}
                </div>
              );
            })}
          </fieldset>
          <p className="muted">
            {state.settings.updatedBy && state.settings.updatedAt
              ? m('lastChanged', {
                  name: state.settings.updatedBy.displayName,
                  time: formatDateTime(state.settings.updatedAt, language),
                })
              : text.neverChanged}
          </p>
          <div className="actions">
            <button type="submit" className="button" disabled={saving}>
              {saving ? m('saving') : text.save}
            </button>
            {resettable && (
              <button
                type="button"
                className="button button--secondary"
                disabled={saving}
                onClick={() => {
                  show(state.settings.defaults);
                  setProblems({});
                }}
              >
                {m('reset')}
              </button>
            )}
          </div>
        </form>
      )}
    </>
  );
}
