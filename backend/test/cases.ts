import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TCreateReport } from '@hutong/shared';
import { reports } from '../src/db/schema.js';
import { buildReport } from './factories.js';
import { eventually, request } from './http.js';
import type { TestServer } from './server.js';

export interface FiledReport {
  reportId: string;
  reference: string;
  lookupCode: string;
  /** The case triage put the report in. */
  caseId: string;
}

/**
 * Files a web report — about a child of its own unless `overrides` names one, so it is never
 * linked to another test's case — and waits until triage has put it in a case.
 */
export async function fileReport(
  server: TestServer,
  overrides: Partial<TCreateReport> = {},
  cookie?: string,
): Promise<FiledReport> {
  const res = await request(server.url, '/api/reports', {
    body: buildReport({
      children: [{ name: `儿童${randomUUID().slice(0, 8)}`, age: 9 }],
      ...overrides,
    }),
    ...(cookie ? { cookie } : {}),
  });
  expect(res.status).toBe(201);
  const reportId = res.body.id as string;
  const caseId = await eventually(async () => {
    const [row] = await server.database.db
      .select({ caseId: reports.caseId })
      .from(reports)
      .where(eq(reports.id, reportId));
    return row?.caseId ?? undefined;
  });
  return {
    reportId,
    reference: res.body.reference as string,
    lookupCode: res.body.lookupCode as string,
    caseId,
  };
}

/** `fileReport`, then claims its case as the holder of `claimer` (a session cookie). */
export async function claimedCase(
  server: TestServer,
  claimer: string,
  overrides: Partial<TCreateReport> = {},
): Promise<FiledReport & { version: number }> {
  const filed = await fileReport(server, overrides);
  const claim = await request(server.url, `/api/cases/${filed.caseId}/claim`, {
    method: 'POST',
    cookie: claimer,
  });
  expect(claim.status).toBe(200);
  return { ...filed, version: claim.body.version as number };
}
