import {
  and,
  asc,
  count,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  or,
  sql,
} from 'drizzle-orm';
import {
  FINAL_REFERRAL_STATUSES,
  OPEN_CASE_STATUSES,
  PRIORITIES,
  type Priority,
  type TBoardReferral,
} from '@hutong/shared';
import { overdueClaim } from '../cases/cases.repository.js';
import type { Executor } from '../../db/client.js';
import { callbackTasks, calls, cases, centres, referrals } from '../../db/schema.js';

/** Open cases by priority, how many nobody holds, and how many each person holds. */
export async function countOpenCases(exec: Executor) {
  const open = inArray(cases.status, [...OPEN_CASE_STATUSES]);
  const byPriority = await exec
    .select({ priority: cases.priority, n: count() })
    .from(cases)
    .where(open)
    .groupBy(cases.priority);
  const [unclaimed] = await exec
    .select({ n: count() })
    .from(cases)
    .where(and(open, isNull(cases.assigneeId)));
  const holding = await exec
    .select({ userId: cases.assigneeId, n: count() })
    .from(cases)
    .where(and(open, isNotNull(cases.assigneeId)))
    .groupBy(cases.assigneeId);
  const priorities = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  for (const row of byPriority) priorities[row.priority] = row.n;
  return {
    open: byPriority.reduce((sum, row) => sum + row.n, 0),
    byPriority: priorities,
    unclaimed: unclaimed?.n ?? 0,
    holding: new Map(holding.map((row) => [row.userId!, row.n])),
  };
}

export async function countOverdueClaims(exec: Executor, now: Date): Promise<number> {
  const [row] = await exec.select({ n: count() }).from(cases).where(overdueClaim(now));
  return row?.n ?? 0;
}

/**
 * Cases claimed since `since` (by claiming, being assigned or taken), and how many were claimed
 * after their claim deadline. Read from the cases, not from what is overdue now: a late claim
 * leaves the overdue list the moment it happens.
 */
export async function countClaimsSince(exec: Executor, since: Date) {
  const [row] = await exec
    .select({
      claimed: count(),
      late: sql<number>`count(*) filter (where ${cases.claimedAt} > ${cases.claimDeadline})::int`,
    })
    .from(cases)
    .where(gte(cases.claimedAt, since));
  const claimed = row?.claimed ?? 0;
  const late = row?.late ?? 0;
  return { claimed, inTime: claimed - late, late };
}

/** Referrals past their acknowledgement deadline, or escalated and not yet finished. */
function needsAttention(now: Date) {
  return or(
    and(eq(referrals.status, 'pending'), lt(referrals.ackDeadline, now)),
    and(
      gt(referrals.escalationLevel, 0),
      notInArray(referrals.status, [...FINAL_REFERRAL_STATUSES]),
    ),
  );
}

export async function findReferralsNeedingAttention(
  exec: Executor,
  now: Date,
  limit: number,
): Promise<{ rows: TBoardReferral[]; total: number; awaitingAck: number }> {
  const rows = await exec
    .select({
      id: referrals.id,
      caseId: referrals.caseId,
      caseReference: cases.reference,
      centreId: centres.id,
      centreName: centres.name,
      priority: referrals.priority,
      status: referrals.status,
      ackDeadline: referrals.ackDeadline,
      escalationLevel: referrals.escalationLevel,
    })
    .from(referrals)
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .innerJoin(centres, eq(centres.id, referrals.centreId))
    .where(needsAttention(now))
    .orderBy(asc(referrals.priority), asc(referrals.ackDeadline))
    .limit(limit);
  const [total] = await exec.select({ n: count() }).from(referrals).where(needsAttention(now));
  const [awaiting] = await exec
    .select({ n: count() })
    .from(referrals)
    .where(eq(referrals.status, 'pending'));
  return {
    rows: rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      caseReference: r.caseReference,
      centre: { id: r.centreId, name: r.centreName },
      priority: r.priority,
      status: r.status,
      ackDeadline: r.ackDeadline?.toISOString() ?? null,
      escalationLevel: r.escalationLevel,
    })),
    total: total?.n ?? 0,
    awaitingAck: awaiting?.n ?? 0,
  };
}

/** Callers waiting in a queue now: how many, how many urgent, since when the longest. */
export async function countWaitingCalls(exec: Executor) {
  const [row] = await exec
    .select({
      waiting: count(),
      urgent: sql<number>`count(*) filter (where ${calls.urgent})::int`,
      oldest: sql<Date | null>`min(${calls.queuedAt})`,
    })
    .from(calls)
    .where(eq(calls.status, 'queued'));
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { waiting: row?.waiting ?? 0, urgent: row?.urgent ?? 0, oldestQueuedAt: oldest };
}

/** The answer service level over the last day, for callers who reached a queue. */
export async function callStatsSince(exec: Executor, since: Date) {
  const [row] = await exec
    .select({
      queued: count(),
      answered: sql<number>`count(${calls.answeredAt})::int`,
      answeredWithin15s: sql<number>`count(*) filter (where ${calls.answeredAt} <= ${calls.queuedAt} + interval '15 seconds')::int`,
      abandoned: sql<number>`count(*) filter (where ${calls.status} = 'abandoned')::int`,
    })
    .from(calls)
    .where(gte(calls.queuedAt, since));
  return {
    queued: row?.queued ?? 0,
    answered: row?.answered ?? 0,
    answeredWithin15s: row?.answeredWithin15s ?? 0,
    abandoned: row?.abandoned ?? 0,
  };
}

export async function countOpenCallbacks(exec: Executor, now: Date) {
  const [row] = await exec
    .select({
      open: count(),
      overdue: sql<number>`count(*) filter (where ${callbackTasks.deadline} < ${now})::int`,
    })
    .from(callbackTasks)
    .where(isNull(callbackTasks.completedAt));
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
}
