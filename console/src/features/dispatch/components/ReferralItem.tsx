import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessages } from '../../../lib/messages';
import { REFERRALS_MESSAGES } from '../messages';
import { REFERRAL_STATUS_ACTORS, REFERRAL_TRANSITIONS, can } from '@hutong/shared';
import type { Role, TReferral } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { updateReferral } from '../api';
import { CENTRE_KIND_LABEL } from '../labels';
import { useLabel } from '../../../lib/messages';
import { referralErrorMessage } from '../referral-errors';
import { useLanguage } from '../../../lib/use-language';
import { AckCountdown, ReferralFacts, ReferralStatusBadge } from './ReferralFacts';
import { DeliveryList } from './DeliveryList';
import { ReferralMessages } from './ReferralMessages';

/** One referral on the case view, with cancel (operator), revoke and re-route (supervisor). */
export function ReferralItem({
  referral,
  now,
  role,
  canAct,
  onChanged,
  onReroute,
}: {
  referral: TReferral;
  now: number;
  role: Role;
  canAct: boolean;
  onChanged: (referral: TReferral) => void;
  onReroute: () => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(REFERRALS_MESSAGES);
  const api = useApi();
  const label = useLabel();
  const [language] = useLanguage();
  const id = useId();
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const moves = REFERRAL_TRANSITIONS[referral.status];
  const kind = role === 'supervisor' ? 'supervisor' : role === 'operator' ? 'operator' : null;
  const may = (to: 'cancelled' | 'revoked') =>
    canAct && kind !== null && moves.includes(to) && REFERRAL_STATUS_ACTORS[to].includes(kind);
  const mayReroute =
    canAct &&
    can(role, 'referrals.create') &&
    (referral.status === 'declined' || referral.status === 'revoked') &&
    referral.reroutedToId === null;

  const move = async (status: 'cancelled' | 'revoked', why?: string) => {
    setBusy(true);
    setMessage(null);
    try {
      onChanged(
        await updateReferral(api, referral.id, { status, ...(why ? { reason: why } : {}) }),
      );
      setRevoking(false);
      setReason('');
    } catch (error) {
      setMessage(referralErrorMessage(error, t, language));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="referral" aria-labelledby={`${id}-name`} data-testid="referral">
      <p className="referral__head">
        <strong id={`${id}-name`}>{referral.centre.name}</strong>{' '}
        <span className="muted">{label(CENTRE_KIND_LABEL[referral.centre.kind])}</span>{' '}
        <ReferralStatusBadge referral={referral} /> <AckCountdown referral={referral} now={now} />
      </p>
      <ReferralFacts referral={referral} />
      <DeliveryList referral={referral} />
      {referral.reroutedToId && <p className="muted">{m('rerouted')}</p>}
      <div className="actions">
        {may('cancelled') && (
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            onClick={() => void move('cancelled')}
          >
            {m('cancel')}
          </button>
        )}
        {may('revoked') && !revoking && (
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={() => setRevoking(true)}
          >
            {m('revoke')}
          </button>
        )}
        {mayReroute && (
          <button type="button" className="button button--small" onClick={onReroute}>
            {m('reroute')}
          </button>
        )}
      </div>
      {revoking && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!reason.trim()) {
              setMessage(m('errors.reason'));
              return;
            }
            void move('revoked', reason.trim());
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-reason`}>{m('revokeReason')}</label>
            <textarea
              id={`${id}-reason`}
              value={reason}
              maxLength={1000}
              rows={2}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button button--small" disabled={busy}>
              {m('confirmRevoke')}
            </button>
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => setRevoking(false)}
            >
              {m('keep')}
            </button>
          </div>
        </form>
      )}
      {message && (
        <p className="notice notice--error" role="alert">
          {message}
        </p>
      )}
      <ReferralMessages
        referralId={referral.id}
        centreName={referral.centre.name}
        side="hotline"
        canWrite={canAct && can(role, 'referrals.update')}
      />
    </li>
  );
}
