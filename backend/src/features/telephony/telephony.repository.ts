import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { LIVE_CALL_STATUSES } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { callbackTasks, calls, cases, reports, users } from '../../db/schema.js';

export type CallRow = typeof calls.$inferSelect;
export type CallSummaryRow = CallRow & {
  answeredByName: string | null;
  caseReference: string | null;
};

const summaryColumns = {
  call: calls,
  answeredByName: users.displayName,
  caseReference: cases.reference,
};

function flatten(
  rows: Array<{ call: CallRow; answeredByName: string | null; caseReference: string | null }>,
): CallSummaryRow[] {
  return rows.map((r) => ({
    ...r.call,
    answeredByName: r.answeredByName,
    caseReference: r.caseReference,
  }));
}

export async function findCallBySid(exec: Executor, callSid: string): Promise<CallRow | undefined> {
  const [row] = await exec.select().from(calls).where(eq(calls.callSid, callSid)).limit(1);
  return row;
}

/** One call with what its summary shows. */
export async function findCallSummaryRow(
  exec: Executor,
  id: string,
): Promise<CallSummaryRow | undefined> {
  const rows = await exec
    .select(summaryColumns)
    .from(calls)
    .leftJoin(users, eq(users.id, calls.answeredBy))
    .leftJoin(cases, eq(cases.id, calls.caseId))
    .where(eq(calls.id, id));
  return flatten(rows)[0];
}

/** Calls still on the line: urgent first, then the longest waiting. */
export async function findLiveCallRows(exec: Executor): Promise<CallSummaryRow[]> {
  const rows = await exec
    .select(summaryColumns)
    .from(calls)
    .leftJoin(users, eq(users.id, calls.answeredBy))
    .leftJoin(cases, eq(cases.id, calls.caseId))
    // Check-in calls (outbound) are followed on the child's file, never in the hotline's queue.
    .where(and(inArray(calls.status, [...LIVE_CALL_STATUSES]), eq(calls.direction, 'inbound')))
    .orderBy(desc(calls.urgent), asc(calls.queuedAt), asc(calls.createdAt))
    .limit(500);
  return flatten(rows);
}

/** Open callback tasks, earliest deadline first, with the call they came from. */
export async function findOpenCallbackRows(exec: Executor) {
  return exec
    .select({ task: callbackTasks, call: calls })
    .from(callbackTasks)
    .innerJoin(calls, eq(calls.id, callbackTasks.callId))
    .where(and(isNull(callbackTasks.completedAt)))
    .orderBy(asc(callbackTasks.deadline))
    .limit(500);
}

/** One callback task with its call and the case its report reached (null before triage). */
export async function findCallbackRow(
  exec: Executor,
  by: { taskId: string } | { callId: string } | { reportId: string },
) {
  const [row] = await exec
    .select({ task: callbackTasks, call: calls, caseId: reports.caseId })
    .from(callbackTasks)
    .innerJoin(calls, eq(calls.id, callbackTasks.callId))
    .leftJoin(reports, eq(reports.id, callbackTasks.reportId))
    .where(
      'taskId' in by
        ? eq(callbackTasks.id, by.taskId)
        : 'callId' in by
          ? eq(callbackTasks.callId, by.callId)
          : eq(callbackTasks.reportId, by.reportId),
    )
    .limit(1);
  return row;
}
