import { asc, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { orgApiKeys, reporterOrgs } from '../../db/schema.js';
import type { OrgApiKeyRow, OrgRow } from './orgs.presenter.js';

export async function findOrgs(exec: Executor): Promise<OrgRow[]> {
  return exec.select().from(reporterOrgs).orderBy(asc(reporterOrgs.name), asc(reporterOrgs.id));
}

/** One organisation, locked for update when inside a transaction that will change it. */
export async function findOrgForUpdate(exec: Executor, id: string): Promise<OrgRow | undefined> {
  const [row] = await exec.select().from(reporterOrgs).where(eq(reporterOrgs.id, id)).for('update');
  return row;
}

/** Every organisation's keys, grouped by organisation, newest first. */
export async function findKeysByOrg(exec: Executor): Promise<Map<string, OrgApiKeyRow[]>> {
  const rows = await exec.select().from(orgApiKeys).orderBy(desc(orgApiKeys.createdAt));
  const byOrg = new Map<string, OrgApiKeyRow[]>();
  for (const row of rows) byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row]);
  return byOrg;
}

export async function findOrgKeys(exec: Executor, orgId: string): Promise<OrgApiKeyRow[]> {
  return exec
    .select()
    .from(orgApiKeys)
    .where(eq(orgApiKeys.orgId, orgId))
    .orderBy(desc(orgApiKeys.createdAt));
}
