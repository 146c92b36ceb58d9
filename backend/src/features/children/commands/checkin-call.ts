import { randomUUID } from 'node:crypto';
import { and, eq, isNull, like, notInArray, sql } from 'drizzle-orm';
import {
  checkinDialTwiml,
  checkinDialedTwiml,
  checkinGoneTwiml,
  isCallStatusAdvance,
  isFinalCallStatus,
  TWILIO_PATHS,
  webhookUrl,
} from '@hutong/ivr';
import {
  AppError,
  completeChecklist,
  parsePhone,
  VISIT_CHECKLIST_ITEMS,
  type CheckinOutcome,
  type Language,
  type TCheckinCall,
  type TStartCheckinCall,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import {
  calls,
  cases,
  childChanges,
  childGuardians,
  childReportLinks,
  children,
  childVisits,
  reports,
} from '../../../db/schema.js';
import { decryptText, encryptText } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { phoneHash } from '../../privacy/reporter-identity.js';
import { openText } from '../../privacy/case-content.js';
import { readKeys } from '../../telephony/telephony.presenter.js';
import { moveCall } from '../../telephony/commands/voice-calls.js';
import { assertMayManage } from '../children.policy.js';
import { recomputeRisk } from '../children.repository.js';
import { childInScope } from './read-children.js';

type CallRow = typeof calls.$inferSelect;

/** A call not yet given its Twilio CallSid (the REST request is in flight). */
const PENDING_SID = 'pending-';

/** The hotline's own cases that are over: an operator calls through an open one only. */
const CLOSED_CASE_STATUSES = ['closed', 'closed_no_action'] as const;

/**
 * Who may call about this child: directors and township supervisors in their region, the
 * hotline's supervisors any file, an operator only through an open case linked to the child that
 * is assigned to them. A file out of scope is 404, as when reading it.
 */
async function assertMayCall(
  ctx: Context,
  actor: Actor,
  childId: string,
): Promise<{ regionCode: string; status: 'open' | 'closed' }> {
  if (actor.role === 'operator') {
    const [child] = await ctx.db
      .select({ regionCode: children.regionCode, status: children.status })
      .from(children)
      .where(eq(children.id, childId));
    const [linked] = child
      ? await ctx.db
          .select({ caseId: cases.id })
          .from(childReportLinks)
          .innerJoin(reports, eq(reports.id, childReportLinks.reportId))
          .innerJoin(cases, eq(cases.id, reports.caseId))
          .where(
            and(
              eq(childReportLinks.childId, childId),
              eq(cases.assigneeId, actor.id),
              notInArray(cases.status, [...CLOSED_CASE_STATUSES]),
            ),
          )
          .limit(1)
      : [];
    if (!child || !linked) {
      throw new AppError('NOT_FOUND', { message: 'No such child on your register' });
    }
    return child;
  }
  const { child } = await childInScope(ctx, actor, childId);
  if (actor.role !== 'supervisor') assertMayManage(ctx, actor, child.regionCode);
  return child;
}

/** Where the call is, from what the callbacks have told us. */
function stateOf(row: CallRow): TCheckinCall['state'] {
  if (row.endedAt) return 'ended';
  if (row.status === 'in_progress') return 'connected';
  if (row.answeredAt) return 'calling_party';
  return 'calling_staff';
}

/** Tells the consoles of whoever placed the call where it is now (after the change committed). */
async function publishCheckin(ctx: Context, callId: string): Promise<void> {
  const row = await callRow(ctx, callId);
  if (!row?.childId || !row.placedBy) return;
  ctx.telephony.emitCheckin(row.placedBy, {
    id: row.id,
    childId: row.childId,
    state: stateOf(row),
    outcome: row.checkinOutcome ?? null,
  });
}

async function presentCheckin(ctx: Context, row: CallRow): Promise<TCheckinCall> {
  const [visit] = await ctx.db
    .select({ id: childVisits.id })
    .from(childVisits)
    .where(eq(childVisits.callId, row.id));
  return {
    id: row.id,
    childId: row.childId!,
    target:
      row.checkinTarget === 'guardian'
        ? { kind: 'guardian', guardianIndex: row.checkinGuardianIndex ?? 0 }
        : { kind: 'child' },
    state: stateOf(row),
    outcome: row.checkinOutcome ?? null,
    talkSeconds: row.endedAt ? (row.talkSeconds ?? 0) : null,
    visitId: visit?.id ?? null,
    startedAt: row.createdAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    staffCallSid: isUnplacedCheckin(row.callSid) ? null : row.callSid,
  };
}

const invalid = (field: string, problem: string) =>
  new AppError('VALIDATION_FAILED', {
    message: 'The body has invalid fields',
    data: { [field]: problem },
  });

/**
 * The number to bridge: the guardian's at that position, or the child's own (decrypted here, kept
 * only to be encrypted on the call and put in the TwiML). A party with no number is a 400 naming
 * `to.guardianIndex` or `to`.
 */
async function partyToDial(
  ctx: Context,
  childId: string,
  to: TStartCheckinCall['to'],
): Promise<{ dialable: string; target: TCheckinCall['target'] }> {
  if (to === 'child') {
    const [child] = await ctx.db
      .select({ phone: children.phone })
      .from(children)
      .where(eq(children.id, childId));
    const number = openText(child?.phone ?? null);
    const dialable = number ? parsePhone(number)?.e164 : null;
    if (!dialable) throw invalid('to', 'The child has no phone number on the file');
    return { dialable, target: { kind: 'child' } };
  }
  const index = to.guardianIndex;
  const [guardian] = await ctx.db
    .select({ phone: childGuardians.phone })
    .from(childGuardians)
    .where(and(eq(childGuardians.childId, childId), eq(childGuardians.position, index)));
  const number = guardian ? openText(guardian.phone) : null;
  const dialable = number ? parsePhone(number)?.e164 : null;
  if (!guardian || !dialable) {
    throw invalid(
      'to.guardianIndex',
      guardian ? 'This guardian has no phone number' : 'No such guardian',
    );
  }
  return { dialable, target: { kind: 'guardian', guardianIndex: index } };
}

/**
 * `POST /api/children/:id/calls`: Twilio rings the staff member (their phone, or the softphone)
 * and, once they answer, dials the guardian or the child from the hotline number. That number is
 * read decrypted here and put only in the TwiML Twilio asks for; it is never returned or logged.
 */
export async function startCheckinCall(
  ctx: Context,
  actor: Actor,
  childId: string,
  input: TStartCheckinCall,
): Promise<TCheckinCall> {
  const child = await assertMayCall(ctx, actor, childId);
  if (child.status !== 'open') throw new AppError('CONFLICT', { message: 'This file is closed' });
  const { dialable, target } = await partyToDial(ctx, childId, input.to);
  const staff = input.softphone
    ? `client:operator-${actor.id}`
    : parsePhone(input.staffPhone ?? '')?.e164;
  if (!staff) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { staffPhone: 'Give a mobile or landline number' },
    });
  }
  const client = ctx.telephony.client();
  const id = randomUUID();
  const [row] = await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(calls)
      .values({
        id,
        callSid: `${PENDING_SID}${id}`,
        direction: 'outbound',
        status: 'ringing',
        fromEncrypted: encryptText(ctx.config.dataKey, dialable),
        fromHash: phoneHash(ctx.config.dataKey, dialable),
        childId,
        placedBy: actor.id,
        checkinTarget: target.kind,
        checkinGuardianIndex: target.kind === 'guardian' ? target.guardianIndex : null,
      })
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'child.called',
      entityType: 'child',
      entityId: childId,
      data: {
        callId: id,
        target: target.kind,
        ...(target.kind === 'guardian' ? { guardianIndex: target.guardianIndex } : {}),
        via: input.softphone ? 'softphone' : 'phone',
      },
    });
    return inserted;
  });
  const base = ctx.telephony.baseUrl;
  try {
    const placed = await client.calls.create({
      to: staff,
      from: ctx.telephony.config.phoneNumber,
      url: webhookUrl(base, TWILIO_PATHS.checkinVoice, { call: id }),
      method: 'POST',
      statusCallback: webhookUrl(base, TWILIO_PATHS.checkinStatus, { call: id }),
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    const [updated] = await ctx.db
      .update(calls)
      .set({ callSid: placed.sid, updatedAt: new Date() })
      .where(and(eq(calls.id, id), like(calls.callSid, `${PENDING_SID}%`)))
      .returning();
    return presentCheckin(ctx, updated ?? row!);
  } catch (error) {
    // Twilio refused the call: it ends at once, with nothing to log as a visit.
    await endUnplacedCheckin(ctx, id);
    ctx.log.warn({ callId: id, err: (error as Error).message }, 'check-in call refused by Twilio');
    return presentCheckin(ctx, (await callRow(ctx, id))!);
  }
}

/** Whether a check-in call was stored but never got Twilio's CallSid. */
export function isUnplacedCheckin(callSid: string): boolean {
  return callSid.startsWith(PENDING_SID);
}

/**
 * Ends, as failed, a check-in call that Twilio refused or never received (the process stopped
 * between storing it and placing it): nothing to log as a visit. A no-op once it has a CallSid.
 */
export async function endUnplacedCheckin(ctx: Context, callId: string): Promise<boolean> {
  const ended = await ctx.db
    .update(calls)
    .set({
      status: 'completed',
      checkinOutcome: 'failed',
      endedAt: new Date(),
      talkSeconds: 0,
      updatedAt: new Date(),
    })
    .where(and(eq(calls.id, callId), like(calls.callSid, `${PENDING_SID}%`), isNull(calls.endedAt)))
    .returning({ id: calls.id });
  if (ended.length === 0) return false;
  await publishCheckin(ctx, callId);
  return true;
}

async function callRow(ctx: Context, callId: string): Promise<CallRow | undefined> {
  const [row] = await ctx.db.select().from(calls).where(eq(calls.id, callId));
  return row;
}

/** `GET /api/children/:id/calls/:callId`: where the call is, for whoever may call the child. */
export async function readCheckinCall(
  ctx: Context,
  actor: Actor,
  childId: string,
  callId: string,
): Promise<TCheckinCall> {
  await assertMayCall(ctx, actor, childId);
  const [row] = await ctx.db
    .select()
    .from(calls)
    .where(and(eq(calls.id, callId), eq(calls.childId, childId), eq(calls.direction, 'outbound')));
  if (!row) throw new AppError('NOT_FOUND', { message: 'No such call' });
  return presentCheckin(ctx, row);
}

/**
 * The check-in call a webhook names (`?call=`), when the request is about it: Twilio's CallSid
 * must be the call's own — adopted when the REST answer has not been stored yet.
 */
async function checkinCall(
  ctx: Context,
  callId: string,
  callSid: string | undefined,
): Promise<CallRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(callId) || !callSid) return undefined;
  const [row] = await ctx.db
    .select()
    .from(calls)
    .where(and(eq(calls.id, callId), eq(calls.direction, 'outbound')));
  if (!row) return undefined;
  if (row.callSid === callSid) return row;
  if (!row.callSid.startsWith(PENDING_SID)) return undefined;
  const [adopted] = await ctx.db
    .update(calls)
    .set({ callSid, updatedAt: new Date() })
    .where(and(eq(calls.id, callId), like(calls.callSid, `${PENDING_SID}%`)))
    .returning();
  return adopted ?? (await checkinCall(ctx, callId, callSid));
}

/** `/twilio/checkin/voice`: the staff member answered; the TwiML dials the guardian. */
export async function checkinAnswered(
  ctx: Context,
  input: { callId: string; callSid: string | undefined; language: Language },
): Promise<string> {
  const row = await checkinCall(ctx, input.callId, input.callSid);
  if (!row || row.endedAt) return checkinGoneTwiml(input.language);
  await ctx.db
    .update(calls)
    .set({ answeredAt: new Date(), updatedAt: new Date() })
    .where(and(eq(calls.id, row.id), sql`${calls.answeredAt} is null`));
  await publishCheckin(ctx, row.id);
  const number = decryptText(readKeys(ctx.config), row.fromEncrypted);
  return checkinDialTwiml(
    { baseUrl: ctx.telephony.baseUrl },
    {
      callId: row.id,
      number,
      callerId: ctx.telephony.config.phoneNumber || undefined,
      language: input.language,
    },
  );
}

/** How a `<Dial>` (DialCallStatus) or a leg's final status ends a check-in. */
const OUTCOME_OF_STATUS: Readonly<Record<string, CheckinOutcome>> = {
  completed: 'answered',
  answered: 'answered',
  'no-answer': 'no_answer',
  busy: 'busy',
  failed: 'failed',
  canceled: 'canceled',
};

function outcomeOf(status: string | null | undefined): CheckinOutcome | null {
  return status && Object.hasOwn(OUTCOME_OF_STATUS, status) ? OUTCOME_OF_STATUS[status]! : null;
}

/** `/twilio/checkin/dialed`: the `<Dial action>` — how the guardian's leg went. */
export async function checkinDialed(
  ctx: Context,
  input: {
    callId: string;
    callSid: string | undefined;
    dialCallStatus: string | undefined;
    dialCallDuration: string | undefined;
    dialCallSid: string | undefined;
    language: Language;
  },
): Promise<string> {
  const row = await checkinCall(ctx, input.callId, input.callSid);
  const outcome = outcomeOf(input.dialCallStatus);
  if (row && outcome) {
    const seconds = Number.parseInt(input.dialCallDuration ?? '0', 10);
    await ctx.db
      .update(calls)
      .set({
        checkinOutcome: outcome,
        talkSeconds: outcome === 'answered' && Number.isFinite(seconds) ? Math.max(0, seconds) : 0,
        ...(input.dialCallSid ? { legSid: input.dialCallSid } : {}),
        updatedAt: new Date(),
      })
      // The first result stands: a retried action changes nothing.
      .where(and(eq(calls.id, row.id), sql`${calls.checkinOutcome} is null`));
    await publishCheckin(ctx, row.id);
  }
  return checkinDialedTwiml(input.language, input.dialCallStatus);
}

/** `/twilio/checkin/leg-status`: the guardian's leg rang, answered (connected) or ended. */
export async function checkinLegStatus(
  ctx: Context,
  input: { callId: string; parentCallSid: string | undefined; legSid: string; status: string },
): Promise<void> {
  const row = await checkinCall(ctx, input.callId, input.parentCallSid);
  if (!row || (row.legSid && row.legSid !== input.legSid)) return;
  const current = row.legStatus ? { status: row.legStatus } : undefined;
  if (!isCallStatusAdvance(current, { status: input.status })) return;
  await ctx.db
    .update(calls)
    .set({ legSid: input.legSid, legStatus: input.status, updatedAt: new Date() })
    .where(eq(calls.id, row.id));
  if (input.status === 'in-progress') {
    await moveCall(ctx.db, row.id, 'in_progress');
    await publishCheckin(ctx, row.id);
  }
}

/**
 * `/twilio/checkin/status`: the staff member's leg. When it ends, the call ends with its outcome
 * and — when the staff member answered, so the guardian was dialed — is logged as a phone visit
 * on the file. One visit per call however often Twilio retries (the visit's call id is unique,
 * and the call row is locked while it is written).
 */
export async function checkinStatus(
  ctx: Context,
  input: { callId: string; callSid: string | undefined; status: string; sequence?: number },
): Promise<void> {
  const row = await checkinCall(ctx, input.callId, input.callSid);
  if (!row) return;
  const current = row.twilioStatus
    ? { status: row.twilioStatus, sequence: row.twilioSequence ?? undefined }
    : undefined;
  if (isCallStatusAdvance(current, { status: input.status, sequence: input.sequence })) {
    await ctx.db
      .update(calls)
      .set({
        twilioStatus: input.status,
        twilioSequence: input.sequence ?? null,
        updatedAt: new Date(),
      })
      .where(eq(calls.id, row.id));
  }
  if (isFinalCallStatus(input.status)) {
    await finishCheckin(ctx, row.id);
    await publishCheckin(ctx, row.id);
  }
}

async function finishCheckin(ctx: Context, callId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for('update');
    if (!call?.childId) return;
    const [logged] = await tx
      .select({ id: childVisits.id })
      .from(childVisits)
      .where(eq(childVisits.callId, callId));
    if (call.endedAt && (logged || !call.answeredAt)) return;
    const staffAnswered = call.answeredAt !== null;
    const outcome: CheckinOutcome = staffAnswered
      ? (call.checkinOutcome ?? outcomeOf(call.legStatus) ?? 'failed')
      : 'staff_unreachable';
    const talkSeconds = outcome === 'answered' ? (call.talkSeconds ?? 0) : 0;
    const endedAt = call.endedAt ?? new Date();
    await tx
      .update(calls)
      .set({ checkinOutcome: outcome, talkSeconds, endedAt, updatedAt: new Date() })
      .where(eq(calls.id, callId));
    await moveCall(tx, callId, 'completed', { endedAt });
    if (!staffAnswered || logged) return;
    const seen =
      outcome === 'answered' ? [call.checkinTarget === 'child' ? 'child' : 'guardian'] : [];
    const [visit] = await tx
      .insert(childVisits)
      .values({
        childId: call.childId,
        kind: 'phone',
        visitedAt: call.answeredAt!,
        seen: seen as ('child' | 'guardian')[],
        checklist: completeChecklist(undefined, VISIT_CHECKLIST_ITEMS),
        notes: null,
        createdBy: call.placedBy,
        callId,
        callOutcome: outcome,
        callTalkSeconds: talkSeconds,
      })
      .onConflictDoNothing({ target: childVisits.callId })
      .returning({ id: childVisits.id });
    if (!visit) return;
    const [before] = await tx
      .select({ riskLevel: children.riskLevel })
      .from(children)
      .where(eq(children.id, call.childId))
      .for('update');
    const after = await recomputeRisk(tx, call.childId, ctx.config.timeScale);
    await tx
      .update(children)
      .set({ version: sql`${children.version} + 1`, updatedAt: new Date() })
      .where(eq(children.id, call.childId));
    const details = {
      visitId: visit.id,
      kind: 'phone',
      callId,
      outcome,
      talkSeconds,
      concerns: [],
      ...(before && after.riskLevel !== before.riskLevel
        ? { riskLevel: { before: before.riskLevel, after: after.riskLevel } }
        : {}),
    };
    await tx.insert(childChanges).values({
      childId: call.childId,
      actorId: call.placedBy,
      action: 'visited',
      fields: [],
      details,
    });
    await writeAudit(tx, {
      actorId: call.placedBy,
      action: 'child.visited',
      entityType: 'child',
      entityId: call.childId,
      data: details,
    });
  });
}
