import { Router, type Request, type Response } from 'express';
import { and, eq, isNull } from 'drizzle-orm';
import {
  isCallStatusAdvance,
  isMessageStatusAdvance,
  say,
  voiceResponse,
  webhookUrl,
} from '@hutong/ivr';
import { AppError } from '@hutong/shared';
import type { Context } from '../../context.js';
import { cases, notifications, referrals } from '../../db/schema.js';
import { appendCaseEvent } from '../cases/case-events.js';
import { updateReferral } from './commands/update-referral.js';
import { ACK_PROMPTS, alertSpeech } from './notify-messages.js';

/**
 * The duty-phone call's webhooks, under `/twilio/notify`. WARNING: the URLs are in calls already
 * placed and in Twilio's status callbacks; never rename.
 */
export const NOTIFY_PATHS = {
  voice: '/twilio/notify/voice',
  ack: '/twilio/notify/ack',
  callStatus: '/twilio/notify/call-status',
  smsStatus: '/twilio/notify/sms-status',
} as const;

type Params = Record<string, string | undefined>;
const params = (req: Request): Params => (req.body ?? {}) as Params;
const twiml = (res: Response, doc: string) => res.type('text/xml').send(doc);

function referralParam(req: Request): string {
  const id = req.query.referral;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The query has invalid fields',
      data: { referral: 'Required' },
    });
  }
  return id;
}

/** The notification id (`n`) an alert call's or a status callback's URL carries, if any. */
function notificationParam(req: Request): string | null {
  const n = req.query.n;
  return typeof n === 'string' && /^[0-9a-f-]{36}$/i.test(n) ? n : null;
}

/**
 * Mounted inside the Twilio router (after its signature check): the alert call reads the
 * reference, priority and region and asks the duty officer to press 1 — which acknowledges the
 * referral as if done in the console.
 */
export function notifyTwilioRoutes(ctx: Context): Router {
  const router = Router();

  router.post('/voice', async (req, res) => {
    const referralId = referralParam(req);
    const [row] = await ctx.db
      .select({
        status: referrals.status,
        priority: referrals.priority,
        reference: cases.reference,
        regionCode: cases.regionCode,
      })
      .from(referrals)
      .innerJoin(cases, eq(cases.id, referrals.caseId))
      .where(eq(referrals.id, referralId));
    const response = voiceResponse();
    if (!row || row.status !== 'pending') {
      say(response, 'zh-CN', ACK_PROMPTS.notPending);
      response.hangup();
      twiml(res, response.toString());
      return;
    }
    const gather = response.gather({
      numDigits: 1,
      timeout: 8,
      method: 'POST',
      action: webhookUrl(ctx.telephony.baseUrl, NOTIFY_PATHS.ack, {
        referral: referralId,
        ...(notificationParam(req) ? { n: notificationParam(req)! } : {}),
      }),
    });
    say(
      gather,
      'zh-CN',
      alertSpeech({
        reference: row.reference,
        priority: row.priority,
        region: ctx.regions.ref(row.regionCode)?.path.join('') ?? '',
      }),
    );
    say(response, 'zh-CN', ACK_PROMPTS.noInput);
    response.hangup();
    twiml(res, response.toString());
  });

  router.post('/ack', async (req, res) => {
    const referralId = referralParam(req);
    const response = voiceResponse();
    if (params(req).Digits === '1') {
      const [row] = await ctx.db
        .select({ status: referrals.status })
        .from(referrals)
        .where(eq(referrals.id, referralId));
      if (row?.status === 'pending') {
        await updateReferral(ctx, { phone: true }, referralId, { status: 'acknowledged' });
        const notificationId = notificationParam(req);
        if (notificationId) await setDeliveryStatus(ctx, notificationId, ACKNOWLEDGED_BY_CALL);
        say(response, 'zh-CN', ACK_PROMPTS.acknowledged);
      } else {
        say(response, 'zh-CN', ACK_PROMPTS.notPending);
      }
    } else {
      say(response, 'zh-CN', ACK_PROMPTS.noInput);
    }
    response.hangup();
    twiml(res, response.toString());
  });

  router.post('/call-status', async (req, res) => {
    const p = params(req);
    if (p.CallSid && p.CallStatus) {
      await advance(ctx, p.CallSid, p.CallStatus, 'call', notificationParam(req));
    }
    res.status(204).end();
  });

  router.post('/sms-status', async (req, res) => {
    const p = params(req);
    const status = p.MessageStatus ?? p.SmsStatus;
    if (p.MessageSid && status) {
      await advance(ctx, p.MessageSid, status, 'sms', notificationParam(req));
    }
    res.status(204).end();
  });

  return router;
}

/** What a duty officer pressing 1 on the alert call makes of that call's notification. */
const ACKNOWLEDGED_BY_CALL = 'acknowledged';

/**
 * Delivery status moves forward only (callbacks arrive late, twice or out of order); a call the
 * duty officer acknowledged on stays acknowledged. Each change is a `referral_delivery` timeline
 * event, pushed live (`referral.updated`, step `delivery`) like every referral move. A callback
 * for a send whose provider id was never written (its worker killed just after Twilio took it)
 * writes it from the notification id in its URL (`n`), so the job's retry does not send again.
 */
async function advance(
  ctx: Context,
  sid: string,
  status: string,
  kind: 'call' | 'sms',
  notificationId: string | null,
) {
  const bySid = () =>
    ctx.db
      .select({ id: notifications.id, status: notifications.status })
      .from(notifications)
      .where(eq(notifications.providerSid, sid));
  let [row] = await bySid();
  if (!row && notificationId) {
    await ctx.db
      .update(notifications)
      .set({ providerSid: sid, updatedAt: new Date() })
      .where(
        and(
          eq(notifications.id, notificationId),
          eq(notifications.channel, kind === 'sms' ? 'sms' : 'voice'),
          isNull(notifications.providerSid),
        ),
      );
    [row] = await bySid();
  }
  if (!row || row.status === ACKNOWLEDGED_BY_CALL) return;
  const forward =
    kind === 'sms'
      ? isMessageStatusAdvance(row.status, status)
      : isCallStatusAdvance({ status: row.status }, { status });
  if (!forward) return;
  await setDeliveryStatus(ctx, row.id, status);
}

/** Records a notification's new delivery status and its timeline event, in one transaction. */
async function setDeliveryStatus(
  ctx: Context,
  notificationId: string,
  status: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(notifications)
      .set({ status, updatedAt: new Date() })
      .where(eq(notifications.id, notificationId))
      .returning();
    if (!updated) return;
    const [referral] = await tx
      .select({ caseId: referrals.caseId, centreId: referrals.centreId })
      .from(referrals)
      .where(eq(referrals.id, updated.referralId));
    await appendCaseEvent(tx, {
      caseId: referral!.caseId,
      type: 'referral_delivery',
      actorId: null,
      data: {
        referralId: updated.referralId,
        centreId: referral!.centreId,
        notificationId,
        channel: updated.channel,
        purpose: updated.purpose,
        status,
        ...(updated.contactLabel ? { contactLabel: updated.contactLabel } : {}),
      },
    });
  });
  ctx.kickOutbox();
}
