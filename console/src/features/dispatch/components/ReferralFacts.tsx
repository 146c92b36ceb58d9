import { useTranslation } from 'react-i18next';
import { useMessages } from '../../../lib/messages';
import { REFERRALS_MESSAGES } from '../messages';
import type { TReferral, TReferralOutcome } from '@hutong/shared';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { DeadlineCountdown } from '../../cases/components/DeadlineCountdown';
import { OUTCOME_ACTION_LABEL, REFERRAL_STATUS_LABEL } from '../labels';
import { useLabel } from '../../../lib/messages';

/** A referral's status as a labelled badge. */
export function ReferralStatusBadge({ referral }: { referral: TReferral }) {
  const label = useLabel();
  return (
    <span className={`badge referral-status referral-status--${referral.status}`}>
      {label(REFERRAL_STATUS_LABEL[referral.status])}
    </span>
  );
}

/** Time left to acknowledge while the centre still owes it; nothing once acknowledged. */
export function AckCountdown({ referral, now }: { referral: TReferral; now: number }) {
  const m = useMessages(REFERRALS_MESSAGES);
  if (referral.status !== 'pending' || !referral.ackDeadline) return null;
  return (
    <span className="referral-ack">
      {m('ackBy')} <DeadlineCountdown deadline={referral.ackDeadline} now={now} />
    </span>
  );
}

/** Escalation level, acknowledgement, reason: the facts beside the status. */
export function ReferralFacts({ referral }: { referral: TReferral }) {
  const m = useMessages(REFERRALS_MESSAGES);
  const [language] = useLanguage();
  return (
    <dl className="referral-facts">
      {referral.escalationLevel > 0 && (
        <>
          <dt>{m('escalation')}</dt>
          <dd className="referral-escalated">
            {m('escalationLevel', { level: String(referral.escalationLevel) })}
          </dd>
        </>
      )}
      {referral.acknowledgedAt && (
        <>
          <dt>{m('acknowledged')}</dt>
          <dd>
            {formatDateTime(referral.acknowledgedAt, language)}
            {referral.acknowledgedVia === 'phone' ? ` (${m('viaPhone')})` : ''}
          </dd>
        </>
      )}
      {referral.reason && (
        <>
          <dt>{referral.status === 'revoked' ? m('revokeReason') : m('declineReason')}</dt>
          <dd>{referral.reason}</dd>
        </>
      )}
      {referral.outcome && (
        <>
          <dt>{m('outcomeHeading')}</dt>
          <dd>
            <OutcomeSummary outcome={referral.outcome} />
          </dd>
        </>
      )}
    </dl>
  );
}

/** What the centre recorded it did. */
export function OutcomeSummary({ outcome }: { outcome: TReferralOutcome }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <>
      {outcome.actions
        .map((action) => label(OUTCOME_ACTION_LABEL[action]))
        .join(t('list.separator'))}
      {' · '}
      {outcome.date}
      {outcome.notes ? ` · ${outcome.notes}` : ''}
    </>
  );
}
