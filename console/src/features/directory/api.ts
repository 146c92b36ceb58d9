import type {
  TContactHistory,
  TCreateDirectoryEntry,
  TDirectory,
  TDirectoryEntry,
} from '@hutong/shared';
import type { ApiClient, BodyOf } from '../../lib/api-client';

/** The directory for an area (all areas without one), optionally narrowed by name. */
export function loadDirectory(
  api: ApiClient,
  query: { regionCode?: string; q?: string },
): Promise<TDirectory> {
  return api.request('directory', { query });
}

/** Adds a directory entry (admins). */
export function createDirectoryEntry(
  api: ApiClient,
  body: TCreateDirectoryEntry,
): Promise<TDirectoryEntry> {
  return api.request('createDirectoryEntry', { body });
}

/** Earlier contacts from a phone number (sent in the body, never in the URL). */
export function searchContactHistory(api: ApiClient, phone: string): Promise<TContactHistory> {
  return api.request('contactHistory', { body: { phone } });
}

/** Changes any of a directory entry's fields (admins); `active: false` hides it from use. */
export function updateDirectoryEntry(
  api: ApiClient,
  id: string,
  body: BodyOf<'updateDirectoryEntry'>,
): Promise<TDirectoryEntry> {
  return api.request('updateDirectoryEntry', { params: { id }, body });
}

/** Earlier contacts from the numbers a case's reporters gave (matched on the server, audited). */
export function caseContactHistory(api: ApiClient, caseId: string): Promise<TContactHistory> {
  return api.request('caseContactHistory', { params: { id: caseId } });
}
