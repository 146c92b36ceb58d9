import { and, desc, eq, gte, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditAction, TAuditEntry } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { auditLog, cases, centres, reporterOrgs, users } from '../../db/schema.js';

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

/** A repeated read of the same record by the same person within this many seconds is not written again. */
export const READ_FOLD_WINDOW_SECONDS = 5 * 60;

/** The lock the chain trigger takes (migration 0009): one chained insert at a time, on every node. */
const AUDIT_CHAIN_LOCK = 727102;

/** Reads (`case.read`, `case.sms.read`, `referral.read` …): the actions that are folded. */
function isFoldedRead(action: AuditAction): boolean {
  return action.endsWith('.read');
}

/**
 * Appends to the audit log, inside the caller's transaction when given one: the application's
 * one writer. The database chains the row to the one before (trigger `audit_log_chain`), holding
 * a lock until the transaction ends, so write the audit row last in a transaction (and only in
 * READ COMMITTED ones, the default; the trigger refuses others).
 *
 * A read (see `isFoldedRead`) is not written when the same person's previous read of the same
 * record, with the same details, is less than `READ_FOLD_WINDOW_SECONDS` old: a case left open
 * re-reads itself on every update, and sixteen identical rows say no more than one. Returns
 * whether a row was written.
 */
export async function writeAudit(exec: Executor, entry: AuditEntry): Promise<boolean> {
  const row = {
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    caseId: entry.caseId ?? null,
    data: entry.data ?? {},
  };
  if (!row.actorId || !isFoldedRead(row.action)) {
    await exec.insert(auditLog).values(row);
    return true;
  }
  const actorId = row.actorId;
  // Decided by the database, under the chain's own lock: a read committed by another node a
  // moment ago is seen (the check below takes a fresh snapshot after the lock, as the trigger
  // does), and two nodes cannot both find "no recent read" and both write.
  return exec.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [previous] = await tx
      .select({ same: sql<boolean>`${auditLog.data} = ${JSON.stringify(row.data)}::jsonb` })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.actorId, actorId),
          sql`${auditLog.at} > clock_timestamp() - make_interval(secs => ${READ_FOLD_WINDOW_SECONDS})`,
          eq(auditLog.action, row.action),
          eq(auditLog.entityType, row.entityType),
          row.entityId === null ? isNull(auditLog.entityId) : eq(auditLog.entityId, row.entityId),
          row.caseId === null ? isNull(auditLog.caseId) : eq(auditLog.caseId, row.caseId),
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(1);
    if (previous?.same) return false;
    await tx.insert(auditLog).values(row);
    return true;
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
      actorUsername: users.username,
      caseReference: cases.reference,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(cases, eq(cases.id, auditLog.caseId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
  return rows.map(({ entry, actorName, actorUsername, caseReference }) => ({
    id: entry.id,
    at: entry.at.toISOString(),
    actor: entry.actorId
      ? { id: entry.actorId, displayName: actorName ?? '', username: actorUsername ?? '' }
      : null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    caseId: entry.caseId,
    caseReference: caseReference ?? null,
    data: entry.data,
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id-looking string in audit details, however deep. */
function idsIn(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') {
    if (UUID.test(value)) into.add(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) idsIn(v, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) idsIn(v, into);
  }
  return into;
}

/**
 * The names of the people (display name), rescue centres and reporting organisations that the
 * entries' details name by id, so that a reader sees "张伟" and a centre's name, not a UUID.
 * Staff and institutions only: a child's or reporter's details are never in an audit row.
 */
export async function namesInAudit(
  db: Executor,
  entries: readonly Pick<TAuditEntry, 'data'>[],
): Promise<Record<string, string>> {
  const ids = [
    ...idsIn(
      entries.map((e) => e.data),
      new Set<string>(),
    ),
  ];
  if (ids.length === 0) return {};
  const [people, centreRows, orgRows] = await Promise.all([
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)),
    db.select({ id: centres.id, name: centres.name }).from(centres).where(inArray(centres.id, ids)),
    db
      .select({ id: reporterOrgs.id, name: reporterOrgs.name })
      .from(reporterOrgs)
      .where(inArray(reporterOrgs.id, ids)),
  ]);
  return Object.fromEntries([...people, ...centreRows, ...orgRows].map((r) => [r.id, r.name]));
}
