import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import {
  connectTwiml,
  fallbackTwiml,
  incomingCallTwiml,
  menuStepTwiml,
  parseLanguage,
  parseMenuState,
  parseQueuedCaller,
  queueExitTwiml,
  smsHeldReply,
  smsReplyTwiml,
  softphoneJoinTwiml,
  softphoneRefusedTwiml,
  validateTwilioWebhook,
  voicemailSavedTwiml,
  waitChoiceTwiml,
  waitTwiml,
  type FlowContext,
  type WaitChoice,
} from '@hutong/ivr';
import { AppError, stripUnstorableText, unstorableTextFields } from '@hutong/shared';
import type { Context } from '../../context.js';
import { isDatabaseUnavailable, isUnstorableText } from '../../db/errors.js';
import { findCallBySid } from './telephony.repository.js';
import {
  applyCallStatus,
  attachRecording,
  connectCall,
  leaveQueue,
  queueCall,
  recordWait,
  recordWaitChoice,
  startCall,
} from './commands/voice-calls.js';
import { receiveSms } from './commands/receive-sms.js';
import {
  checkinAnswered,
  checkinDialed,
  checkinLegStatus,
  checkinStatus,
} from '../children/commands/checkin-call.js';
import { softphoneConference } from './commands/join-conference.js';
import { applySmsStatus } from './commands/send-sms.js';
import { spoolInboundSms, spoolSmsStatus } from './commands/spool-sms.js';
import { notifyTwilioRoutes } from '../dispatch/notify.routes.js';

type Params = Record<string, string | undefined>;

function params(req: Request): Params {
  return (req.body ?? {}) as Params;
}

function twiml(res: Response, document: string): void {
  res.type('text/xml').send(document);
}

/**
 * Runs a voice webhook's bookkeeping and answers its TwiML; when the bookkeeping fails for a
 * reason that is not the request's fault (PostgreSQL restarting or unreachable, …), the caller
 * still gets TwiML: `otherwise` — wait on, be connected, or be put through to the duty phone.
 * An error status would make Twilio say "an application error has occurred" and hang up on a
 * child. Found by `npm run chaos` (PostgreSQL unplugged): `/twilio/voice` answered 500 JSON.
 */
async function answerVoice(
  ctx: Context,
  req: Request,
  res: Response,
  work: () => Promise<string>,
  otherwise: () => string,
): Promise<void> {
  let document: string;
  let timer: NodeJS.Timeout | undefined;
  try {
    const working = work();
    // A database that went silent answers nothing at all (not even an error) until the query
    // timeout, and Twilio gives up on a webhook after 15 s: past the deadline the caller gets
    // `otherwise` and the bookkeeping finishes (or fails, logged) on its own.
    const late = new Promise<typeof LATE>((resolve) => {
      timer = setTimeout(() => resolve(LATE), VOICE_DEADLINE_MS);
    });
    const first = await Promise.race([working, late]);
    if (first === LATE) {
      working.catch((err: unknown) =>
        ctx.log.warn(
          { err, path: `${req.baseUrl}${req.path}` },
          'voice webhook bookkeeping failed after its deadline',
        ),
      );
      ctx.log.warn(
        { path: `${req.baseUrl}${req.path}`, deadlineMs: VOICE_DEADLINE_MS },
        'voice webhook answered at its deadline, without its bookkeeping',
      );
      twiml(res, otherwise());
      return;
    }
    document = first;
  } catch (err) {
    if ((err instanceof AppError && err.status < 500) || isUnstorableText(err)) throw err;
    const unavailable = isDatabaseUnavailable(err);
    ctx.log[unavailable ? 'warn' : 'error'](
      { err, path: `${req.baseUrl}${req.path}` },
      'voice webhook answered without its bookkeeping',
    );
    document = otherwise();
  } finally {
    clearTimeout(timer);
  }
  twiml(res, document);
}

const LATE = Symbol('late');
/**
 * How long a voice webhook's bookkeeping may take before the caller is answered without it
 * (Twilio waits 15 s; the rest is the network's and Twilio's own).
 */
export const VOICE_DEADLINE_MS = 8_000;

/** How long a webhook waits for Redis to take what PostgreSQL could not (Twilio waits 15 s). */
const SPOOL_WAIT_MS = 5_000;

/**
 * Keeps a webhook in Redis; if Redis cannot take it either (an error, or no answer in time: its
 * client queues commands while reconnecting), the database's error stands (503).
 */
async function spoolOr(original: unknown, spool: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      spool(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('spool timed out')), SPOOL_WAIT_MS);
      }),
    ]);
  } catch {
    throw original;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every request must carry a valid X-Twilio-Signature for HUTONG_PUBLIC_URL (or, in demo mode,
 * the server's own URL) + the original path and query; otherwise 403 and nothing changes.
 */
function requireTwilioSignature(ctx: Context): RequestHandler {
  return (req, _res, next) => {
    if (!validateTwilioWebhook(ctx.telephony.authToken, ctx.telephony.baseUrl, req)) {
      throw new AppError('INVALID_SIGNATURE', { message: 'Invalid Twilio request signature' });
    }
    next();
  };
}

/**
 * After the signature check (which covers the parameters exactly as sent): one value per
 * parameter, else 400 naming it; and text the database can store. A NUL or an unpaired
 * surrogate is dropped rather than refused, so a child's SMS is still stored and answered.
 */
function oneStorableValueEach(): RequestHandler {
  return (req, _res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const repeated = [...Object.entries(body), ...Object.entries(req.query)]
      .filter(([, value]) => Array.isArray(value))
      .map(([key]) => stripUnstorableText(key));
    const unstorableQuery = unstorableTextFields(req.query);
    if (repeated.length > 0 || Object.keys(unstorableQuery).length > 0) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The webhook has invalid fields',
        data: {
          ...unstorableQuery,
          ...Object.fromEntries(repeated.map((key) => [key, 'Given more than once'])),
        },
      });
    }
    const clean: Params = {};
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') clean[stripUnstorableText(key)] = stripUnstorableText(value);
    }
    req.body = clean;
    next();
  };
}

/** Twilio's webhooks (`/twilio/*`): form-encoded, signed, answered with TwiML at once. */
export function twilioRoutes(ctx: Context): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(requireTwilioSignature(ctx));
  router.use(oneStorableValueEach());
  const flow = (): FlowContext => ({ baseUrl: ctx.telephony.baseUrl });
  // Dispatch's duty-phone alert calls ("press 1 to acknowledge") and their status callbacks.
  router.use('/notify', notifyTwilioRoutes(ctx));

  // Without the database a new or queued caller is put through to the duty phone (the same
  // TwiML as Twilio's fallback URL): the operators' queue lives in our records.
  const toDutyPhone = () => fallbackTwiml(ctx.telephony.config.dutyPhone);

  router.post('/voice', async (req, res) => {
    const p = params(req);
    await answerVoice(
      ctx,
      req,
      res,
      async () => {
        if (p.CallSid) await startCall(ctx, p.CallSid, p.From ?? '');
        return incomingCallTwiml(flow()).twiml;
      },
      toDutyPhone,
    );
  });

  router.post('/voice/menu', async (req, res) => {
    const p = params(req);
    const step = menuStepTwiml(flow(), parseMenuState(req.query), p.Digits);
    await answerVoice(
      ctx,
      req,
      res,
      async () => {
        if (step.decision.kind === 'enqueue' && p.CallSid) {
          await queueCall(ctx, p.CallSid, p.From ?? '', step.decision);
        }
        return step.twiml;
      },
      toDutyPhone,
    );
  });

  // A caller already in Twilio's queue keeps waiting; only our note of the position is missed.
  router.post('/voice/wait', async (req, res) => {
    const p = params(req);
    const step = waitTwiml(flow(), parseQueuedCaller(req.query), p);
    await answerVoice(
      ctx,
      req,
      res,
      async () => {
        if (p.CallSid) {
          await recordWait(ctx, p.CallSid, {
            position: step.decision.position,
            queueSid: p.QueueSid,
          });
        }
        return step.twiml;
      },
      () => step.twiml,
    );
  });

  router.post('/voice/wait-choice', async (req, res) => {
    const p = params(req);
    const step = waitChoiceTwiml(flow(), parseQueuedCaller(req.query), p.Digits);
    await answerVoice(
      ctx,
      req,
      res,
      async () => {
        if (step.decision.kind === 'leave' && p.CallSid) {
          await recordWaitChoice(ctx, p.CallSid, step.decision.choice);
        }
        return step.twiml;
      },
      () => step.twiml,
    );
  });

  router.post('/voice/queue-exit', async (req, res) => {
    const p = params(req);
    await answerVoice(
      ctx,
      req,
      res,
      async () => {
        const call = p.CallSid ? await findCallBySid(ctx.db, p.CallSid) : undefined;
        const step = queueExitTwiml(flow(), parseQueuedCaller(req.query), {
          queueResult: p.QueueResult,
          choice: (call?.waitChoice ?? undefined) as WaitChoice | undefined,
          dutyPhone: ctx.telephony.config.dutyPhone,
        });
        const kind = step.decision.kind;
        if (p.CallSid && (kind === 'voicemail' || kind === 'callback' || kind === 'abandoned')) {
          await leaveQueue(ctx, p.CallSid, kind);
        }
        return step.twiml;
      },
      toDutyPhone,
    );
  });

  router.post('/voice/voicemail', (req, res) => {
    twiml(res, voicemailSavedTwiml(flow(), parseLanguage(req.query.lang)));
  });

  router.post('/voice/recording', async (req, res) => {
    const p = params(req);
    if (p.CallSid && p.RecordingSid && p.RecordingUrl && p.RecordingStatus !== 'failed') {
      await attachRecording(ctx, p.CallSid, {
        sid: p.RecordingSid,
        url: p.RecordingUrl,
        seconds: Number.parseInt(p.RecordingDuration ?? '0', 10) || 0,
      });
    }
    res.status(204).end();
  });

  router.post('/voice/connect', async (req, res) => {
    const p = params(req);
    const conference = typeof req.query.conference === 'string' ? req.query.conference : '';
    if (!conference) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The query has invalid fields',
        data: { conference: 'Required' },
      });
    }
    // The operator is already in the conference: the caller is put through even if our record
    // of it fails.
    const connect = () =>
      connectTwiml(flow(), { language: parseLanguage(req.query.lang), conference });
    await answerVoice(
      ctx,
      req,
      res,
      async () => {
        if (p.CallSid) await connectCall(ctx, p.CallSid, conference);
        return connect();
      },
      connect,
    );
  });

  // The TwiML App's Voice URL: an operator's browser softphone (Voice SDK) joins the case's
  // conference; anyone else hears a refusal and is hung up (TwiML, never an error status).
  router.post('/voice/client', async (req, res) => {
    const p = params(req);
    await answerVoice(
      ctx,
      req,
      res,
      async () => {
        const conference = await softphoneConference(ctx, p.From, p.conference);
        return conference ? softphoneJoinTwiml(flow(), { conference }) : softphoneRefusedTwiml();
      },
      softphoneRefusedTwiml,
    );
  });

  router.post('/voice/status', async (req, res) => {
    const p = params(req);
    if (p.CallSid && p.CallStatus) {
      const sequence = p.SequenceNumber ? Number.parseInt(p.SequenceNumber, 10) : undefined;
      await applyCallStatus(ctx, p.CallSid, p.From ?? '', {
        status: p.CallStatus,
        sequence: Number.isFinite(sequence) ? sequence : undefined,
      });
    }
    res.status(204).end();
  });

  // Check-in calls (回访) placed from a child's file; `?call=` names the call in every URL.
  const checkinId = (req: Request): string =>
    typeof req.query.call === 'string' ? req.query.call : '';
  router.post('/checkin/voice', async (req, res) => {
    const p = params(req);
    const language = parseLanguage(req.query.lang);
    twiml(
      res,
      await checkinAnswered(ctx, { callId: checkinId(req), callSid: p.CallSid, language }),
    );
  });
  router.post('/checkin/dialed', async (req, res) => {
    const p = params(req);
    const document = await checkinDialed(ctx, {
      callId: checkinId(req),
      callSid: p.CallSid,
      dialCallStatus: p.DialCallStatus,
      dialCallDuration: p.DialCallDuration,
      dialCallSid: p.DialCallSid,
      language: parseLanguage(req.query.lang),
    });
    twiml(res, document);
  });
  router.post('/checkin/status', async (req, res) => {
    const p = params(req);
    if (p.CallStatus) {
      const sequence = p.SequenceNumber ? Number.parseInt(p.SequenceNumber, 10) : undefined;
      await checkinStatus(ctx, {
        callId: checkinId(req),
        callSid: p.CallSid,
        status: p.CallStatus,
        ...(Number.isFinite(sequence) ? { sequence } : {}),
      });
    }
    res.status(204).end();
  });
  router.post('/checkin/leg-status', async (req, res) => {
    const p = params(req);
    if (p.CallSid && p.CallStatus) {
      await checkinLegStatus(ctx, {
        callId: checkinId(req),
        parentCallSid: p.ParentCallSid,
        legSid: p.CallSid,
        status: p.CallStatus,
      });
    }
    res.status(204).end();
  });

  router.post('/sms', async (req, res) => {
    const p = params(req);
    if (!p.MessageSid || !p.From) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The webhook has invalid fields',
        data: { ...(p.MessageSid ? {} : { MessageSid: 'Required' }), From: 'Required' },
      });
    }
    const sms = { messageSid: p.MessageSid, from: p.From, body: p.Body ?? '' };
    let reply: string | null;
    try {
      reply = await receiveSms(ctx, sms);
    } catch (err) {
      // Twilio never sends it again: kept in Redis until PostgreSQL is back (or 503 if Redis,
      // too, cannot take it).
      if (!isDatabaseUnavailable(err)) throw err;
      await spoolOr(err, () => spoolInboundSms(ctx, sms));
      ctx.log.warn({ messageSid: sms.messageSid }, 'sms kept until the database is back');
      reply = smsHeldReply(sms.body);
    }
    twiml(res, smsReplyTwiml(reply));
  });

  router.post('/sms/status', async (req, res) => {
    const p = params(req);
    const status = p.MessageStatus ?? p.SmsStatus;
    if (p.MessageSid && status) {
      const { MessageSid: sid } = p;
      try {
        await applySmsStatus(ctx, sid, status);
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        await spoolOr(err, () => spoolSmsStatus(ctx, sid, status));
      }
    }
    res.status(204).end();
  });

  router.all('/fallback', (_req, res) => {
    twiml(res, fallbackTwiml(ctx.telephony.config.dutyPhone));
  });

  return router;
}
