import type {
  TCentreSuggestions,
  TClosureCheck,
  TInbox,
  TLookupCodes,
  TReferral,
  TReferralDetail,
  TReferralList,
} from '@hutong/shared';
import type { ApiClient, BodyOf, ResponseOf } from '../../lib/api-client';

/** Centres suggested for a case: jurisdiction first, then the region above, police for 1–8. */
export function suggestCentres(api: ApiClient, caseId: string): Promise<TCentreSuggestions> {
  return api.request('suggestCentres', { params: { id: caseId } });
}

/** Every centre (the referral form offers the active ones beyond the suggestions). */
export function listCentres(api: ApiClient): Promise<ResponseOf<'listCentres'>> {
  return api.request('listCentres');
}

/** The referrals of one case, oldest first. */
export function listCaseReferrals(api: ApiClient, caseId: string): Promise<TReferralList> {
  return api.request('listCaseReferrals', { params: { id: caseId } });
}

/**
 * Refers a case to a centre; `replaces` re-routes a declined or revoked referral. Sent again with
 * the same `idempotencyKey` after an unknown outcome, it answers the referral already made.
 */
export function createReferral(
  api: ApiClient,
  caseId: string,
  body: BodyOf<'createReferral'>,
  idempotencyKey: string,
): Promise<TReferral> {
  return api.request('createReferral', {
    params: { id: caseId },
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** The centre's own referrals (centre staff) or the open ones (operators), with triage facts. */
export function listReferrals(api: ApiClient): Promise<TInbox> {
  return api.request('listReferrals');
}

/** What a centre needs to act on one referral (an audited read). */
export function getReferral(api: ApiClient, id: string): Promise<TReferralDetail> {
  return api.request('getReferral', { params: { id } });
}

/** Moves a referral along its state machine. */
export function updateReferral(
  api: ApiClient,
  id: string,
  body: BodyOf<'updateReferral'>,
): Promise<TReferral> {
  return api.request('updateReferral', { params: { id }, body });
}

/** What still blocks resolving the case. */
export function closureCheck(api: ApiClient, caseId: string): Promise<TClosureCheck> {
  return api.request('closureCheck', { params: { id: caseId } });
}

/** Records the callback to the reporter (回访): done, or waived with a reason. */
export function recordCallback(
  api: ApiClient,
  caseId: string,
  body: BodyOf<'recordCallback'>,
): Promise<TClosureCheck> {
  return api.request('recordCallback', { params: { id: caseId }, body });
}

/** The lookup codes of the case's phone and SMS reports, to read to a caller (issued if need be). */
export function issueLookupCodes(api: ApiClient, caseId: string): Promise<TLookupCodes> {
  return api.request('issueLookupCodes', { params: { id: caseId } });
}

/** Attaches a photo or PDF to the centre's outcome of a referral (centre staff). */
export function addOutcomeAttachment(
  api: ApiClient,
  referralId: string,
  body: BodyOf<'addOutcomeAttachment'>,
): Promise<ResponseOf<'addOutcomeAttachment'>> {
  return api.request('addOutcomeAttachment', { params: { id: referralId }, body });
}

/** The messages on a referral between the centre and the hotline, oldest first (an audited read). */
export function listReferralMessages(
  api: ApiClient,
  referralId: string,
): Promise<ResponseOf<'listReferralMessages'>> {
  return api.request('listReferralMessages', { params: { id: referralId } });
}

/** Sends a message on a live referral, for the centre or for the hotline (by the sender's role). */
export function postReferralMessage(
  api: ApiClient,
  referralId: string,
  body: BodyOf<'postReferralMessage'>,
): Promise<ResponseOf<'postReferralMessage'>> {
  return api.request('postReferralMessage', { params: { id: referralId }, body });
}
