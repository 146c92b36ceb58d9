import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RadioGroup } from '../../../components/form-kit';
import { useMessages } from '../../../lib/messages';
import { REFERRALS_MESSAGES } from '../messages';
import type { ClosureBlocker, TClosureCheck } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { recordCallback } from '../api';
import { CLOSURE_CHECK_LABEL } from '../labels';
import { referralErrorMessage } from '../referral-errors';

const CHECKS: readonly ClosureBlocker[] = [
  'open_referrals',
  'declined_not_rerouted',
  'police_not_notified',
  'callback_missing',
];

/** What must be true before the case may be resolved, and the reporter callback (回访) control. */
export function ClosureChecklist({
  caseId,
  closure,
  canRecord,
  onRecorded,
}: {
  caseId: string;
  closure: TClosureCheck | null;
  canRecord: boolean;
  onRecorded: (closure: TClosureCheck) => void;
}) {
  const m = useMessages(REFERRALS_MESSAGES);
  const [language] = useLanguage();
  const id = useId();
  if (!closure) return null;
  return (
    <div className="closure" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{m('closure.title')}</h3>
      <p role="status">{closure.mayResolve ? m('closure.mayResolve') : m('closure.blocked')}</p>
      <ul className="checklist">
        {CHECKS.map((check) => {
          const open = closure.blockers.includes(check);
          return (
            <li key={check} className={open ? 'check check--open' : 'check check--done'}>
              <span aria-hidden="true">{open ? '✗' : '✓'} </span>
              {CLOSURE_CHECK_LABEL[check][language]}
              <span className="visually-hidden">
                {' '}
                {open ? m('closure.outstanding') : m('closure.met')}
              </span>
            </li>
          );
        })}
      </ul>
      {closure.callback ? (
        <p>
          {closure.callback.outcome === 'done'
            ? m('callback.recordedDone', {
                at: formatDateTime(closure.callback.at, language),
              })
            : m('callback.recordedWaived', {
                at: formatDateTime(closure.callback.at, language),
                reason: closure.callback.reason ?? '',
              })}
        </p>
      ) : (
        canRecord && <CallbackControl caseId={caseId} onRecorded={onRecorded} />
      )}
    </div>
  );
}

function CallbackControl({
  caseId,
  onRecorded,
}: {
  caseId: string;
  onRecorded: (closure: TClosureCheck) => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(REFERRALS_MESSAGES);
  const api = useApi();
  const [language] = useLanguage();
  const id = useId();
  const [outcome, setOutcome] = useState<'done' | 'waived'>('done');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async () => {
    if (outcome === 'waived' && !reason.trim()) {
      setMessage(m('callback.reasonRequired'));
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      onRecorded(
        await recordCallback(api, caseId, {
          outcome,
          ...(outcome === 'waived' ? { reason: reason.trim() } : {}),
        }),
      );
    } catch (error) {
      setMessage(referralErrorMessage(error, t, language));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <RadioGroup
        id={`${id}-outcome`}
        name={`${id}-outcome`}
        legend={m('callback.legend')}
        className=""
        options={[
          { value: 'done' as const, label: m('callback.done') },
          { value: 'waived' as const, label: m('callback.waived') },
        ]}
        value={outcome}
        onChange={setOutcome}
      >
        {outcome === 'waived' && (
          <div className="field">
            <label htmlFor={`${id}-reason`}>{m('callback.reason')}</label>
            <textarea
              id={`${id}-reason`}
              value={reason}
              maxLength={1000}
              rows={2}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
        )}
      </RadioGroup>
      {message && (
        <p className="notice notice--error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" className="button button--small" disabled={busy}>
        {m('callback.record')}
      </button>
    </form>
  );
}
