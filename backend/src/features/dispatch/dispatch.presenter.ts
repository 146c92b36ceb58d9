import type { CentreKind, TNotification, TReferral, TReferralMessage } from '@hutong/shared';
import type { NotificationRow, ReferralJoinedRow } from './dispatch.repository.js';
import { openText } from '../privacy/case-content.js';
import type { ReferralMessageJoinedRow } from './referral-messages.repository.js';

function presentNotification(row: NotificationRow): TNotification {
  return {
    id: row.id,
    channel: row.channel,
    contactLabel: row.contactLabel,
    purpose: row.purpose,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A referral without child or reporter data: safe for the centre's room and the operators'. */
export function presentReferral(row: ReferralJoinedRow, sent: NotificationRow[]): TReferral {
  const r = row.referral;
  return {
    id: r.id,
    caseId: r.caseId,
    caseReference: row.caseReference,
    priority: r.priority,
    centre: { id: r.centreId, name: row.centreName, kind: row.centreKind as CentreKind },
    status: r.status,
    ackDeadline: r.ackDeadline?.toISOString() ?? null,
    escalationLevel: r.escalationLevel,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    acknowledgedVia: r.acknowledgedVia ?? null,
    reason: r.reason,
    outcome: r.outcome ? { ...r.outcome, notes: openText(r.outcome.notes) ?? '' } : null,
    replacesId: r.replacesId,
    reroutedToId: r.reroutedToId,
    createdBy:
      r.createdBy && row.creatorName ? { id: r.createdBy, displayName: row.creatorName } : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
    notifications: sent.map(presentNotification),
  };
}

/** A message on a referral, its body decrypted (for the two sides of that referral only). */
export function presentReferralMessage(row: ReferralMessageJoinedRow): TReferralMessage {
  const m = row.message;
  return {
    id: m.id,
    referralId: m.referralId,
    side: m.side,
    author: m.authorId && row.authorName ? { id: m.authorId, displayName: row.authorName } : null,
    body: openText(m.body) ?? '',
    createdAt: m.createdAt.toISOString(),
  };
}
