import { and, desc, eq, isNull, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { centres, reporterOrgs, webhookDeliveries, webhookEndpoints } from '../../db/schema.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect & {
  orgName: string | null;
  centreName: string | null;
};
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** Whose endpoints an actor may see: all (the line's admins) or one organisation's. */
export type EndpointScope = { kind: 'all' } | { kind: 'org'; orgId: string };

function scopeFilter(scope: EndpointScope): SQL | undefined {
  return scope.kind === 'all' ? undefined : eq(webhookEndpoints.orgId, scope.orgId);
}

function selectEndpoints(exec: Executor) {
  return exec
    .select({
      endpoint: webhookEndpoints,
      orgName: reporterOrgs.name,
      centreName: centres.name,
    })
    .from(webhookEndpoints)
    .leftJoin(reporterOrgs, eq(reporterOrgs.id, webhookEndpoints.orgId))
    .leftJoin(centres, eq(centres.id, webhookEndpoints.centreId));
}

/** The endpoints in scope that are not deleted, newest first. */
export async function findEndpoints(exec: Executor, scope: EndpointScope): Promise<EndpointRow[]> {
  const rows = await selectEndpoints(exec)
    .where(and(isNull(webhookEndpoints.deletedAt), scopeFilter(scope)))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map((r) => ({ ...r.endpoint, orgName: r.orgName, centreName: r.centreName }));
}

/** One endpoint in scope (not deleted), or undefined: out of scope looks like absent. */
export async function findEndpoint(
  exec: Executor,
  scope: EndpointScope,
  id: string,
): Promise<EndpointRow | undefined> {
  const [row] = await selectEndpoints(exec).where(
    and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt), scopeFilter(scope)),
  );
  return row && { ...row.endpoint, orgName: row.orgName, centreName: row.centreName };
}

/** Active endpoints subscribed to an event, of the line or of the given organisation or centre. */
export async function findSubscribers(
  exec: Executor,
  event: string,
  owner: { orgId?: string | null; centreId?: string | null },
): Promise<(typeof webhookEndpoints.$inferSelect)[]> {
  const rows = await exec
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        isNull(webhookEndpoints.deletedAt),
        isNull(webhookEndpoints.disabledAt),
        or(
          and(isNull(webhookEndpoints.orgId), isNull(webhookEndpoints.centreId)),
          owner.orgId ? eq(webhookEndpoints.orgId, owner.orgId) : undefined,
          owner.centreId ? eq(webhookEndpoints.centreId, owner.centreId) : undefined,
        ),
      ),
    );
  return rows.filter((r) => r.events.includes(event));
}

/** The latest deliveries of an endpoint. */
export async function findDeliveries(
  exec: Executor,
  endpointId: string,
  limit = 200,
): Promise<DeliveryRow[]> {
  return exec
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}
