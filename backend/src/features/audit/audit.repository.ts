import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { AuditAction, TAuditEntry } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { auditLog, cases, users } from '../../db/schema.js';

export interface AuditEntry {
  actorId: string | null;
  /** `<entity>.<verb>`, one of the shared AUDIT_ACTIONS (case.read, auth.login …). */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  caseId?: string | null;
  /** Ids and before/after values; never names, phone numbers or narrative. */
  data?: Record<string, unknown>;
}

/** Appends to the audit log, inside the caller's transaction when given one. */
export async function writeAudit(exec: Executor, entry: AuditEntry): Promise<void> {
  await exec.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    caseId: entry.caseId ?? null,
    data: entry.data ?? {},
  });
}

export interface AuditFilter {
  caseId?: string | undefined;
  userId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Entries older than this id (the previous page's last). */
  before?: number | undefined;
  limit: number;
}

/** Audit entries matching the filter, newest first, with actor names and case references. */
export async function findAuditEntries(
  exec: Executor,
  filter: AuditFilter,
): Promise<TAuditEntry[]> {
  const where: SQL[] = [];
  if (filter.caseId) where.push(eq(auditLog.caseId, filter.caseId));
  if (filter.userId) where.push(eq(auditLog.actorId, filter.userId));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.from) where.push(gte(auditLog.at, new Date(filter.from)));
  if (filter.to) where.push(lte(auditLog.at, new Date(filter.to)));
  if (filter.before) where.push(lt(auditLog.id, filter.before));
  const rows = await exec
    .select({
      entry: auditLog,
      actorName: users.displayName,
      caseReference: cases.reference,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(cases, eq(cases.id, auditLog.caseId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
  return rows.map(({ entry, actorName, caseReference }) => ({
    id: entry.id,
    at: entry.at.toISOString(),
    actor: entry.actorId ? { id: entry.actorId, displayName: actorName ?? '' } : null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    caseId: entry.caseId,
    caseReference: caseReference ?? null,
    data: entry.data,
  }));
}
