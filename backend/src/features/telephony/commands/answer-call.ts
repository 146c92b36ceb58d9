import { and, eq, inArray } from 'drizzle-orm';
import { TWILIO_PATHS, webhookUrl } from '@hutong/ivr';
import {
  AppError,
  OPEN_CASE_STATUSES,
  type TAnswerCall,
  type TAnswerCallResponse,
  type TCaseSummary,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { calls, cases } from '../../../db/schema.js';
import { decryptText } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { claimCase } from '../../cases/commands/claim-case.js';
import { loadCaseSummary } from '../../cases/load-summaries.js';
import { insertReport } from '../../intake/commands/create-report.js';
import { sealReporter } from '../../privacy/reporter-identity.js';
import { triageReport } from '../../triage/commands/triage-report.js';
import { findCallSummaryRow } from '../telephony.repository.js';
import { presentCall, readKeys } from '../telephony.presenter.js';
import { changePresence } from '../../presence/presence-status.js';
import { armUrgentWait, emitCall } from './voice-calls.js';

/**
 * An operator answers a waiting caller. One conditional UPDATE decides the race (two operators:
 * one wins, the other gets 409). The call gets a voice report through the durable intake path
 * (or is linked to a case the operator picked), the case is claimed for the operator, and the
 * caller is dequeued through the REST API into a conference named after the case.
 */
export async function answerCall(
  ctx: Context,
  actor: Actor,
  callId: string,
  input: TAnswerCall,
): Promise<TAnswerCallResponse> {
  const won = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(calls)
      .set({ status: 'ringing', answeredBy: actor.id, answeredAt: now, updatedAt: now })
      .where(and(eq(calls.id, callId), eq(calls.status, 'queued')))
      .returning();
    if (!row) {
      const current = await findCallSummaryRow(tx, callId);
      if (!current) throw new AppError('NOT_FOUND', { message: 'No such call' });
      if (current.answeredBy) {
        throw new AppError('CONFLICT', {
          message: `${current.answeredByName ?? 'Another operator'} has already answered this call`,
          data: { answeredBy: { id: current.answeredBy, displayName: current.answeredByName } },
        });
      }
      throw new AppError('ILLEGAL_TRANSITION', {
        message: 'This caller is no longer waiting',
        data: { status: current.status },
      });
    }
    // An earlier answer that could not bridge the caller left its report and case on the call:
    // answering again carries on with them (the call's report is one per call).
    let reportId: string | null = row.reportId;
    let caseId: string | null = row.caseId;
    if (input.caseId) {
      const [target] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.id, input.caseId), inArray(cases.status, [...OPEN_CASE_STATUSES])));
      if (!target) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'The request has invalid fields',
          data: { caseId: 'No open case with this id' },
        });
      }
      caseId = target.id;
    } else if (!reportId) {
      const from = decryptText(readKeys(ctx.config), row.fromEncrypted);
      const sealed = sealReporter(ctx.config.dataKey, { type: 'person', phone: from });
      const report = await insertReport(
        tx,
        {
          reporter: { type: 'person', phone: from },
          children: [{}],
          categories: [row.option === 'immediate_danger' ? 'other_serious_harm' : 'other'],
          immediateDanger: row.option === 'immediate_danger',
          language: row.language,
        },
        {
          dataKey: ctx.config.dataKey,
          channel: 'voice',
          externalId: row.callSid,
          reporter: sealed.reporter,
          ...(sealed.phoneHash ? { reporterPhoneHash: sealed.phoneHash } : {}),
        },
      );
      reportId = report.id;
    }
    await tx.update(calls).set({ reportId, caseId }).where(eq(calls.id, row.id));
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'call.answered',
      entityType: 'call',
      entityId: row.id,
      caseId,
      data: { linked: Boolean(input.caseId) },
    });
    return { call: row, reportId, caseId };
  });
  ctx.kickOutbox();

  // Triage now rather than waiting for the worker, so the operator opens the case at once; the
  // queued triage job finds the report triaged and leaves it (triageReport is safe to run twice).
  let caseId = won.caseId;
  if (!caseId && won.reportId) {
    const triaged = await triageReport(ctx, won.reportId);
    if (triaged.outcome === 'missing') throw new Error('answered call lost its report');
    caseId = triaged.caseId;
    await ctx.db.update(calls).set({ caseId }).where(eq(calls.id, won.call.id));
  }
  let summary: TCaseSummary;
  try {
    summary = await claimCase(ctx, actor, caseId!);
  } catch (err) {
    // Linked to a case someone else holds: the call is still this operator's to take.
    if (!(err instanceof AppError)) throw err;
    summary = await loadCaseSummary(ctx, caseId!);
  }

  const conference = summary.reference;
  try {
    await dequeue(ctx, won.call, conference);
  } catch (err) {
    // The caller could not be bridged (hung up a moment ago, or Twilio failed): put the call
    // back in the queue so nobody is lost; the case stays (it is a real contact).
    ctx.log.warn({ callId: won.call.id, err }, 'dequeue failed');
    const rearmed = await ctx.db.transaction(async (tx) => {
      const [back] = await tx
        .update(calls)
        .set({ status: 'queued', answeredBy: null, answeredAt: null, updatedAt: new Date() })
        .where(and(eq(calls.id, won.call.id), eq(calls.status, 'ringing')))
        .returning();
      // An urgent caller back in the queue before the supervisors were rung: the 30-s check may
      // have come while the answer was under way and left a call that was not waiting, so it is
      // set again (one per answer that failed; at once when the 30 s have passed).
      if (!back?.urgent || back.escalatedAt || !back.queuedAt) return false;
      const attempt = won.call.answeredAt?.getTime() ?? Date.now();
      await armUrgentWait(
        ctx,
        tx,
        { id: back.id, queuedAt: back.queuedAt },
        `urgent-${back.id}-${attempt}`,
      );
      return true;
    });
    if (rearmed) ctx.kickOutbox();
    await emitCall(ctx, won.call.id);
    throw new AppError('CONFLICT', { message: 'The caller could not be connected; try again' });
  }
  await ctx.db
    .update(calls)
    .set({ conference, updatedAt: new Date() })
    .where(eq(calls.id, won.call.id));
  await emitCall(ctx, won.call.id);
  await changePresence(
    ctx,
    { id: actor.id, displayName: actor.displayName, role: actor.role },
    { status: 'on_call', callId: won.call.id },
  );
  const row = await findCallSummaryRow(ctx.db, won.call.id);
  return { call: presentCall(ctx.config, row!), case: summary, conference };
}

/** Waits between tries for a caller who is not in Twilio's queue yet (ms; about 3 s in all). */
const JOIN_WAITS_MS = [200, 300, 500, 800, 1200];

/**
 * Redirects the waiting caller out of its Twilio queue to the conference TwiML. The call is on
 * the consoles as soon as the menu's answer names the queue, a moment before Twilio has put the
 * caller in it: a quick answer finds no queue yet, or the caller not yet a member (20404), and
 * tries again while the call is still this answer's — not when the caller has hung up meanwhile.
 */
async function dequeue(
  ctx: Context,
  call: typeof calls.$inferSelect,
  conference: string,
): Promise<void> {
  const client = ctx.telephony.client();
  for (let attempt = 0; ; attempt++) {
    try {
      let queueSid = call.queueSid;
      if (!queueSid && call.queueName) {
        const queues = await client.queues.list({ limit: 100 });
        queueSid = queues.find((q) => q.friendlyName === call.queueName)?.sid ?? null;
      }
      if (!queueSid) throw new CallerNotQueued('queue unknown');
      await client
        .queues(queueSid)
        .members(call.callSid)
        .update({
          url: webhookUrl(ctx.telephony.baseUrl, TWILIO_PATHS.voiceConnect, {
            conference,
            lang: call.language,
          }),
          method: 'POST',
        });
      return;
    } catch (err) {
      const wait = JOIN_WAITS_MS[attempt];
      const notYet = err instanceof CallerNotQueued || (err as { status?: number }).status === 404;
      if (!notYet || wait === undefined || !(await stillAnswering(ctx, call.id))) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

class CallerNotQueued extends Error {}

/** Whether the call is still being answered (the caller has not hung up since). */
async function stillAnswering(ctx: Context, callId: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ status: calls.status })
    .from(calls)
    .where(eq(calls.id, callId));
  return row?.status === 'ringing';
}
