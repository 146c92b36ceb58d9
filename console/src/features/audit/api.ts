import type { Language, TAuditPage, TAuditQuery } from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** What the audit view filters by (ISO datetimes for the time range). */
export type AuditFilter = Pick<TAuditQuery, 'caseId' | 'userId' | 'action' | 'from' | 'to'>;

/** One page of the audit log, newest first; pass `before` from the previous page's nextBefore. */
export function listAudit(
  api: ApiClient,
  filter: AuditFilter,
  before?: number,
): Promise<TAuditPage> {
  return api.request('listAudit', {
    query: { ...filter, ...(before === undefined ? {} : { before }) },
  });
}

function search(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value);
  }
  return search.toString();
}

/**
 * The CSV download of the same filter (a plain link: the browser sends the session cookie), in
 * the reader's language: actions and details in words, times in Beijing time.
 */
export function auditCsvUrl(filter: AuditFilter, lang: Language): string {
  return `/api/audit?${search({ ...filter, format: 'csv', lang })}`;
}

/**
 * Where a case export downloads from; the server audits every one. The printable page is in
 * `lang` (the reader's language); the JSON is for machines and has none.
 */
export function caseExportUrl(
  caseId: string,
  format: 'json' | 'html',
  reporterIdentity: 'withhold' | 'include',
  lang?: Language,
): string {
  const query = search({ format, reporterIdentity, lang: format === 'html' ? lang : undefined });
  return `/api/cases/${encodeURIComponent(caseId)}/export?${query}`;
}
