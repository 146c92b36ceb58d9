import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { detectSmsLanguage, smsStep, type SmsConversationState } from '@hutong/ivr';
import { withImmediateDanger, type TChild } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import { cases, reports, smsConversations, smsMessages } from '../../../db/schema.js';
import { decryptText, encryptText } from '../../../lib/crypto.js';
import { appendCaseEvent } from '../../cases/case-events.js';
import { insertReport } from '../../intake/commands/create-report.js';
import { newLookupCode, withLookupCode } from '../../dispatch/lookup-code.js';
import { phoneHash, sealReporter } from '../../privacy/reporter-identity.js';
import {
  openChildren,
  openText,
  reportSearchTokens,
  sealChildren,
  sealText,
} from '../../privacy/case-content.js';
import { claimWindowMs } from '../../triage/commands/triage-report.js';
import { readKeys } from '../telephony.presenter.js';
import { queueOutboundSms } from './send-sms.js';

/** Messages within this long of the last one belong to the same conversation (and report). */
const SMS_CONVERSATION_WINDOW_MINUTES = 30;
const NARRATIVE_MAX = 20_000;

/**
 * `POST /twilio/sms`: one inbound message. In one transaction, serialised per sender: dedup on
 * MessageSid (a retry gets the reply first given), find the sender's open conversation or open
 * one with its report (the first reply carries the reference), run ivr's dialogue step, and fold
 * what it learnt into the report — or, once triaged, raise the case to P1 on "in danger now".
 * The reply is the webhook's TwiML; for a message stored late (see spool-sms) it is sent as an
 * outbound SMS instead, queued in the same transaction.
 */
export async function receiveSms(
  ctx: Context,
  input: { messageSid: string; from: string; body: string },
  options: { replyBy?: 'twiml' | 'sms' } = {},
): Promise<string | null> {
  const bySms = options.replyBy === 'sms';
  const hash = phoneHash(ctx.config.dataKey, input.from);
  const reply = await ctx.db.transaction(async (tx) => {
    // One open conversation per number even when two messages arrive at once.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms:${hash}`}))`);
    const [seen] = await tx
      .select({ reply: smsMessages.replyEncrypted })
      .from(smsMessages)
      .where(eq(smsMessages.messageSid, input.messageSid));
    if (seen) return seen.reply ? decryptText(readKeys(ctx.config), seen.reply) : null;

    const [open] = await tx
      .select()
      .from(smsConversations)
      .where(
        and(
          eq(smsConversations.phoneHash, hash),
          gt(
            smsConversations.lastMessageAt,
            sql`now() - make_interval(mins => ${SMS_CONVERSATION_WINDOW_MINUTES})`,
          ),
        ),
      )
      .orderBy(desc(smsConversations.lastMessageAt))
      .limit(1)
      .for('update');

    let conversationId: string;
    let text: string | null;
    if (!open) {
      const sealed = sealReporter(ctx.config.dataKey, { type: 'person', phone: input.from });
      const lookupCode = newLookupCode();
      const report = await insertReport(
        tx,
        {
          reporter: { type: 'person', phone: input.from },
          children: [{}],
          categories: ['other'],
          immediateDanger: false,
          narrative: input.body.slice(0, NARRATIVE_MAX),
          language: detectSmsLanguage(input.body),
        },
        {
          dataKey: ctx.config.dataKey,
          channel: 'sms',
          externalId: input.messageSid,
          reporter: sealed.reporter,
          ...(sealed.phoneHash ? { reporterPhoneHash: sealed.phoneHash } : {}),
          lookupCode,
          lookupCodeSealed: encryptText(ctx.config.dataKey, lookupCode),
        },
      );
      const step = smsStep(undefined, { body: input.body, reference: report.reference });
      const [created] = await tx
        .insert(smsConversations)
        .values({
          phoneHash: hash,
          phoneEncrypted: encryptText(ctx.config.dataKey, input.from),
          state: { ...step.nextState },
          reportId: report.id,
          optedOut: step.nextState.optedOut,
        })
        .returning({ id: smsConversations.id });
      conversationId = created!.id;
      // The first reply carries the reference and the status lookup code (not after STOP).
      text =
        step.nextState.optedOut || !step.reply
          ? step.reply
          : withLookupCode(step.reply, step.nextState.language, lookupCode);
    } else {
      conversationId = open.id;
      const [report] = await tx
        .select()
        .from(reports)
        .where(eq(reports.id, open.reportId))
        .for('update');
      const state = open.state as unknown as SmsConversationState;
      const step = smsStep(state, { body: input.body, reference: report!.reference });
      const { extracted } = step;
      await tx
        .update(smsConversations)
        .set({
          state: { ...step.nextState },
          optedOut: step.nextState.optedOut,
          lastMessageAt: new Date(),
        })
        .where(eq(smsConversations.id, open.id));
      if (!step.keyword) await foldIntoReport(ctx, tx, report!, extracted);
      if ((step.keyword === 'stop' || step.keyword === 'start') && report!.caseId) {
        await appendCaseEvent(tx, {
          caseId: report!.caseId,
          type: 'note_added',
          actorId: null,
          data: { source: 'sms', smsOptOut: step.keyword === 'stop' },
        });
      }
      // After STOP only the confirmation goes out; safety work continues regardless.
      text = step.nextState.optedOut && step.keyword !== 'stop' ? null : step.reply;
    }
    await tx.insert(smsMessages).values({
      conversationId,
      direction: 'inbound',
      messageSid: input.messageSid,
      bodyEncrypted: encryptText(ctx.config.dataKey, input.body),
      replyEncrypted: text && !bySms ? encryptText(ctx.config.dataKey, text) : null,
      status: 'received',
    });
    if (text && bySms) await queueOutboundSms(ctx, tx, conversationId, text, null);
    return text;
  });
  ctx.kickOutbox();
  return reply;
}

async function foldIntoReport(
  ctx: Context,
  tx: Tx,
  report: typeof reports.$inferSelect,
  extracted: { immediateDanger?: boolean; location?: string; age?: number; text: string },
): Promise<void> {
  // Stored encrypted: open, add to, and seal again (the search tokens follow the children).
  const keys = readKeys(ctx.config);
  const narrative = [openText(report.narrative, keys), extracted.text]
    .filter(Boolean)
    .join('\n')
    .slice(0, NARRATIVE_MAX);
  const stored = openChildren(report.children, keys);
  const children: TChild[] =
    extracted.age !== undefined && extracted.age <= 17
      ? [{ ...stored[0], age: extracted.age }, ...stored.slice(1)]
      : stored;
  const address = extracted.location ?? openText(report.address, keys);
  const dataKey = ctx.config.dataKey;
  await tx
    .update(reports)
    .set({
      narrative: sealText(dataKey, narrative),
      children: sealChildren(dataKey, children),
      searchTokens: reportSearchTokens(dataKey, { children, address }),
      ...(extracted.location ? { address: sealText(dataKey, extracted.location) } : {}),
      ...(extracted.immediateDanger ? { immediateDanger: true } : {}),
    })
    .where(eq(reports.id, report.id));
  if (extracted.immediateDanger && report.caseId) await raiseToP1(ctx, tx, report.caseId);
}

/** "A child is in danger now" after triage: the case becomes P1 with a P1 claim deadline. */
async function raiseToP1(ctx: Context, tx: Tx, caseId: string): Promise<void> {
  const [current] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!current || current.priority === 'P1') return;
  const raised = withImmediateDanger(current.priorityReasons);
  const deadline = new Date(Date.now() + claimWindowMs(ctx, raised.priority));
  const tighten =
    current.status === 'new' && (!current.claimDeadline || deadline < current.claimDeadline);
  await tx
    .update(cases)
    .set({
      priority: raised.priority,
      immediateDanger: true,
      priorityReasons: raised.reasons,
      ...(tighten ? { claimDeadline: deadline } : {}),
      updatedAt: new Date(),
      version: sql`${cases.version} + 1`,
    })
    .where(eq(cases.id, caseId));
  await appendCaseEvent(tx, {
    caseId,
    type: 'triaged',
    actorId: null,
    data: { source: 'sms', priority: raised.priority, previousPriority: current.priority },
  });
}
