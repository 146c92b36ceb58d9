import { eq, sql } from 'drizzle-orm';
import { AppError, can, type TCaseDetail } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { isDeadlock } from '../../db/errors.js';
import { cases } from '../../db/schema.js';
import type { Actor } from '../auth/sessions.js';
import type { CaseRow } from './cases.repository.js';
import { readCase } from './commands/read-case.js';

/** The case row locked for the rest of the transaction; 404 if there is none. */
export async function lockCase(exec: Executor, caseId: string): Promise<CaseRow> {
  const [row] = await exec.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
  return row;
}

/**
 * Changing a case, and reaching its reporter (SMS, lookup codes), is for its holder and for
 * supervisors: 403 CASE_NOT_HELD for anyone else.
 */
export function requireHolder(actor: Actor, row: CaseRow): void {
  if (row.assigneeId === actor.id || can(actor.role, 'cases.reassign')) return;
  throw new AppError('CASE_NOT_HELD', {
    message: row.assigneeId
      ? 'Another operator holds this case'
      : 'Claim this case before working on it',
  });
}

/** The case row (404 if there is none), checked to be held by the actor or a supervisor's. */
export async function requireHeldCase(
  exec: Executor,
  actor: Actor,
  caseId: string,
): Promise<CaseRow> {
  const [row] = await exec.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such case' });
  requireHolder(actor, row);
  return row;
}

/** Thrown inside a transaction when the client's version is stale; answered after rollback. */
class StaleVersion extends Error {
  constructor(readonly current: number) {
    super('stale version');
  }
}

/**
 * Runs a change to one case in a transaction: locks the row, checks who may change it and, when
 * the client sent one, its version (a stale one is 409 CASE_VERSION_CONFLICT carrying the case
 * as it is now), runs `afterCommit`, then answers with the case as changed (an audited read).
 */
export async function changeCase(
  ctx: Context,
  actor: Actor,
  caseId: string,
  options: {
    version?: number;
    holderOnly?: boolean;
    /** Work after the commit and before the answer is read; it must not throw. */
    afterCommit?: () => Promise<void>;
  },
  change: (tx: Tx, row: CaseRow) => Promise<void>,
): Promise<TCaseDetail> {
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await ctx.db.transaction(async (tx) => {
          const row = await lockCase(tx, caseId);
          if (options.holderOnly !== false) requireHolder(actor, row);
          if (options.version !== undefined && options.version !== row.version)
            throw new StaleVersion(row.version);
          await change(tx, row);
        });
        break;
      } catch (error) {
        // Two merges in opposite directions lock the same two cases in opposite orders; the
        // server aborts one of them, which simply runs again.
        if (attempt >= 3 || !isDeadlock(error)) throw error;
      }
    }
  } catch (error) {
    if (!(error instanceof StaleVersion)) throw error;
    const current = await readCase(ctx, actor, caseId);
    throw new AppError('CASE_VERSION_CONFLICT', {
      message: 'Someone changed this case after you opened it; review their changes and try again',
      data: { current },
    });
  }
  ctx.kickOutbox();
  await options.afterCommit?.();
  return readCase(ctx, actor, caseId);
}

/** The columns every change sets: a new version and the time. */
export function bumped(now = new Date()) {
  return { updatedAt: now, version: sql`${cases.version} + 1` };
}
