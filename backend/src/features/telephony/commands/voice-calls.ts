import { and, eq, inArray, sql } from 'drizzle-orm';
import { isCallStatusAdvance, isFinalCallStatus, type MenuDecision } from '@hutong/ivr';
import {
  CALL_TRANSITIONS,
  JobName,
  QueueName,
  type CallStatus,
  type CallbackKind,
  type CallOption,
  type SituationCategory,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { callbackTasks, calls } from '../../../db/schema.js';
import { decryptText, encryptText } from '../../../lib/crypto.js';
import { scaledMs } from '../../../lib/clock.js';
import { insertReport } from '../../intake/commands/create-report.js';
import { outboxJob } from '../../outbox/outbox.js';
import { phoneHash, sealReporter } from '../../privacy/reporter-identity.js';
import { startWrapUp } from '../../presence/presence-status.js';
import {
  findCallBySid,
  findCallSummaryRow,
  findCallbackRow,
  type CallRow,
} from '../telephony.repository.js';
import { presentCall, presentCallbackTask, readKeys } from '../telephony.presenter.js';

/** Seconds an urgent caller waits before the supervisors ring and the duty phone is tried. */
const URGENT_ESCALATE_AFTER_SECONDS = 30;
/** How soon a caller who left the queue must be called back. */
const CALLBACK_WITHIN_SECONDS = 15 * 60;

/** Statuses a call may move to `target` from (CALL_TRANSITIONS read backwards). */
function sourcesOf(target: CallStatus): CallStatus[] {
  return (Object.keys(CALL_TRANSITIONS) as CallStatus[]).filter((s) =>
    CALL_TRANSITIONS[s].includes(target),
  );
}

/**
 * Moves a call to `target` if its current status allows it; one conditional UPDATE, so
 * duplicates and late deliveries are no-ops. Returns the updated row or undefined.
 */
export async function moveCall(
  exec: Executor,
  callId: string,
  target: CallStatus,
  set: Partial<typeof calls.$inferInsert> = {},
): Promise<CallRow | undefined> {
  const [row] = await exec
    .update(calls)
    .set({ ...set, status: target, updatedAt: new Date() })
    .where(and(eq(calls.id, callId), inArray(calls.status, sourcesOf(target))))
    .returning();
  return row;
}

/** Sends the call's current summary to the consoles. */
export async function emitCall(
  ctx: Context,
  callId: string,
  name: 'call.queued' | 'call.updated' = 'call.updated',
): Promise<void> {
  const row = await findCallSummaryRow(ctx.db, callId);
  if (row) ctx.telephony.emitCall(name, presentCall(ctx.config, row));
}

/** Sends a callback task as it is now to the consoles (`callback.created` / `callback.updated`). */
export async function emitCallbackTask(
  ctx: Context,
  by: { taskId: string } | { callId: string } | { reportId: string },
  name: 'callback.created' | 'callback.updated' = 'callback.updated',
): Promise<void> {
  const row = await findCallbackRow(ctx.db, by);
  if (!row) return;
  ctx.telephony.emitCallback(name, {
    task: presentCallbackTask(ctx.config, row.task, row.call, row.caseId),
    completedAt: row.task.completedAt?.toISOString() ?? null,
  });
}

/** `POST /twilio/voice`: records the call (idempotent on CallSid) before the menu is read. */
export async function startCall(ctx: Context, callSid: string, from: string): Promise<void> {
  await ctx.db
    .insert(calls)
    .values({
      callSid,
      fromEncrypted: encryptText(ctx.config.dataKey, from || 'anonymous'),
      fromHash: phoneHash(ctx.config.dataKey, from || 'anonymous'),
    })
    .onConflictDoNothing({ target: calls.callSid });
}

async function ensureCall(ctx: Context, callSid: string, from: string): Promise<CallRow> {
  const found = await findCallBySid(ctx.db, callSid);
  if (found) return found;
  await startCall(ctx, callSid, from);
  return (await findCallBySid(ctx.db, callSid))!;
}

/**
 * Has the urgent caller's wait checked 30 s (× the time scale) after they were queued — at once
 * when that moment has passed. `jobId` names one check: the first wait's, or a later one's.
 */
export async function armUrgentWait(
  ctx: Context,
  tx: Executor,
  call: { id: string; queuedAt: Date },
  jobId: string,
): Promise<void> {
  const due =
    call.queuedAt.getTime() + scaledMs(URGENT_ESCALATE_AFTER_SECONDS, ctx.config.timeScale);
  await outboxJob(tx, {
    queue: QueueName.telephony,
    name: JobName.urgentCallWait,
    data: { callId: call.id },
    jobId,
    runAt: new Date(Math.max(due, Date.now())).toISOString(),
  });
}

/** A menu step that queued the caller: the call becomes visible to operators. */
export async function queueCall(
  ctx: Context,
  callSid: string,
  from: string,
  decision: Extract<MenuDecision, { kind: 'enqueue' }>,
): Promise<void> {
  const call = await ensureCall(ctx, callSid, from);
  const urgent = decision.queue === 'urgent';
  const queuedAt = new Date();
  const moved = await ctx.db.transaction(async (tx) => {
    const row = await moveCall(tx, call.id, 'queued', {
      language: decision.language,
      option: decision.option,
      urgent,
      queueName: decision.queue,
      queuedAt,
    });
    if (row && urgent) await armUrgentWait(ctx, tx, { id: call.id, queuedAt }, `urgent-${call.id}`);
    return row;
  });
  if (!moved) return;
  if (urgent) ctx.kickOutbox();
  await emitCall(ctx, call.id, 'call.queued');
}

/** A hold-loop round: Twilio tells us the caller's position and queue. */
export async function recordWait(
  ctx: Context,
  callSid: string,
  wait: { position: number; queueSid: string | undefined },
): Promise<void> {
  const [row] = await ctx.db
    .update(calls)
    .set({
      position: wait.position,
      ...(wait.queueSid ? { queueSid: wait.queueSid } : {}),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(calls.callSid, callSid),
        eq(calls.status, 'queued'),
        sql`${calls.position} is distinct from ${wait.position}`,
      ),
    )
    .returning({ id: calls.id });
  if (row) await emitCall(ctx, row.id);
}

/** The hold-loop choice, kept for the Enqueue action that follows the `<Leave>`. */
export async function recordWaitChoice(
  ctx: Context,
  callSid: string,
  choice: 'voicemail' | 'callback',
): Promise<void> {
  await ctx.db
    .update(calls)
    .set({ waitChoice: choice, updatedAt: new Date() })
    .where(and(eq(calls.callSid, callSid), eq(calls.status, 'queued')));
}

function categoryFor(option: CallOption | null): SituationCategory {
  return option === 'immediate_danger' ? 'other_serious_harm' : 'other';
}

/**
 * A caller who left the queue (voicemail, callback, or hung up while waiting): the call ends in
 * that state, and one transaction records a voice report (so a case reaches the operator queue
 * through triage) and a callback task with a deadline. Nobody who waited is dropped.
 */
export async function leaveQueue(
  ctx: Context,
  callSid: string,
  outcome: Extract<CallStatus, 'voicemail' | 'callback' | 'abandoned'>,
): Promise<void> {
  const call = await findCallBySid(ctx.db, callSid);
  if (!call) return;
  const from = decryptFrom(ctx, call);
  const moved = await ctx.db.transaction(async (tx) => {
    const wasQueued = call.status === 'queued';
    // Answered (the operator is being connected) when the caller hung up.
    const wasAnswered = call.status === 'ringing';
    const row = await moveCall(tx, call.id, outcome, { endedAt: new Date() });
    // Only a caller who waited in a queue gets a task; one who hung up in the menu never chose.
    if (!row || !(wasQueued || wasAnswered)) return row;
    // The operator's answer already made the caller's report — and, when the caller could not be
    // bridged, put the call back in the queue with it: that report gets the task, never a second
    // one. Read after the move, which holds the row: an answer that committed first is seen here.
    const [linked] = await tx
      .select({ reportId: calls.reportId })
      .from(calls)
      .where(eq(calls.id, call.id));
    if (linked?.reportId) {
      await insertCallbackTask(tx, ctx, call.id, outcome, linked.reportId);
      return row;
    }
    if (!wasQueued) return row;
    const sealed = sealReporter(ctx.config.dataKey, { type: 'person', phone: from });
    const report = await insertReport(
      tx,
      {
        reporter: { type: 'person', phone: from },
        children: [{}],
        categories: [categoryFor(call.option)],
        immediateDanger: call.option === 'immediate_danger',
        language: call.language,
      },
      {
        dataKey: ctx.config.dataKey,
        channel: 'voice',
        externalId: call.callSid,
        reporter: sealed.reporter,
        ...(sealed.phoneHash ? { reporterPhoneHash: sealed.phoneHash } : {}),
      },
    );
    await insertCallbackTask(tx, ctx, call.id, outcome, report.id);
    await tx.update(calls).set({ reportId: report.id }).where(eq(calls.id, call.id));
    return row;
  });
  if (!moved) return;
  ctx.kickOutbox();
  await emitCall(ctx, call.id);
  // Answered, then gone before the bridge: the operator still wraps the call up.
  if (call.status === 'ringing' && moved.answeredBy) {
    await startWrapUp(ctx, moved.answeredBy, call.id);
  }
  await emitCallbackTask(ctx, { callId: call.id }, 'callback.created');
}

/** A call to return within the callback deadline; one per call (a second is a no-op). */
async function insertCallbackTask(
  exec: Executor,
  ctx: Context,
  callId: string,
  kind: CallbackKind,
  reportId: string,
): Promise<boolean> {
  const inserted = await exec
    .insert(callbackTasks)
    .values({
      callId,
      kind,
      reportId,
      deadline: new Date(Date.now() + scaledMs(CALLBACK_WITHIN_SECONDS, ctx.config.timeScale)),
    })
    .onConflictDoNothing({ target: callbackTasks.callId })
    .returning({ id: callbackTasks.id });
  return inserted.length > 0;
}

function decryptFrom(ctx: Context, call: CallRow): string {
  return decryptText(readKeys(ctx.config), call.fromEncrypted);
}

/** The recording of a voicemail: kept on the call (the case view links to it). */
export async function attachRecording(
  ctx: Context,
  callSid: string,
  recording: { sid: string; url: string; seconds: number },
): Promise<void> {
  const [row] = await ctx.db
    .update(calls)
    .set({
      recordingSid: recording.sid,
      recordingUrl: recording.url,
      recordingSeconds: recording.seconds,
      updatedAt: new Date(),
    })
    .where(eq(calls.callSid, callSid))
    .returning({ id: calls.id });
  if (!row) return;
  await emitCall(ctx, row.id);
  // A voicemail's task now has its recording.
  await emitCallbackTask(ctx, { callId: row.id });
}

/** The dequeued caller reached the conference: the operator is talking to them. */
export async function connectCall(
  ctx: Context,
  callSid: string,
  conference: string,
): Promise<void> {
  const call = await findCallBySid(ctx.db, callSid);
  if (!call) return;
  const row = await moveCall(ctx.db, call.id, 'in_progress', { conference });
  if (row) await emitCall(ctx, call.id);
}

/**
 * A status callback. Duplicates and out-of-order deliveries are ignored (ivr's
 * isCallStatusAdvance on the stored status and SequenceNumber); a final status ends the call:
 * completed after a conversation, abandoned if the caller was still waiting.
 */
export async function applyCallStatus(
  ctx: Context,
  callSid: string,
  from: string,
  update: { status: string; sequence: number | undefined },
): Promise<'applied' | 'ignored'> {
  const call = await ensureCall(ctx, callSid, from);
  const current = call.twilioStatus
    ? { status: call.twilioStatus, sequence: call.twilioSequence ?? undefined }
    : undefined;
  if (!isCallStatusAdvance(current, update)) return 'ignored';
  const [stored] = await ctx.db
    .update(calls)
    .set({
      twilioStatus: update.status,
      twilioSequence: update.sequence ?? null,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(calls.id, call.id),
        // Compare-and-set on what we read: two concurrent callbacks cannot both apply.
        call.twilioStatus === null
          ? sql`${calls.twilioStatus} is null`
          : eq(calls.twilioStatus, call.twilioStatus),
        call.twilioSequence === null
          ? sql`${calls.twilioSequence} is null`
          : eq(calls.twilioSequence, call.twilioSequence),
      ),
    )
    .returning({ id: calls.id, status: calls.status });
  if (!stored) return 'ignored';
  if (isFinalCallStatus(update.status)) await endCall(ctx, call.id, callSid, stored.status);
  return 'applied';
}

/**
 * Ends a call that Twilio says is over, from the status it had here: completed after a
 * conversation, abandoned if the caller was still waiting (with a callback task when they had
 * chosen to wait). Each move is conditional, so a second ending is a no-op.
 */
export async function endCall(
  ctx: Context,
  callId: string,
  callSid: string,
  status: CallStatus,
): Promise<void> {
  if (status === 'queued') {
    await leaveQueue(ctx, callSid, 'abandoned');
  } else if (status === 'in_progress') {
    const ended = await moveCall(ctx.db, callId, 'completed', { endedAt: new Date() });
    if (ended) {
      await emitCall(ctx, callId);
      if (ended.answeredBy) await startWrapUp(ctx, ended.answeredBy, callId);
    }
  } else if (status === 'ivr' || status === 'ringing') {
    const ended = await moveCall(ctx.db, callId, 'abandoned', { endedAt: new Date() });
    if (ended) {
      await emitCall(ctx, callId);
      // Answered, then the caller hung up before being connected: still a call to wrap up,
      // and a caller to ring back — the answer had already made their report.
      if (ended.answeredBy) await startWrapUp(ctx, ended.answeredBy, callId);
      const [linked] = await ctx.db
        .select({ reportId: calls.reportId })
        .from(calls)
        .where(eq(calls.id, callId));
      if (
        linked?.reportId &&
        (await insertCallbackTask(ctx.db, ctx, callId, 'abandoned', linked.reportId))
      ) {
        await emitCallbackTask(ctx, { callId }, 'callback.created');
      }
    }
  }
}
