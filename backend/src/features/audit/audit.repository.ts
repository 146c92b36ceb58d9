import type { Executor } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';

export interface AuditEntry {
  actorId: string | null;
  /** `<entity>.<verb>`: case.read, case.claimed, auth.login, auth.login_failed … */
  action: string;
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
