import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACK_MINUTES_MAX,
  ACK_MINUTES_MIN,
  ACK_PRIORITIES,
  AppError,
  ZDispatchSettings,
  type AckPriority,
  type TDispatchSettingsView,
} from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { ChildImportSection } from '../../children/components/ChildImportSection';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useMessages } from '../../../lib/messages';
import { SETTINGS_MESSAGES } from '../messages';
import { getDispatchSettings, updateDispatchSettings } from '../api';
import { VisitSettingsSection } from './VisitSettingsSection';

type Values = Record<AckPriority, string>;
type Problems = Partial<Record<AckPriority, 'errors.whole' | 'errors.order'>>;

const toValues = (minutes: Record<AckPriority, number>): Values => ({
  P1: String(minutes.P1),
  P2: String(minutes.P2),
  P3: String(minutes.P3),
});

/** Field problems from zod issues or the server's `{ "ackMinutes.P2": … }`, by priority. */
function problemsOf(fields: { path: string; message: string }[]): Problems {
  const out: Problems = {};
  for (const { path, message } of fields) {
    const priority = ACK_PRIORITIES.find((p) => path === `ackMinutes.${p}`);
    if (priority && !out[priority]) {
      out[priority] = /shorter than/.test(message) ? 'errors.order' : 'errors.whole';
    }
  }
  return out;
}

/**
 * Administrators' dispatch settings: how long a centre has to acknowledge a referral, per
 * priority. The form checks with the same schema the server does.
 */
export function DispatchSettingsPage() {
  const { t } = useTranslation();
  const m = useMessages(SETTINGS_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<
    | { status: 'loading' }
    | { status: 'error'; error: unknown }
    | { status: 'ready'; settings: TDispatchSettingsView }
  >({ status: 'loading' });
  const [values, setValues] = useState<Values>({ P1: '', P2: '', P3: '' });
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);
  const inputs = useRef<Partial<Record<AckPriority, HTMLInputElement | null>>>({});

  useEffect(() => {
    let cancelled = false;
    getDispatchSettings(api).then(
      (settings) => {
        if (cancelled) return;
        setState({ status: 'ready', settings });
        setValues(toValues(settings.ackMinutes));
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
    const first = ACK_PRIORITIES.find((p) => found[p]);
    if (first) inputs.current[first]?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    setSaveError(null);
    const body = {
      ackMinutes: {
        P1: values.P1.trim() === '' ? NaN : Number(values.P1),
        P2: values.P2.trim() === '' ? NaN : Number(values.P2),
        P3: values.P3.trim() === '' ? NaN : Number(values.P3),
      },
    };
    const checked = ZDispatchSettings.safeParse(body);
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
      const settings = await updateDispatchSettings(api, checked.data);
      setState({ status: 'ready', settings });
      setValues(toValues(settings.ackMinutes));
      setNotice(m('saved'));
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data) {
        showProblems(
          problemsOf(
            Object.entries(error.data).map(([path, message]) => ({
              path,
              message: String(message),
            })),
          ),
        );
      } else {
        setSaveError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  const hasProblems = ACK_PRIORITIES.some((p) => problems[p]);
  return (
    <>
      <PageHeading>{m('title')}</PageHeading>
      <p role="status">{notice}</p>
      {state.status === 'loading' && <p>{m('loading')}</p>}
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>
            {m('loadError')} {errorMessage(state.error, t)}
          </p>
          <button type="button" className="button" onClick={() => setLoadCount((n) => n + 1)}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <form noValidate onSubmit={(e) => void submit(e)} aria-busy={saving}>
          {hasProblems && (
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
            <legend>{m('legend')}</legend>
            <p className="hint" id="ack-hint">
              {m('hint')}
            </p>
            {ACK_PRIORITIES.map((p) => {
              const problem = problems[p];
              return (
                <div className="field" key={p}>
                  <label htmlFor={`ack-${p}`}>{m(`field.${p}`)}</label>
                  <input
                    id={`ack-${p}`}
                    ref={(el) => {
                      inputs.current[p] = el;
                    }}
                    type="number"
                    inputMode="numeric"
                    min={ACK_MINUTES_MIN}
                    max={ACK_MINUTES_MAX}
                    step={1}
                    value={values[p]}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={`ack-hint ack-${p}-default${problem ? ` ack-${p}-error` : ''}`}
                    onChange={(e) => setValues((v) => ({ ...v, [p]: e.target.value }))}
                  />
                  <span className="hint" id={`ack-${p}-default`}>
                    {m('defaultIs', { minutes: String(state.settings.defaults.ackMinutes[p]) })}
                  </span>
                  {problem && (
                    <span className="field-error" id={`ack-${p}-error`}>
                      {m(problem)}
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
              : m('neverChanged')}
          </p>
          <div className="actions">
            <button type="submit" className="button" disabled={saving}>
              {saving ? m('saving') : m('save')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={saving}
              onClick={() => {
                setValues(toValues(state.settings.defaults.ackMinutes));
                setProblems({});
              }}
            >
              {m('reset')}
            </button>
          </div>
        </form>
      )}
      <VisitSettingsSection />
      <ChildImportSection />
    </>
  );
}
