import '../calls.css';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can } from '@hutong/shared';
import type { Role, TCallEscalated } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { playAlertTone } from '../../queue/alert-tone';
import { hangUpCall, softphoneSetup } from '../api';
import { SoftphoneContext, useSoftphoneState } from '../hooks/use-softphone';
import { SimulatedSoftphone, SoftphoneUnavailableError, createSoftphone } from '../softphone';
import type { Softphone } from '../softphone';
import { useMessages } from '../../../lib/messages';
import { SOFTPHONE_MESSAGES } from '../messages';

/**
 * Telephony for the signed-in shell: sets up the softphone (Twilio when the backend
 * minted a token, else simulated), shows the current call, and rings supervisors when an urgent
 * caller has waited too long. Place inside the SocketProvider.
 */
export function CallsProvider({ role, children }: { role: Role; children: ReactNode }) {
  const api = useApi();
  // Hotline operators answer on it; whoever may call a child takes check-in calls on it too.
  const answers = can(role, 'softphone.use');
  const [softphone, setSoftphone] = useState<Softphone | null>(null);
  const [setupError, setSetupError] = useState<unknown>(null);

  useEffect(() => {
    if (!answers) return;
    let cancelled = false;
    let made: Softphone | null = null;
    const endCall = (callId: string) => hangUpCall(api, callId);
    // The Voice SDK asks for a new token before the old one expires: the same route again.
    const refreshToken = async () => {
      const setup = await softphoneSetup(api);
      if (setup.mode !== 'twilio') throw new SoftphoneUnavailableError('no longer configured');
      return setup.token;
    };
    const adopt = (phone: Softphone) => {
      if (cancelled) return phone.destroy();
      made = phone;
      setSoftphone(phone);
    };
    softphoneSetup(api)
      .then((setup) => createSoftphone(setup, { endCall, refreshToken }))
      .then(adopt)
      .catch((error: unknown) => {
        if (cancelled) return;
        // Still follow the call's state, and say plainly that there is no audio.
        setSetupError(error);
        adopt(new SimulatedSoftphone(endCall));
      });
    return () => {
      cancelled = true;
      made?.destroy();
    };
  }, [api, answers]);

  useSocketEvent('call.updated', (call) => softphone?.callUpdated(call));

  return (
    <SoftphoneContext.Provider value={softphone}>
      {children}
      {softphone && <CallBar softphone={softphone} setupError={setupError} />}
      {can(role, 'realtime.supervisors') && <EscalationAlerts />}
    </SoftphoneContext.Provider>
  );
}

/** The current call: who, which case, its state, and hang-up. */
function CallBar({ softphone, setupError }: { softphone: Softphone; setupError: unknown }) {
  const { t } = useTranslation();
  const m = useMessages(SOFTPHONE_MESSAGES);
  const state = useSoftphoneState(softphone);
  const setupText =
    setupError === null
      ? null
      : setupError instanceof SoftphoneUnavailableError
        ? m('unavailable')
        : `${t('calls.softphone.setupFailed')} ${errorMessage(setupError, t)}`;
  if (state.status === 'idle' && setupText === null) return null;
  return (
    <aside className="call-bar" aria-label={t('calls.softphone.label')}>
      {setupText !== null && <p className="notice notice--warning">{setupText}</p>}
      {state.call && (
        <div className="call-bar__call">
          <p role="status" aria-live="polite">
            <strong>{t(`calls.softphone.status.${state.status}`)}</strong> ·{' '}
            {state.call.maskedNumber} ·{' '}
            <Link to={`/cases/${state.call.caseId}`}>{state.call.caseReference}</Link>
            {softphone.mode === 'simulated' && (
              <span className="muted"> · {t('calls.softphone.simulated')}</span>
            )}
          </p>
          {state.error !== null && (
            <p className="notice notice--warning" role="alert">
              {softphone.mode === 'twilio' ? m('phoneError') : t('calls.softphone.hangUpFailed')}{' '}
              {errorMessage(state.error, t)}
            </p>
          )}
          {state.status === 'ended' ? (
            <button type="button" className="button" onClick={() => softphone.dismiss()}>
              {t('calls.softphone.dismiss')}
            </button>
          ) : (
            <button
              type="button"
              className="button button--danger"
              onClick={() => void softphone.hangUp()}
            >
              {t('calls.softphone.hangUp')}
            </button>
          )}
        </div>
      )}
    </aside>
  );
}

/** Supervisors: an urgent caller has waited too long; ring and show it until dismissed. */
function EscalationAlerts() {
  const { t } = useTranslation();
  const [alerts, setAlerts] = useState<TCallEscalated[]>([]);
  useSocketEvent('call.escalated', (payload) => {
    playAlertTone();
    setAlerts((list) => [payload, ...list.filter((a) => a.call.id !== payload.call.id)]);
  });
  // An alert is moot once the caller is answered or gone.
  useSocketEvent('call.updated', (call) => {
    if (call.status !== 'queued') setAlerts((list) => list.filter((a) => a.call.id !== call.id));
  });
  if (alerts.length === 0) return null;
  return (
    <div className="escalations" role="alert">
      {alerts.map(({ call, dutyPhoneOffered }) => (
        <p key={call.id} className="notice notice--error">
          {t('calls.escalation.text', { number: call.maskedNumber })}{' '}
          {dutyPhoneOffered && t('calls.escalation.dutyPhone')}{' '}
          <Link to="/">{t('calls.escalation.open')}</Link>{' '}
          <button
            type="button"
            className="button button--small"
            onClick={() => setAlerts((list) => list.filter((a) => a.call.id !== call.id))}
          >
            {t('calls.escalation.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}
