import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import { and, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { webhookUrl, type TwilioClient } from '@hutong/ivr';
import {
  ESCALATION_STEPS,
  JobName,
  OPEN_CASE_STATUSES,
  QueueName,
  type NotificationChannel,
  type JobPayload,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { isDatabaseUnavailable } from '../../db/errors.js';
import { cases, centres, notifications, referralMessages, referrals } from '../../db/schema.js';
import { outboxJob } from '../outbox/outbox.js';
import { appendCaseEvent } from '../cases/case-events.js';
import { lockCase } from '../cases/case-guard.js';
import { findCentres } from '../centres/centres.repository.js';
import { backupCentre } from '../centres/commands/suggest-centres.js';
import { insertReferral } from './commands/create-referral.js';
import { lockReferral } from './dispatch.repository.js';
import { alertSms, messageSms, type AlertFacts } from './notify-messages.js';
import { messagesOpen } from './referral-messages.policy.js';
import { NOTIFY_PATHS } from './notify.routes.js';
import {
  referralWindowMs,
  scheduleAckCheck,
  scheduleNotify,
  smsFallbackMs,
} from './referral-timing.js';

type NotifyPurpose = 'new' | 'escalation' | 'sms_fallback' | 'message';

async function loadTarget(ctx: Context, referralId: string) {
  const [row] = await ctx.db
    .select({
      referral: referrals,
      centre: centres,
      reference: cases.reference,
      regionCode: cases.regionCode,
    })
    .from(referrals)
    .innerJoin(centres, eq(centres.id, referrals.centreId))
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .where(eq(referrals.id, referralId));
  return row;
}

function factsOf(
  ctx: Context,
  target: NonNullable<Awaited<ReturnType<typeof loadTarget>>>,
): AlertFacts {
  return {
    reference: target.reference,
    priority: target.referral.priority,
    region: ctx.regions.ref(target.regionCode)?.path.join('') ?? '',
  };
}

/** How long a sent notification's provider id is tried for while the database is unreachable. */
export const RECORD_SENT_FOR_MS = 120_000;

/**
 * How long a send left in doubt — claimed, then its process killed before the provider's answer
 * was written — waits for Twilio's status callback to name it before it is sent again.
 */
export const IN_DOUBT_WAIT_MS = 120_000;

/**
 * How far before a claim in doubt Twilio's Messages list is searched: the claim's time is the
 * database's clock, the messages' Twilio's.
 */
const CLOCK_SKEW_MS = 30_000;

/** Thrown for BullMQ's retry while a send in doubt waits for its status callback or for Twilio. */
export class SendInDoubtError extends Error {
  override name = 'SendInDoubtError';
}

/** What Twilio has taken, as its list shows it: the provider id and the status it has now. */
type ProviderRecord = { sid: string; status: string };

/**
 * How a send in doubt is looked for at Twilio (`find`), and whether this is the job's last
 * attempt (`lastAttempt`): then a list that still cannot be read no longer holds the send back.
 */
type FindSent = { find: (since: Date) => Promise<ProviderRecord[]>; lastAttempt: boolean };

/** True while BullMQ runs a job's last attempt: a failure now fails it for good. */
function isLastAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Asks Twilio whether it took a send in doubt: the messages it lists as sent (`DateSent>=`) since
 * `since` from `from` to `to` with exactly `body`, oldest first. A call cannot be found this way
 * (a call's record does not carry its TwiML URL, which names the notification).
 */
async function listSentSms(
  client: TwilioClient,
  sms: { to: string; from: string; body: string },
  since: Date,
): Promise<ProviderRecord[]> {
  const listed = await client.messages.list({ to: sms.to, from: sms.from, dateSentAfter: since });
  return (
    listed
      .filter(
        (m) => m.direction === 'outbound-api' && m.body === sms.body && m.dateCreated >= since,
      )
      // Twilio lists newest first and dates to the second: reversed, a stable sort keeps ties in order.
      .reverse()
      .sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime())
      .map((m) => ({ sid: m.sid, status: m.status }))
  );
}

/**
 * Settles a claim in doubt whose wait for the status callback has passed by asking Twilio
 * (`findSent`): the first message it lists since the claim that no other notification has
 * recorded (an escalation's SMS to the same phone says the same) is this send's, and its id is
 * written. True when found; false when Twilio lists none, or the claim is younger than the wait
 * (the claim fails). Twilio unreachable or failing: `SendInDoubtError`, so BullMQ asks again
 * later — except on the job's last attempt, where false (sent again): an alert sent twice is
 * better than one never sent (RELIABILITY failure 22).
 */
async function findInDoubt(
  ctx: Context,
  claim: { id: string; claimedAt: Date },
  findSent: FindSent,
): Promise<boolean> {
  const [waited] = await ctx.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.id, claim.id),
        eq(notifications.status, 'sending'),
        isNull(notifications.providerSid),
        lt(notifications.updatedAt, sql`now() - make_interval(secs => ${IN_DOUBT_WAIT_MS / 1000})`),
      ),
    );
  if (!waited) return false;
  let listed: ProviderRecord[];
  try {
    listed = await findSent.find(new Date(claim.claimedAt.getTime() - CLOCK_SKEW_MS));
  } catch (err) {
    // Twilio's error, never its message: a REST error may quote the number.
    const { status, code } = err as { status?: number; code?: number };
    const fields = { notificationId: claim.id, twilioStatus: status, twilioCode: code };
    if (findSent.lastAttempt) {
      ctx.log.warn(fields, 'Twilio could not be asked about a send in doubt, at the last attempt');
      return false;
    }
    ctx.log.warn(fields, 'Twilio could not be asked about a send in doubt: trying again later');
    throw new SendInDoubtError('a send in doubt waits for Twilio to answer');
  }
  const recorded = listed.length
    ? await ctx.db
        .select({ sid: notifications.providerSid })
        .from(notifications)
        .where(
          inArray(
            notifications.providerSid,
            listed.map((m) => m.sid),
          ),
        )
    : [];
  const found = listed.find((m) => !recorded.some((r) => r.sid === m.sid));
  if (!found) return false;
  ctx.log.info({ notificationId: claim.id }, 'a send in doubt was found at Twilio: not sent again');
  await recordSent(ctx, claim.id, found);
  return true;
}

/**
 * Stores what the provider answered for a notification it has accepted, unless its status
 * callback already did (`recordCallbackSid` in notify.routes.ts). While the database is
 * unreachable (a restart, an outage) it tries again, 0.25 s doubling to 5 s, for up to
 * `RECORD_SENT_FOR_MS`: a job that failed here would run again and send a second time.
 */
async function recordSent(
  ctx: Context,
  id: string,
  result: { sid: string; status: string },
): Promise<void> {
  const giveUpAt = Date.now() + RECORD_SENT_FOR_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await ctx.db
        .update(notifications)
        .set({ providerSid: result.sid, status: result.status, updatedAt: new Date() })
        .where(and(eq(notifications.id, id), isNull(notifications.providerSid)));
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() + delay > giveUpAt) throw err;
      ctx.log.warn({ notificationId: id }, 'a sent notification is not recorded yet: trying again');
      await sleep(delay);
    }
  }
}

/**
 * Sends one notification at most once: the row is found by its dedupe key, a row that already
 * has a provider id was sent (a retried job skips it), and the send is claimed in the database
 * first (status `sending`), atomically, so two runs never send at once. The send carries the
 * row's id to Twilio in its status callback's URL (`n`), so a send whose process was killed
 * before writing Twilio's answer is named by Twilio's callback instead: a claim found without a
 * provider id is in doubt, and the job is retried (`SendInDoubtError`) until the callback has
 * written it or `IN_DOUBT_WAIT_MS` has passed. Then an SMS (`findSent`) is looked for in
 * Twilio's Messages list (`findInDoubt`): found, its id is written and nothing is sent; not found
 * (or the list still unreadable at the job's last attempt), it is sent again, as a call always is
 * (at least once: an alert never sent is worse than one sent twice). Only a failed send is marked failed and thrown; once Twilio has accepted it, its
 * id is written however long the database takes (`recordSent`).
 */
async function sendOnce(
  ctx: Context,
  row: {
    referralId: string;
    channel: Exclude<NotificationChannel, 'in_app'>;
    purpose: NotifyPurpose;
    contactIndex: number;
    contactLabel: string;
    dedupeKey: string;
  },
  send: (notificationId: string) => Promise<ProviderRecord>,
  findSent?: FindSent,
): Promise<{ id: string; sent: boolean }> {
  await ctx.db.insert(notifications).values(row).onConflictDoNothing();
  const [existing] = await ctx.db
    .select()
    .from(notifications)
    .where(eq(notifications.dedupeKey, row.dedupeKey));
  const id = existing!.id;
  if (existing!.providerSid) return { id, sent: false };
  if (existing!.status === 'sending' && findSent) {
    const claim = { id, claimedAt: existing!.updatedAt };
    if (await findInDoubt(ctx, claim, findSent)) return { id, sent: false };
  }
  const [claimed] = await ctx.db
    .update(notifications)
    .set({ status: 'sending', updatedAt: sql`now()` })
    .where(
      and(
        eq(notifications.id, id),
        isNull(notifications.providerSid),
        or(
          ne(notifications.status, 'sending'),
          lt(
            notifications.updatedAt,
            sql`now() - make_interval(secs => ${IN_DOUBT_WAIT_MS / 1000})`,
          ),
        ),
      ),
    )
    .returning({ previous: notifications.status });
  if (!claimed) {
    const [now] = await ctx.db
      .select({ providerSid: notifications.providerSid })
      .from(notifications)
      .where(eq(notifications.id, id));
    if (now?.providerSid) return { id, sent: false };
    throw new SendInDoubtError('a send in doubt waits for its status callback');
  }
  if (existing!.status === 'sending') {
    ctx.log.warn({ notificationId: id }, 'a send in doubt had no status callback: sending again');
  }
  let result: ProviderRecord;
  try {
    result = await send(id);
  } catch (err) {
    await ctx.db
      .update(notifications)
      .set({ status: 'failed', error: (err as Error).message.slice(0, 200), updatedAt: new Date() })
      .where(eq(notifications.id, id));
    throw err;
  }
  await recordSent(ctx, id, result);
  return { id, sent: true };
}

/**
 * `notify.referral`: the SMS (and, for P1/P2, the voice call that asks for 1) to one duty contact.
 * Nothing is sent for a referral no longer pending. The job carries ids only.
 */
export async function processNotifyReferral(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.notifyReferral>>,
): Promise<string> {
  const { referralId, purpose, contactIndex } = job.data;
  const target = await loadTarget(ctx, referralId);
  if (!target) return 'missing';
  if (target.referral.status !== 'pending') return 'not_pending';
  const contact = target.centre.dutyContacts[contactIndex];
  if (!contact) return 'no_contact';
  if (!ctx.telephony.configured) return 'telephony_not_configured';
  const facts = factsOf(ctx, target);
  const client = ctx.telephony.client();
  const from = ctx.telephony.config.phoneNumber;
  const base = ctx.telephony.baseUrl;
  const common = { referralId, purpose, contactIndex, contactLabel: contact.label };
  const channels: string[] = [];
  let smsId: string | null = null;

  if (contact.sms) {
    const sms = { to: contact.phone, from, body: alertSms(facts) };
    const sent = await sendOnce(
      ctx,
      { ...common, channel: 'sms', dedupeKey: `${referralId}-${purpose}-sms-${contactIndex}` },
      async (notificationId) => {
        const message = await client.messages.create({
          ...sms,
          statusCallback: webhookUrl(base, NOTIFY_PATHS.smsStatus, { n: notificationId }),
        });
        return { sid: message.sid, status: message.status };
      },
      { find: (since) => listSentSms(client, sms, since), lastAttempt: isLastAttempt(job) },
    );
    smsId = sent.id;
    channels.push('sms');
  }
  if (target.referral.priority === 'P1' || target.referral.priority === 'P2') {
    await placeAlertCall(ctx, {
      ...common,
      dedupeKey: `${referralId}-${purpose}-voice-${contactIndex}`,
      to: contact.phone,
    });
    channels.push('voice');
  }
  await ctx.db.transaction(async (tx) => {
    await appendCaseEvent(tx, {
      caseId: target.referral.caseId,
      type: 'referral_notified',
      actorId: null,
      data: {
        referralId,
        centreId: target.centre.id,
        purpose,
        channels,
        contactLabel: contact.label,
      },
    });
    if (smsId && target.referral.priority === 'P1') {
      await outboxJob(tx, {
        queue: QueueName.notify,
        name: JobName.smsFallback,
        data: { notificationId: smsId },
        jobId: `smsfb-${smsId}`,
        runAt: new Date(Date.now() + smsFallbackMs(ctx)).toISOString(),
      });
    }
  });
  ctx.kickOutbox();
  return channels.join('+') || 'nothing';
}

/**
 * `notify.referralMessage`: the hotline wrote to the centre on a referral, so the centre's duty
 * phone (its first contact that takes SMS) gets a notice: the reference and a link to the
 * referral in its inbox, nothing of the message. Once per message however often it runs; nothing
 * once the referral has ended. The job carries the message's id only.
 */
export async function processNotifyReferralMessage(
  ctx: Context,
  job: Job<{ messageId: string }>,
): Promise<string> {
  const [message] = await ctx.db
    .select({ referralId: referralMessages.referralId, side: referralMessages.side })
    .from(referralMessages)
    .where(eq(referralMessages.id, job.data.messageId));
  if (!message) return 'missing';
  if (message.side !== 'hotline') return 'from_centre';
  const target = await loadTarget(ctx, message.referralId);
  if (!target) return 'missing';
  if (!messagesOpen(target.referral)) return 'ended';
  const contactIndex = target.centre.dutyContacts.findIndex((c) => c.sms);
  const contact = target.centre.dutyContacts[contactIndex];
  if (!contact) return 'no_contact';
  if (!ctx.telephony.configured) return 'telephony_not_configured';
  const base = ctx.telephony.baseUrl;
  const link = `${base.replace(/\/$/, '')}/inbox/${message.referralId}`;
  const client = ctx.telephony.client();
  const sms = {
    to: contact.phone,
    from: ctx.telephony.config.phoneNumber,
    body: messageSms({ reference: target.reference, link }),
  };
  const notice = await sendOnce(
    ctx,
    {
      referralId: message.referralId,
      channel: 'sms',
      purpose: 'message',
      contactIndex,
      contactLabel: contact.label,
      dedupeKey: `${message.referralId}-message-${job.data.messageId}-sms`,
    },
    async (notificationId) => {
      const sent = await client.messages.create({
        ...sms,
        statusCallback: webhookUrl(base, NOTIFY_PATHS.smsStatus, { n: notificationId }),
      });
      return { sid: sent.sid, status: sent.status };
    },
    { find: (since) => listSentSms(client, sms, since), lastAttempt: isLastAttempt(job) },
  );
  return notice.sent ? 'sms' : 'already_sent';
}

async function placeAlertCall(
  ctx: Context,
  row: {
    referralId: string;
    purpose: NotifyPurpose;
    contactIndex: number;
    contactLabel: string;
    dedupeKey: string;
    to: string;
  },
): Promise<void> {
  const base = ctx.telephony.baseUrl;
  const { to, ...fields } = row;
  await sendOnce(ctx, { ...fields, channel: 'voice' }, async (notificationId) => {
    const call = await ctx.telephony.client().calls.create({
      to,
      from: ctx.telephony.config.phoneNumber,
      url: webhookUrl(base, NOTIFY_PATHS.voice, { referral: row.referralId, n: notificationId }),
      statusCallback: webhookUrl(base, NOTIFY_PATHS.callStatus, { n: notificationId }),
      statusCallbackEvent: ['ringing', 'answered', 'completed'],
    });
    return { sid: call.sid, status: call.status };
  });
}

/** `notify.smsFallback`: a P1 SMS still not delivered after 2 minutes is followed by a call. */
export async function processSmsFallback(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.smsFallback>>,
): Promise<string> {
  const [sms] = await ctx.db
    .select()
    .from(notifications)
    .where(eq(notifications.id, job.data.notificationId));
  if (!sms) return 'missing';
  if (sms.status === 'delivered' || sms.status === 'read') return 'delivered';
  const target = await loadTarget(ctx, sms.referralId);
  if (!target || target.referral.status !== 'pending') return 'not_pending';
  const contact = target.centre.dutyContacts[sms.contactIndex ?? 0];
  if (!contact) return 'no_contact';
  await placeAlertCall(ctx, {
    referralId: sms.referralId,
    purpose: 'sms_fallback',
    contactIndex: sms.contactIndex ?? 0,
    contactLabel: contact.label,
    dedupeKey: `${sms.referralId}-smsfb-voice-${sms.id}`,
    to: contact.phone,
  });
  return 'called';
}

/**
 * `sla.referralAckDeadline` for step `level`: a referral still pending climbs one rung — the next
 * duty contact, then the supervisors, then the backup centre above in the region tree (proposed,
 * or for P1 created). The case and referral rows are locked and the level compared, so a job
 * delivered twice, or to two workers, moves the ladder once.
 */
export async function processAckDeadline(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.ackDeadline>>,
): Promise<string> {
  const { referralId, level } = job.data;
  const outcome = await ctx.db.transaction(async (tx) => {
    const [peek] = await tx
      .select({ caseId: referrals.caseId })
      .from(referrals)
      .where(eq(referrals.id, referralId));
    if (!peek) return 'missing';
    const caseRow = await lockCase(tx, peek.caseId);
    const referral = (await lockReferral(tx, referralId))!;
    if (referral.status !== 'pending') return 'acknowledged';
    if (referral.escalationLevel !== level) return 'already_escalated';
    const step = ESCALATION_STEPS[level];
    if (!step) return 'ladder_done';
    const now = new Date();
    await tx
      .update(referrals)
      .set({ escalationLevel: level + 1, updatedAt: now, version: sql`${referrals.version} + 1` })
      .where(and(eq(referrals.id, referralId), eq(referrals.escalationLevel, level)));
    const data: Record<string, unknown> = {
      referralId,
      centreId: referral.centreId,
      step,
      level: level + 1,
    };
    if (step === 'next_contact') {
      const [centre] = await tx.select().from(centres).where(eq(centres.id, referral.centreId));
      const count = centre?.dutyContacts.length ?? 0;
      // The next contact in the list, or the first again when the centre has only one.
      const next = count > 1 ? 1 : 0;
      if (count > 0) {
        data.contactLabel = centre!.dutyContacts[next]!.label;
        await scheduleNotify(tx, referralId, 'escalation', next);
      }
    } else if (step === 'backup_centre') {
      const all = await findCentres(tx, { activeOnly: true });
      const own = all.find((c) => c.id === referral.centreId);
      const backup = own ? backupCentre(ctx.regions, all, own) : null;
      if (backup) {
        data.backupCentreId = backup.id;
        data.backupCentreName = backup.name;
        if (referral.priority === 'P1' && OPEN_CASE_STATUSES.includes(caseRow.status)) {
          data.backupReferralId = await insertReferral(ctx, tx, {
            caseRow,
            centreId: backup.id,
            note: referral.note,
            actorId: null,
            backupOf: referralId,
          });
          data.created = true;
        } else {
          data.created = false;
        }
      }
    }
    await appendCaseEvent(tx, {
      caseId: referral.caseId,
      type: 'referral_escalated',
      actorId: null,
      data,
    });
    if (level + 1 < ESCALATION_STEPS.length) {
      const window = referralWindowMs(referral);
      if (window !== null) {
        await scheduleAckCheck(tx, referralId, level + 1, new Date(now.getTime() + window));
      }
    }
    return step;
  });
  ctx.kickOutbox();
  return outcome;
}
