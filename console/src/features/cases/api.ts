import type {
  TAttachmentView,
  TCaseDetail,
  TCaseSummary,
  TCaseViewerList,
  TRelatedReport,
  TUserRef,
} from '@hutong/shared';
import type { ApiClient, BodyOf, QueryOf } from '../../lib/api-client';

/** One case with its reports and timeline (the server audits the read). */
export function getCase(api: ApiClient, id: string): Promise<TCaseDetail> {
  return api.request('getCase', { params: { id } });
}

/** Claims a case atomically; rejects with CASE_ALREADY_CLAIMED when someone else holds it. */
export function claimCase(api: ApiClient, id: string): Promise<TCaseSummary> {
  return api.request('claimCase', { params: { id } });
}

/** Gives a claimed case back to the queue. */
export function releaseCase(api: ApiClient, id: string): Promise<TCaseSummary> {
  return api.request('releaseCase', { params: { id } });
}

/** Saves the assessment on the version the operator was editing; a stale one is 409. */
export function updateCase(
  api: ApiClient,
  id: string,
  body: BodyOf<'updateCase'>,
): Promise<TCaseDetail> {
  return api.request('updateCase', { params: { id }, body });
}

/** Moves the case along the state machine; an illegal move is 409 ILLEGAL_TRANSITION. */
export function transitionCase(
  api: ApiClient,
  id: string,
  body: BodyOf<'transitionCase'>,
): Promise<TCaseDetail> {
  return api.request('transitionCase', { params: { id }, body });
}

/** Sets the risk level by hand, with a reason. */
export function overridePriority(
  api: ApiClient,
  id: string,
  body: BodyOf<'overridePriority'>,
): Promise<TCaseDetail> {
  return api.request('overridePriority', { params: { id }, body });
}

export function addNote(api: ApiClient, id: string, text: string): Promise<{ ok: true }> {
  return api.request('addNote', { params: { id }, body: { text } });
}

export function addAttachment(
  api: ApiClient,
  id: string,
  body: BodyOf<'addAttachment'>,
): Promise<TAttachmentView> {
  return api.request('addAttachment', { params: { id }, body });
}

/** Where an attachment downloads from (a plain link: the browser sends the session cookie). */
export function attachmentUrl(caseId: string, attachmentId: string): string {
  return `/api/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

export function relatedReports(api: ApiClient, id: string): Promise<TRelatedReport[]> {
  return api.request('relatedReports', { params: { id } }).then((r) => r.related);
}

export function mergeReport(api: ApiClient, id: string, reportId: string): Promise<TCaseDetail> {
  return api.request('mergeReport', { params: { id }, body: { reportId } });
}

export function splitReport(
  api: ApiClient,
  id: string,
  reportId: string,
): Promise<{ caseId: string; reference: string }> {
  return api.request('splitReport', { params: { id }, body: { reportId } });
}

export function listAssignees(api: ApiClient): Promise<TUserRef[]> {
  return api.request('listAssignees').then((r) => r.users);
}

export function reassignCase(
  api: ApiClient,
  id: string,
  assigneeId: string,
): Promise<TCaseSummary> {
  return api.request('reassignCase', { params: { id }, body: { assigneeId } });
}

export function searchCases(
  api: ApiClient,
  query: QueryOf<'searchCases'>,
): Promise<TCaseSummary[]> {
  return api.request('searchCases', { query }).then((r) => r.cases);
}

/** Who has the case open, with their names (the ids come live by `case.viewers.updated`). */
export function caseViewers(api: ApiClient, id: string): Promise<TCaseViewerList['viewers']> {
  return api.request('caseViewers', { params: { id } }).then((r) => r.viewers);
}
