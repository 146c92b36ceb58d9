import type {
  TCreateReport,
  TCreateReportResponse,
  TOrgReporterProfile,
  TRegion,
} from '@hutong/shared';
import type { ApiClient } from '../../lib/api-client';

/** Sends a report; the same key on a retry returns the first answer instead of a second report. */
export function createReport(
  api: ApiClient,
  body: TCreateReport,
  idempotencyKey: string,
): Promise<TCreateReportResponse> {
  return api.request('createReport', { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** The whole region tree, flat, for the cascading picker. */
export async function listRegions(api: ApiClient): Promise<TRegion[]> {
  const { regions } = await api.request('listRegions');
  return regions;
}

/**
 * Whom a signed-in reporter files for; null for everyone else (signed out, staff, or the server
 * unreachable): the public form never waits on, or fails for, a sign-in it does not need.
 */
export async function loadFiledFor(api: ApiClient): Promise<TOrgReporterProfile | null> {
  try {
    return await api.request('orgProfile');
  } catch {
    return null;
  }
}
