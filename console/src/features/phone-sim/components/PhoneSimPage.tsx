import '../../calls/calls.css';
import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '@hutong/shared';
import type { TSimCall, TSimMessage, TSimSmsResult } from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { useMessages } from '../../../lib/messages';
import { PHONE_SIM_MESSAGES } from '../../calls/messages';
import { simCalls, simHangUp, simOutbound, simPlaceCall, simSendSms } from '../api';

const REFRESH_MS = 2000;
const E164 = /^\+[1-9][0-9]{6,14}$/;

/** `1 1 -` → ['1', '1', null]: one entry per menu, `-` stays silent. */
export function parseDigits(text: string): Array<string | null> | undefined {
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts.map((p) => (p === '-' ? null : p));
}

/**
 * Demo mode: plays a caller or texter against the running system through the Twilio simulator,
 * and shows what callers heard and what the system sent out.
 */
export function PhoneSimPage() {
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const m = useMessages(PHONE_SIM_MESSAGES);
  const [calls, setCalls] = useState<TSimCall[]>([]);
  const [outbound, setOutbound] = useState<TSimMessage[]>([]);
  // Until the first read answers, the lists are not "empty" but unknown.
  const [loaded, setLoaded] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [c, o] = await Promise.all([simCalls(api), simOutbound(api)]);
      setCalls(c);
      setOutbound(o);
      setLoaded(true);
      setUnavailable(false);
      setLoadError(null);
    } catch (err) {
      if (guard(err)) return;
      if (err instanceof AppError && err.code === 'NOT_FOUND') setUnavailable(true);
      else setLoadError(errorMessage(err, t));
    }
  }, [api, guard, t]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (err) {
      if (!guard(err)) setError(errorMessage(err, t));
    }
    await refresh();
  };

  if (unavailable) {
    return (
      <section className="phone-sim">
        <PageHeading>{t('phoneSim.title')}</PageHeading>
        <p className="notice notice--warning">{t('phoneSim.unavailable')}</p>
      </section>
    );
  }

  return (
    <section className="phone-sim">
      <PageHeading>{t('phoneSim.title')}</PageHeading>
      <p className="hint">{t('phoneSim.intro')}</p>
      {error !== null && (
        <p className="notice notice--warning" role="alert">
          {error}
        </p>
      )}
      <div className="phone-sim__forms">
        <CallForm onPlace={(input) => run(() => simPlaceCall(api, input))} />
        <SmsForm onSend={(input) => simSendSms(api, input).finally(() => void refresh())} />
      </div>

      {loadError !== null && (
        <p className="notice notice--warning" role="alert">
          {m('loadError')} {loadError}{' '}
          <button type="button" className="button button--link" onClick={() => void refresh()}>
            {t('app.retry')}
          </button>
        </p>
      )}
      {!loaded && loadError === null && (
        <p className="muted" role="status">
          {m('loading')}
        </p>
      )}
      <h2>{t('phoneSim.calls.title')}</h2>
      {!loaded ? null : calls.length === 0 ? (
        <p className="empty">{t('phoneSim.calls.none')}</p>
      ) : (
        <ul className="plain-list phone-sim__calls">
          {[...calls].reverse().map((call) => (
            <li key={call.sid} className="card" data-sid={call.sid}>
              <p>
                <strong>
                  {call.from} → {call.to}
                </strong>{' '}
                <span className="muted">
                  {call.direction} · {call.status} ({call.activity})
                  {call.queue && ` · ${t('phoneSim.calls.queue', { queue: call.queue })}`}
                  {call.conference &&
                    ` · ${t('phoneSim.calls.conference', { name: call.conference })}`}
                </span>
              </p>
              {call.transcript.length > 0 && (
                <details open={call.activity !== 'ended'}>
                  <summary>{t('phoneSim.calls.heard', { count: call.transcript.length })}</summary>
                  <ol>
                    {call.transcript.map((heard, i) => (
                      <li key={i} lang={heard.language}>
                        {heard.text}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
              {call.activity !== 'ended' && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void run(() => simHangUp(api, call.sid))}
                >
                  {t('phoneSim.calls.hangUp')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('phoneSim.outbound.title')}</h2>
      {!loaded ? null : outbound.length === 0 ? (
        <p className="empty">{t('phoneSim.outbound.none')}</p>
      ) : (
        <ul className="plain-list">
          {[...outbound].reverse().map((m) => (
            <li key={m.sid} className="card">
              <p className="muted">
                {m.from} → {m.to} · {m.direction} · {m.status}
              </p>
              <p>{m.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CallForm({
  onPlace,
}: {
  onPlace: (input: {
    from: string;
    digits?: Array<string | null>;
    hangupAfterSeconds?: number;
  }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [from, setFrom] = useState('+8613800000000');
  const [digits, setDigits] = useState('1 1');
  const [hangup, setHangup] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const pressed = parseDigits(digits);
    const after = hangup.trim() === '' ? undefined : Number(hangup);
    if (!E164.test(from)) return setInvalid(t('phoneSim.invalidNumber'));
    if (pressed?.some((d) => d !== null && !/^[0-9*#]{1,8}$/.test(d))) {
      return setInvalid(t('phoneSim.call.invalidDigits'));
    }
    if (after !== undefined && !(Number.isInteger(after) && after > 0)) {
      return setInvalid(t('phoneSim.call.invalidHangup'));
    }
    setInvalid(null);
    void onPlace({
      from,
      ...(pressed ? { digits: pressed } : {}),
      ...(after ? { hangupAfterSeconds: after } : {}),
    });
  };

  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('phoneSim.call.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('phoneSim.from')}</label>
        <input id={`${id}-from`} value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-digits`}>{t('phoneSim.call.digits')}</label>
        <input
          id={`${id}-digits`}
          value={digits}
          aria-describedby={`${id}-digits-hint`}
          onChange={(e) => setDigits(e.target.value)}
        />
        <p id={`${id}-digits-hint`} className="hint">
          {t('phoneSim.call.digitsHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-hangup`}>{t('phoneSim.call.hangupAfter')}</label>
        <input
          id={`${id}-hangup`}
          inputMode="numeric"
          value={hangup}
          onChange={(e) => setHangup(e.target.value)}
        />
      </div>
      {invalid !== null && (
        <p className="form-error" role="alert">
          {invalid}
        </p>
      )}
      <button type="submit" className="button button--primary">
        {t('phoneSim.call.submit')}
      </button>
    </form>
  );
}

function SmsForm({
  onSend,
}: {
  onSend: (input: { from: string; body: string }) => Promise<TSimSmsResult>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [from, setFrom] = useState('+8613800000001');
  const [body, setBody] = useState('');
  const [replies, setReplies] = useState<TSimMessage[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!E164.test(from)) return setFailure(t('phoneSim.invalidNumber'));
    if (body.trim() === '') return setFailure(t('phoneSim.sms.empty'));
    setFailure(null);
    try {
      const result = await onSend({ from, body });
      setReplies(result.replies);
      setBody('');
    } catch (err) {
      setFailure(errorMessage(err, t));
    }
  };

  return (
    <form className="form card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('phoneSim.sms.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('phoneSim.from')}</label>
        <input id={`${id}-from`} value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('phoneSim.sms.body')}</label>
        <textarea id={`${id}-body`} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      {failure !== null && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <button type="submit" className="button button--primary">
        {t('phoneSim.sms.submit')}
      </button>
      {replies.length > 0 && (
        <div role="status">
          <p>{t('phoneSim.sms.replies')}</p>
          <ul>
            {replies.map((r) => (
              <li key={r.sid}>{r.body}</li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
