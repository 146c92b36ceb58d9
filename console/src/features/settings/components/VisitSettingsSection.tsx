import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AppError,
  VISIT_DAYS_MAX,
  VISIT_DAYS_MIN,
  ZVisitSettings,
  type TVisitSettingsView,
} from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useMessages } from '../../../lib/messages';
import { SETTINGS_MESSAGES } from '../messages';
import { getVisitSettings, updateVisitSettings } from '../api';

const LEVELS = ['high', 'medium', 'low'] as const;
type Level = (typeof LEVELS)[number];
type Values = Record<Level, string>;
type Problems = Partial<Record<Level, 'visits.errors.whole' | 'visits.errors.order'>>;

const toValues = (days: Record<Level, number>): Values => ({
  high: String(days.high),
  medium: String(days.medium),
  low: String(days.low),
});

/** Field problems from zod issues or the server's `{ "visitDays.medium": … }`, by level. */
function problemsOf(fields: { path: string; message: string }[]): Problems {
  const out: Problems = {};
  for (const { path, message } of fields) {
    const level = LEVELS.find((l) => path === `visitDays.${l}`);
    if (level && !out[level]) {
      out[level] = /shorter than/.test(message) ? 'visits.errors.order' : 'visits.errors.whole';
    }
  }
  return out;
}

/**
 * The register's visit intervals on the administrators' settings page: days to the next visit
 * by risk level (`GET/PUT /api/admin/settings/visits`), checked with the server's own schema.
 */
export function VisitSettingsSection() {
  const { t } = useTranslation();
  const m = useMessages(SETTINGS_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<
    | { status: 'loading' }
    | { status: 'error'; error: unknown }
    | { status: 'ready'; settings: TVisitSettingsView }
  >({ status: 'loading' });
  const [values, setValues] = useState<Values>({ high: '', medium: '', low: '' });
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);
  const inputs = useRef<Partial<Record<Level, HTMLInputElement | null>>>({});
  const range = { min: String(VISIT_DAYS_MIN), max: String(VISIT_DAYS_MAX) };

  useEffect(() => {
    let cancelled = false;
    getVisitSettings(api).then(
      (settings) => {
        if (cancelled) return;
        setState({ status: 'ready', settings });
        setValues(toValues(settings.visitDays));
      },
      (error: unknown) => {
        if (!cancelled) setState({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, loadCount]);

  const showProblems = (found: Problems) => {
    setProblems(found);
    const first = LEVELS.find((l) => found[l]);
    if (first) inputs.current[first]?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    setSaveError(null);
    const days = (text: string) => (text.trim() === '' ? NaN : Number(text));
    const checked = ZVisitSettings.safeParse({
      visitDays: { high: days(values.high), medium: days(values.medium), low: days(values.low) },
    });
    if (!checked.success) {
      showProblems(
        problemsOf(
          checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        ),
      );
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      const settings = await updateVisitSettings(api, checked.data);
      setState({ status: 'ready', settings });
      setValues(toValues(settings.visitDays));
      setNotice(m('visits.saved'));
    } catch (error) {
      const found =
        error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data
          ? problemsOf(
              Object.entries(error.data).map(([path, message]) => ({
                path,
                message: String(message),
              })),
            )
          : {};
      if (LEVELS.some((l) => found[l])) showProblems(found);
      else setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="visit-settings" aria-labelledby="visit-settings-title">
      <h2 id="visit-settings-title">{m('visits.title')}</h2>
      <p role="status">{notice}</p>
      {state.status === 'loading' && <p>{m('loading')}</p>}
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>
            {m('visits.loadError')} {errorMessage(state.error, t)}
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
          aria-labelledby="visit-settings-title"
        >
          {LEVELS.some((l) => problems[l]) && (
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
            <legend>{m('visits.legend')}</legend>
            <p className="hint" id="visit-days-hint">
              {m('visits.hint', range)}
            </p>
            {LEVELS.map((level) => {
              const problem = problems[level];
              const id = `visit-days-${level}`;
              return (
                <div className="field" key={level}>
                  <label htmlFor={id}>{m(`visits.field.${level}`)}</label>
                  <input
                    id={id}
                    ref={(el) => {
                      inputs.current[level] = el;
                    }}
                    type="number"
                    inputMode="numeric"
                    min={VISIT_DAYS_MIN}
                    max={VISIT_DAYS_MAX}
                    step={1}
                    value={values[level]}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={`visit-days-hint ${id}-default${problem ? ` ${id}-error` : ''}`}
                    onChange={(e) => setValues((v) => ({ ...v, [level]: e.target.value }))}
                  />
                  <span className="hint" id={`${id}-default`}>
                    {m('visits.defaultIs', {
                      days: String(state.settings.defaults.visitDays[level]),
                    })}
                  </span>
                  {problem && (
                    <span className="field-error" id={`${id}-error`}>
                      {m(problem, range)}
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
              : m('visits.neverChanged')}
          </p>
          <div className="actions">
            <button type="submit" className="button" disabled={saving}>
              {saving ? m('saving') : m('visits.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
