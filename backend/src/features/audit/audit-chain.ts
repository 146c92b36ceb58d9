import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';

/**
 * The audit log's hash chain, checked from outside the database. The trigger `audit_log_chain`
 * (migration 0009_audit_hash_chain) writes each row's `prev_hash` and `hash`; this file recomputes
 * the same canonical text with Node's own sha256, so a tampered database function cannot vouch
 * for a tampered row. Keep the two in step.
 */

/** The `prev_hash` of the first row: there is nothing before it. */
export const AUDIT_CHAIN_GENESIS = '0'.repeat(64);

/** One row as the chain sees it: every field as the text PostgreSQL's own casts give. */
interface AuditChainRow {
  id: string;
  prevHash: string | null;
  hash: string | null;
  /** `at` in UTC to the microsecond: YYYY-MM-DDTHH:MI:SS.UUUUUUZ. */
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  caseId: string | null;
  /** The jsonb's canonical text (`data::text`). */
  data: string;
}

/** Where the chain breaks, and how. */
interface AuditChainBreak {
  /** The first row that does not check out. */
  id: number;
  /** The row before it, as stored now (null: it is the first). */
  previousId: number | null;
  /**
   * unchained: the row has no hash (written with the chain trigger off); altered: its content no
   * longer matches its hash; broken_link: it does not follow the row before it (a row between
   * was deleted or slipped in, or the row before was rewritten with a new hash); anchor: the
   * row recorded as an anchor is gone or has another hash (the chain was rewritten up to it).
   */
  problem: 'unchained' | 'altered' | 'broken_link' | 'anchor';
  message: string;
}

/** What a walk of the chain found: intact up to its head, or the first break. */
export type AuditChainReport =
  | { ok: true; rows: number; head: { id: number; hash: string } | null }
  | { ok: false; rows: number; broken: AuditChainBreak };

/** A hash recorded elsewhere earlier (`npm run verify-audit` prints the head to keep). */
export interface AuditChainAnchor {
  id: number;
  hash: string;
}

/** One field of the canonical text: its length in UTF-8 bytes, a colon and the text, or '-'. */
function field(value: string | null): string {
  return value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/** The hash a row must carry, given the hash of the row before it (as `audit_log_chain_hash`). */
function auditRowHash(prevHash: string, row: Omit<AuditChainRow, 'prevHash' | 'hash'>): string {
  const text = [
    prevHash,
    row.id,
    row.at,
    row.actorId,
    row.action,
    row.entityType,
    row.entityId,
    row.caseId,
    row.data,
  ]
    .map(field)
    .join('');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const BATCH = 1000;

/** The rows after `afterId`, oldest first, every field as text from built-in casts only. */
async function loadRows(exec: Executor, afterId: string): Promise<AuditChainRow[]> {
  const result: unknown = await exec.execute(sql`
    select id::text as id, prev_hash as "prevHash", hash,
      pg_catalog.to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
      actor_id::text as "actorId", action, entity_type as "entityType", entity_id as "entityId",
      case_id::text as "caseId", data::text as data
    from audit_log where audit_log.id > ${afterId}::bigint order by audit_log.id
    limit ${BATCH}`);
  // Ordered by the column, not the text alias of the same name. node-postgres and PGlite both
  // answer { rows }.
  return (result as { rows: AuditChainRow[] }).rows;
}

/**
 * Walks the whole audit log in id order and reports the first row that breaks the chain, or
 * the head when every link holds. With `anchor`, also proves the row recorded then still has
 * the hash recorded then. Reads in batches; ids and hashes only, never the rows' content.
 */
export async function verifyAuditChain(
  exec: Executor,
  options: { anchor?: AuditChainAnchor | undefined } = {},
): Promise<AuditChainReport> {
  let rows = 0;
  let previous: { id: number; hash: string } | null = null;
  let anchorSeen = false;
  const fail = (broken: Omit<AuditChainBreak, 'message'>, message: string): AuditChainReport => ({
    ok: false,
    rows,
    broken: { ...broken, message },
  });
  for (let after = '0'; ;) {
    const batch = await loadRows(exec, after);
    if (batch.length === 0) break;
    for (const row of batch) {
      const id = Number(row.id);
      const previousId = previous?.id ?? null;
      const where = { id, previousId };
      if (!row.hash || !row.prevHash) {
        return fail(
          { ...where, problem: 'unchained' },
          `row #${id} has no hash: it was written with the chain trigger off`,
        );
      }
      if (row.prevHash !== (previous?.hash ?? AUDIT_CHAIN_GENESIS)) {
        return fail(
          { ...where, problem: 'broken_link' },
          previous
            ? `row #${id} does not follow row #${previous.id}: a row between them was deleted or inserted, or row #${previous.id} was rewritten`
            : `row #${id} is first but does not start the chain: the rows before it were deleted`,
        );
      }
      if (auditRowHash(row.prevHash, row) !== row.hash) {
        return fail(
          { ...where, problem: 'altered' },
          `row #${id} was altered after it was written`,
        );
      }
      if (options.anchor && options.anchor.id === id) {
        if (options.anchor.hash !== row.hash) {
          return fail(
            { ...where, problem: 'anchor' },
            `row #${id} no longer has the anchored hash: the chain was rewritten up to it`,
          );
        }
        anchorSeen = true;
      }
      previous = { id, hash: row.hash };
      rows += 1;
    }
    after = batch.at(-1)!.id;
  }
  if (options.anchor && !anchorSeen) {
    return fail(
      { id: options.anchor.id, previousId: null, problem: 'anchor' },
      `row #${options.anchor.id}, the anchor, is missing: rows were deleted up to it`,
    );
  }
  return { ok: true, rows, head: previous };
}

/**
 * Whether the role the application signed in as could lift the audit log's triggers (it owns
 * the table, is a member of its owner, or is a superuser): a deployment to fix (README, two
 * database roles), not one to refuse, since single-role setups are still allowed.
 */
export async function canLiftAuditTriggers(exec: Executor): Promise<boolean> {
  const result: unknown = await exec.execute(sql`
    select r.rolsuper or pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE') as "can"
    from pg_catalog.pg_class c join pg_catalog.pg_roles r on r.rolname = current_user
    where c.oid = 'public.audit_log'::regclass`);
  return (result as { rows: { can: boolean }[] }).rows[0]?.can ?? true;
}
