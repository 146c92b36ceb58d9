import { asc, eq } from 'drizzle-orm';
import { TWILIO_PATHS, isMessageStatusAdvance, webhookUrl } from '@hutong/ivr';
import {
  AppError,
  JobName,
  QueueName,
  maskPhoneNumber,
  type TSmsConversation,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { reports, smsConversations, smsMessages, users } from '../../../db/schema.js';
import { decryptText, encryptText } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { requireHeldCase } from '../../cases/case-guard.js';
import { outboxJob } from '../../outbox/outbox.js';
import { readKeys } from '../telephony.presenter.js';

async function conversationOfCase(ctx: Context, caseId: string) {
  const [row] = await ctx.db
    .select({ conversation: smsConversations })
    .from(smsConversations)
    .innerJoin(reports, eq(reports.id, smsConversations.reportId))
    .where(eq(reports.caseId, caseId))
    .orderBy(asc(smsConversations.createdAt))
    .limit(1);
  return row?.conversation;
}

/**
 * A case's SMS conversation for the case view (decrypted; the read is audited): for the case's
 * holder and supervisors only, as the reporter's words and number are.
 */
export async function readCaseSms(
  ctx: Context,
  actor: Actor,
  caseId: string,
): Promise<TSmsConversation> {
  await requireHeldCase(ctx.db, actor, caseId);
  const conversation = await conversationOfCase(ctx, caseId);
  if (!conversation) return { messages: [], optedOut: false, maskedNumber: null };
  const keys = readKeys(ctx.config);
  const rows = await ctx.db
    .select({ message: smsMessages, senderName: users.displayName })
    .from(smsMessages)
    .leftJoin(users, eq(users.id, smsMessages.sentBy))
    .where(eq(smsMessages.conversationId, conversation.id))
    .orderBy(asc(smsMessages.createdAt));
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'case.sms.read',
    entityType: 'case',
    entityId: caseId,
    caseId,
    data: {},
  });
  const messages = rows.flatMap(({ message, senderName }) => {
    const body = decryptText(keys, message.bodyEncrypted);
    const out = [
      {
        id: message.id,
        direction: message.direction,
        body,
        status: message.status,
        sentBy:
          message.sentBy && senderName ? { id: message.sentBy, displayName: senderName } : null,
        createdAt: message.createdAt.toISOString(),
      },
    ];
    if (message.replyEncrypted) {
      // The dialogue's automatic reply, sent in the webhook's TwiML.
      out.push({
        id: `${message.id.slice(0, 24)}${'0'.repeat(12)}`,
        direction: 'outbound',
        body: decryptText(keys, message.replyEncrypted),
        status: 'sent',
        sentBy: null,
        createdAt: message.createdAt.toISOString(),
      });
    }
    return out;
  });
  return {
    messages,
    optedOut: conversation.optedOut,
    maskedNumber: maskPhoneNumber(decryptText(keys, conversation.phoneEncrypted)),
    // ivr's SmsConversationState keeps the language the sender chose.
    language: conversation.state.language === 'en' ? 'en' : 'zh-CN',
  };
}

/**
 * The holder's (or a supervisor's) reply (`POST /api/cases/:id/sms`): stored, then sent by a job
 * through the REST API. A sender who replied STOP gets nothing (409); the case work goes on.
 */
export async function sendCaseSms(
  ctx: Context,
  actor: Actor,
  caseId: string,
  body: string,
): Promise<{ id: string; status: string }> {
  await requireHeldCase(ctx.db, actor, caseId);
  const conversation = await conversationOfCase(ctx, caseId);
  if (!conversation) {
    throw new AppError('NOT_FOUND', { message: 'This case has no SMS conversation' });
  }
  if (conversation.optedOut) {
    throw new AppError('CONFLICT', {
      message: 'The sender replied STOP: no SMS can be sent to this number',
      data: { optedOut: true },
    });
  }
  const id = await ctx.db.transaction(async (tx) => {
    const messageId = await queueOutboundSms(ctx, tx, conversation.id, body, actor.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.sms.sent',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { messageId },
    });
    return messageId;
  });
  ctx.kickOutbox();
  return { id, status: 'queued' };
}

/**
 * Stores an outbound message of a conversation (sealed) and queues its `telephony.sendSms` job in
 * the caller's transaction; `sentBy` is null for the dialogue's own replies.
 */
export async function queueOutboundSms(
  ctx: Context,
  tx: Executor,
  conversationId: string,
  body: string,
  sentBy: string | null,
): Promise<string> {
  const [row] = await tx
    .insert(smsMessages)
    .values({
      conversationId,
      direction: 'outbound',
      bodyEncrypted: encryptText(ctx.config.dataKey, body),
      status: 'queued',
      sentBy,
    })
    .returning({ id: smsMessages.id });
  await outboxJob(tx, {
    queue: QueueName.telephony,
    name: JobName.sendSms,
    data: { messageId: row!.id },
    jobId: `sms-${row!.id}`,
  });
  return row!.id;
}

/** `telephony.sendSms`: sends a stored outbound message once (a retry after success is a no-op). */
export async function deliverSms(ctx: Context, messageId: string): Promise<string> {
  const [row] = await ctx.db
    .select({ message: smsMessages, conversation: smsConversations })
    .from(smsMessages)
    .innerJoin(smsConversations, eq(smsConversations.id, smsMessages.conversationId))
    .where(eq(smsMessages.id, messageId));
  if (!row) return 'missing';
  if (row.message.messageSid) return 'already_sent';
  if (row.conversation.optedOut) {
    await ctx.db
      .update(smsMessages)
      .set({ status: 'opted_out', updatedAt: new Date() })
      .where(eq(smsMessages.id, messageId));
    return 'opted_out';
  }
  const keys = readKeys(ctx.config);
  const sent = await ctx.telephony.client().messages.create({
    to: decryptText(keys, row.conversation.phoneEncrypted),
    from: ctx.telephony.config.phoneNumber,
    body: decryptText(keys, row.message.bodyEncrypted),
    statusCallback: webhookUrl(ctx.telephony.baseUrl, TWILIO_PATHS.smsStatus),
  });
  await ctx.db
    .update(smsMessages)
    .set({ messageSid: sent.sid, status: sent.status, updatedAt: new Date() })
    .where(eq(smsMessages.id, messageId));
  return 'sent';
}

/** `POST /twilio/sms/status`: moves a message's delivery status forward only. */
export async function applySmsStatus(
  ctx: Context,
  messageSid: string,
  status: string,
): Promise<void> {
  const [row] = await ctx.db
    .select({ id: smsMessages.id, status: smsMessages.status })
    .from(smsMessages)
    .where(eq(smsMessages.messageSid, messageSid));
  if (!row || !isMessageStatusAdvance(row.status, status)) return;
  await ctx.db
    .update(smsMessages)
    .set({ status, updatedAt: new Date() })
    .where(eq(smsMessages.id, row.id));
}
