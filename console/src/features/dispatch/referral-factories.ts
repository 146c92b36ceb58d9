import type { TCentre, TReferral, TReferralChanged } from '@hutong/shared';
import { uuid } from '../../test/factories';

/** A centre with sensible defaults (tests only). */
export function buildCentre(overrides: Partial<TCentre> = {}): TCentre {
  return {
    id: uuid(),
    name: '广州市未成年人救助保护中心',
    kind: 'county_rescue_centre',
    region: { code: '440100', name: '广州市', path: ['广东省', '广州市'] },
    jurisdiction: [{ code: '440100', name: '广州市', path: ['广东省', '广州市'] }],
    dutyContacts: [{ label: 'Duty officer', phone: '+862000000001', sms: true }],
    active: true,
    ...overrides,
  };
}

/** A pending referral with sensible defaults (tests only). */
export function buildReferral(overrides: Partial<TReferral> = {}): TReferral {
  const id = overrides.id ?? uuid();
  return {
    id,
    caseId: uuid(),
    caseReference: `HT-${id.slice(-4)}-REF`,
    priority: 'P2',
    centre: { id: uuid(), name: '广州市未成年人救助保护中心', kind: 'county_rescue_centre' },
    status: 'pending',
    ackDeadline: new Date(Date.now() + 60 * 60_000).toISOString(),
    escalationLevel: 0,
    acknowledgedAt: null,
    acknowledgedVia: null,
    reason: null,
    outcome: null,
    replacesId: null,
    reroutedToId: null,
    createdBy: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    version: 1,
    notifications: [],
    ...overrides,
  };
}

/** A `referral.created` / `referral.updated` socket payload. */
export function buildReferralChange(seq: number, referral: TReferral): TReferralChanged {
  return { seq, referral, step: 'status' };
}
