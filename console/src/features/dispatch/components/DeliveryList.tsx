import type { TReferral } from '@hutong/shared';
import { useLanguage } from '../../../lib/use-language';
import { NOTIFICATION_CHANNEL_LABEL, deliveryStatusLabel } from '../labels';
import { useMessages } from '../../../lib/messages';
import { REFERRALS_MESSAGES } from '../messages';

/**
 * How the centre was told and whether it arrived: each SMS and call with its delivery status,
 * kept live by `referral.updated` (step `delivery`). The in-app ring is left out (always sent).
 */
export function DeliveryList({ referral }: { referral: TReferral }) {
  const m = useMessages(REFERRALS_MESSAGES);
  const [language] = useLanguage();
  const shown = referral.notifications.filter((n) => n.channel !== 'in_app');
  if (shown.length === 0) return null;
  return (
    <ul className="delivery-list" aria-label={m('delivery.label')}>
      {shown.map((n) => (
        <li key={n.id} data-testid="delivery">
          {NOTIFICATION_CHANNEL_LABEL[n.channel][language]}
          {n.contactLabel ? ` · ${n.contactLabel}` : ''}: {deliveryStatusLabel(n.status, language)}
        </li>
      ))}
    </ul>
  );
}
