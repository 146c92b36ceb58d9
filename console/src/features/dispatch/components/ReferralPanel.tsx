import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessages } from '../../../lib/messages';
import { REFERRALS_MESSAGES } from '../messages';
import { can } from '@hutong/shared';
import type { Role, TReferral } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { newIdempotencyKey, outcomeUnknown } from '../../../lib/idempotency';
import { useNow } from '../../../lib/use-now';
import { useAuth } from '../../auth/AuthProvider';
import { createReferral } from '../api';
import { useCaseReferrals } from '../hooks/use-case-referrals';
import { SUGGESTION_REASON_LABEL } from '../labels';
import { useLabel } from '../../../lib/messages';
import { referralErrorMessage } from '../referral-errors';
import { useLanguage } from '../../../lib/use-language';
import { CallerLookupCode } from './CallerLookupCode';
import { ClosureChecklist } from './ClosureChecklist';
import { ReferralItem } from './ReferralItem';

/**
 * The case view's dispatch section: suggested centres and a referral form, every referral with
 * its status, acknowledgement countdown and escalation, and what still blocks resolving the case.
 */
export function ReferralPanel({ caseId, canAct = true }: { caseId: string; canAct?: boolean }) {
  const { state: auth } = useAuth();
  // What the panel offers depends on the role, so it waits for the session.
  if (auth.status !== 'authenticated') return null;
  return <ReferralSection caseId={caseId} canAct={canAct} role={auth.user.role} />;
}

function ReferralSection({
  caseId,
  canAct,
  role,
}: {
  caseId: string;
  canAct: boolean;
  role: Role;
}) {
  const { t } = useTranslation();
  const m = useMessages(REFERRALS_MESSAGES);
  const [language] = useLanguage();
  const canRefer = can(role, 'referrals.create') && canAct;
  const data = useCaseReferrals(caseId, canRefer);
  const now = useNow(1000);
  const headingId = useId();
  // The referral being re-routed (declined or revoked), if the form is re-routing one.
  const [replacing, setReplacing] = useState<TReferral | null>(null);

  return (
    <section className="panel referral-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{m('heading')}</h2>
      {data.status === 'loading' && <p>{m('loading')}</p>}
      {data.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>{referralErrorMessage(data.error, t, language)}</p>
          <button type="button" className="button button--small" onClick={data.reload}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {data.status === 'ready' && (
        <>
          {data.referrals.length === 0 ? (
            <p className="muted">{m('none')}</p>
          ) : (
            <ul className="referral-list" aria-label={m('listLabel')}>
              {data.referrals.map((referral) => (
                <ReferralItem
                  key={referral.id}
                  referral={referral}
                  now={now}
                  role={role}
                  canAct={canAct}
                  onChanged={data.apply}
                  onReroute={() => setReplacing(referral)}
                />
              ))}
            </ul>
          )}
          {canRefer && (
            <ReferralForm
              caseId={caseId}
              data={data}
              replacing={replacing}
              onDone={(referral) => {
                data.apply(referral);
                setReplacing(null);
              }}
              onCancelReroute={() => setReplacing(null)}
            />
          )}
          <ClosureChecklist
            caseId={caseId}
            closure={data.closure}
            canRecord={can(role, 'cases.update') && canAct}
            onRecorded={data.setClosure}
          />
          {can(role, 'cases.claim') && canAct && <CallerLookupCode caseId={caseId} />}
        </>
      )}
    </section>
  );
}

function ReferralForm({
  caseId,
  data,
  replacing,
  onDone,
  onCancelReroute,
}: {
  caseId: string;
  data: ReturnType<typeof useCaseReferrals>;
  replacing: TReferral | null;
  onDone: (referral: TReferral) => void;
  onCancelReroute: () => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(REFERRALS_MESSAGES);
  const api = useApi();
  const label = useLabel();
  const [language] = useLanguage();
  const [centreId, setCentreId] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const idempotencyKey = useRef<string | null>(null);
  const formId = useId();
  const chosen = centreId || data.suggestions[0]?.centre.id || '';

  const submit = async () => {
    if (!chosen) {
      setMessage(m('errors.centre'));
      return;
    }
    setBusy(true);
    setMessage(null);
    idempotencyKey.current ??= newIdempotencyKey();
    try {
      const referral = await createReferral(
        api,
        caseId,
        { centreId: chosen, note, ...(replacing ? { replaces: replacing.id } : {}) },
        idempotencyKey.current,
      );
      idempotencyKey.current = null;
      setNote('');
      setCentreId('');
      onDone(referral);
    } catch (error) {
      // The referral may have been made (no answer, a 5xx): sending it again must not make a
      // second one, which would text and call the centre again.
      if (!outcomeUnknown(error)) idempotencyKey.current = null;
      setMessage(referralErrorMessage(error, t, language));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="referral-form"
      aria-labelledby={`${formId}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${formId}-title`}>
        {replacing ? m('form.rerouteTitle', { centre: replacing.centre.name }) : m('form.title')}
      </h3>
      <div className="field">
        <label htmlFor={`${formId}-centre`}>{m('form.centre')}</label>
        <select
          id={`${formId}-centre`}
          value={chosen}
          onChange={(event) => setCentreId(event.target.value)}
        >
          {data.suggestions.length === 0 && data.others.length === 0 && (
            <option value="">{m('form.noCentres')}</option>
          )}
          {data.suggestions.length > 0 && (
            <optgroup label={m('form.suggested')}>
              {data.suggestions.map(({ centre, reason }) => (
                <option key={centre.id} value={centre.id}>
                  {m('form.suggestion', {
                    name: centre.name,
                    reason: label(SUGGESTION_REASON_LABEL[reason]),
                  })}
                </option>
              ))}
            </optgroup>
          )}
          {data.others.length > 0 && (
            <optgroup label={m('form.otherCentres')}>
              {data.others.map((centre) => (
                <option key={centre.id} value={centre.id}>
                  {centre.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${formId}-note`}>{m('form.note')}</label>
        <textarea
          id={`${formId}-note`}
          value={note}
          maxLength={2000}
          rows={3}
          aria-describedby={`${formId}-note-hint`}
          onChange={(event) => setNote(event.target.value)}
        />
        <p id={`${formId}-note-hint`} className="hint">
          {m('form.noteHint')}
        </p>
      </div>
      {message && (
        <p className="notice notice--error" role="alert">
          {message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? m('form.sending') : m('form.submit')}
        </button>
        {replacing && (
          <button type="button" className="button button--secondary" onClick={onCancelReroute}>
            {m('form.cancelReroute')}
          </button>
        )}
      </div>
    </form>
  );
}
