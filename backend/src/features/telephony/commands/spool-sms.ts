import { JobName, QueueName, type JobPayload } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { decryptText, encryptText } from '../../../lib/crypto.js';
import { readKeys } from '../telephony.presenter.js';
import { receiveSms } from './receive-sms.js';
import { applySmsStatus } from './send-sms.js';

/**
 * What a `telephony.smsSpooled` job carries (shared's JOBS): an inbound message's number and
 * words sealed (AES-256-GCM under the data key), as they would be in PostgreSQL; a delivery
 * status as a SID and a word.
 */
export type SpooledSms = JobPayload<typeof JobName.smsSpooled>;

interface InboundSms {
  messageSid: string;
  from: string;
  body: string;
}

/**
 * Twilio does not retry an SMS webhook that fails: a child's message that arrives while
 * PostgreSQL is unreachable would be gone. It is kept in Redis instead, one job per MessageSid
 * (Twilio's own retries of it add nothing), and stored by a worker once the database is back.
 */
export async function spoolInboundSms(ctx: Context, sms: InboundSms): Promise<void> {
  const data: SpooledSms = {
    kind: 'inbound',
    sealed: encryptText(ctx.config.dataKey, JSON.stringify(sms)),
  };
  await ctx.spool({
    queue: QueueName.telephony,
    name: JobName.smsSpooled,
    data,
    jobId: `sms-in-${sms.messageSid}`,
  });
}

/** A delivery status Twilio sent while PostgreSQL was unreachable (also never retried by it). */
export async function spoolSmsStatus(
  ctx: Context,
  messageSid: string,
  status: string,
): Promise<void> {
  const data: SpooledSms = { kind: 'status', messageSid, status };
  await ctx.spool({
    queue: QueueName.telephony,
    name: JobName.smsSpooled,
    data,
    jobId: `sms-status-${messageSid}-${status}`,
  });
}

/**
 * `telephony.smsSpooled`: stores the kept message as the webhook would have (once, by its
 * MessageSid); its dialogue reply, which the webhook could not give, goes out by SMS.
 */
export async function storeSpooledSms(ctx: Context, data: SpooledSms): Promise<string> {
  if (data.kind === 'status') {
    if (data.messageSid && data.status) await applySmsStatus(ctx, data.messageSid, data.status);
    return 'status';
  }
  if (!data.sealed) return 'empty';
  const sms = JSON.parse(decryptText(readKeys(ctx.config), data.sealed)) as InboundSms;
  await receiveSms(ctx, sms, { replyBy: 'sms' });
  return 'stored';
}
