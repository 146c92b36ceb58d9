import type {
  TCheckinCall,
  TChildFile,
  TChildImportResult,
  TChildList,
  TCloseChild,
  TCreateChild,
  TCreateVisit,
  TListChildrenQuery,
  TRaiseChildRisk,
  TStartCheckinCall,
  TUpdateChild,
  TVisitRecorded,
} from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** The register in the user's scope, filtered and paged. */
export function listChildren(api: ApiClient, query: TListChildrenQuery): Promise<TChildList> {
  return api.request('listChildren', { query });
}

/** Registers a child; 409 CHILD_ALREADY_REGISTERED names the existing file in `data.childId`. */
export function registerChild(api: ApiClient, body: TCreateChild): Promise<{ id: string }> {
  return api.request('createChild', { body });
}

/**
 * A child's file (audited on the server, naming the case it was opened through: an operator's
 * only way to a file).
 */
export function loadChild(api: ApiClient, id: string, caseId?: string): Promise<TChildFile> {
  return api.request('getChild', { params: { id }, query: caseId ? { caseId } : {} });
}

/**
 * Records a visit. The key stays the same for every retry of one visit, so a submission that
 * reached the server before the answer was lost is recorded once.
 */
export function recordVisit(
  api: ApiClient,
  id: string,
  body: TCreateVisit,
  idempotencyKey: string,
): Promise<TVisitRecorded> {
  return api.request('createVisit', {
    params: { id },
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/**
 * A visit's photo (the image's bytes, with the session; audited on the server). An operator reads
 * it through the case the file was opened from, as the file itself.
 */
export function loadVisitPhoto(
  api: ApiClient,
  ids: { childId: string; visitId: string; photoId: string },
  caseId?: string,
): Promise<Blob> {
  return api.file('getVisitPhoto', {
    params: { id: ids.childId, visitId: ids.visitId, photoId: ids.photoId },
    query: caseId ? { caseId } : {},
  });
}

/** Changes a file's fields; send only what changed. */
export function updateChild(api: ApiClient, id: string, body: TUpdateChild): Promise<TChildFile> {
  return api.request('updateChild', { params: { id }, body });
}

/** Closes a file with a reason (never deleted). */
export function closeChild(api: ApiClient, id: string, body: TCloseChild): Promise<TChildFile> {
  return api.request('closeChild', { params: { id }, body });
}

/** Raises the risk level above the rules' level, with a reason. */
export function raiseChildRisk(
  api: ApiClient,
  id: string,
  body: TRaiseChildRisk,
): Promise<TChildFile> {
  return api.request('raiseChildRisk', { params: { id }, body });
}

/**
 * A register file (CSV text) imported all or nothing; `dryRun` checks it and writes nothing. A
 * 400 lists every problem with its line in `error.data.problems`.
 */
export function importChildren(
  api: ApiClient,
  csv: string,
  dryRun: boolean,
): Promise<TChildImportResult> {
  return api.request('importChildren', { body: csv, query: { dryRun: dryRun ? 'true' : 'false' } });
}

/** Starts a check-in call (回访): Twilio rings the staff member, then dials the guardian. */
export function startCheckinCall(
  api: ApiClient,
  id: string,
  body: TStartCheckinCall,
): Promise<TCheckinCall> {
  return api.request('startCheckinCall', { params: { id }, body });
}

/** Where a check-in call is now (polled while it lasts). */
export function loadCheckinCall(api: ApiClient, id: string, callId: string): Promise<TCheckinCall> {
  return api.request('getCheckinCall', { params: { id, callId } });
}
