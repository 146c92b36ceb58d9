import { Router, type Request, type Response } from 'express';
import { eq } from 'drizzle-orm';
import { mintVoiceAccessToken, softphoneIdentity } from '@hutong/ivr';
import {
  AppError,
  unstorableTextFields,
  ZAnswerCall,
  ZSendSms,
  type TCallList,
  type TCallbackList,
  type TSoftphoneToken,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { reports } from '../../db/schema.js';
import { parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { answerCall } from './commands/answer-call.js';
import { completeCallback, hangUpCall } from './commands/end-call.js';
import { readCaseSms, sendCaseSms } from './commands/send-sms.js';
import { findLiveCallRows, findOpenCallbackRows } from './telephony.repository.js';
import { presentCall, presentCallbackTask } from './telephony.presenter.js';

/** A JSON body, or an empty object when none was sent (answer takes an optional body). */
function optionalJson(req: Request): unknown {
  if (req.body === undefined || (typeof req.body === 'object' && req.body !== null)) {
    return req.body ?? {};
  }
  return req.body;
}

/** `/api/calls`: the live waiting-calls panel, answering, callback tasks, softphone set-up. */
export function callRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/', requireActor(ctx, 'cases.list'), async (_req, res) => {
    const now = new Date();
    const body: TCallList = {
      calls: (await findLiveCallRows(ctx.db)).map((row) => presentCall(ctx.config, row, now)),
    };
    res.json(body);
  });

  router.get('/callbacks', requireActor(ctx, 'cases.list'), async (_req, res) => {
    const rows = await findOpenCallbackRows(ctx.db);
    const caseIds = new Map<string, string | null>();
    for (const { task } of rows) {
      const [report] = await ctx.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, task.reportId));
      caseIds.set(task.id, report?.caseId ?? null);
    }
    const body: TCallbackList = {
      tasks: rows.map(({ task, call }) =>
        presentCallbackTask(ctx.config, task, call, caseIds.get(task.id) ?? null),
      ),
    };
    res.json(body);
  });

  router.post('/callbacks/:id/complete', requireActor(ctx, 'calls.answer'), async (req, res) => {
    res.json(await completeCallback(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.get('/softphone', requireActor(ctx, 'calls.answer'), (req, res) => {
    const actor = actorOf(req);
    const identity = softphoneIdentity(actor.id);
    const t = ctx.telephony.config;
    let body: TSoftphoneToken = { mode: 'simulated', identity };
    if (t.accountSid && t.apiKey && t.apiSecret && t.twimlAppSid) {
      body = {
        mode: 'twilio',
        identity,
        token: mintVoiceAccessToken({
          accountSid: t.accountSid,
          apiKey: t.apiKey,
          apiSecret: t.apiSecret,
          twimlAppSid: t.twimlAppSid,
          identity,
        }),
      };
    }
    res.json(body);
  });

  router.post('/:id/answer', requireActor(ctx, 'calls.answer'), async (req, res) => {
    const input = parse(ZAnswerCall, optionalJson(req));
    res.json(await answerCall(ctx, actorOf(req), uuidParam(req, 'id'), input));
  });

  router.post('/:id/hangup', requireActor(ctx, 'calls.answer'), async (req, res) => {
    res.json(await hangUpCall(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  return router;
}

/** `/api/cases/:id/sms`: a case's SMS conversation, and replies from the console. */
export function caseSmsRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/:id/sms', requireActor(ctx, 'cases.read'), async (req, res) => {
    res.json(await readCaseSms(ctx, actorOf(req), uuidParam(req, 'id')));
  });
  router.post('/:id/sms', requireActor(ctx, 'cases.claim'), async (req, res) => {
    if (!req.is('application/json')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
        message: 'Send the body as application/json',
      });
    }
    const input = parse(ZSendSms, req.body);
    res.status(202).json(await sendCaseSms(ctx, actorOf(req), uuidParam(req, 'id'), input.body));
  });
  return router;
}

/**
 * `/api/dev/sim/*` (demo mode; operators, supervisors and admins): the in-process simulator's
 * control API, so the console's phone-simulator page can place calls and send SMS. Absent in
 * production.
 */
export function devSimRoutes(ctx: Context): Router {
  const router = Router();
  // It shows every number, SMS and lookup code: the people who play callers in a demo only.
  router.use(requireActor(ctx, 'sim.use'));
  router.use(async (req: Request, res: Response) => {
    // Forwarded unparsed, so the check every parsed input gets is made here.
    const unstorable = unstorableTextFields(req.body);
    if (Object.keys(unstorable).length > 0) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The request has invalid fields',
        data: unstorable,
      });
    }
    const base = ctx.telephony.simulatorUrl;
    if (ctx.config.production || !base) {
      throw new AppError('NOT_FOUND', { message: 'The phone simulator is not running' });
    }
    const upstream = await fetch(`${base}/sim${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/json' },
      ...(req.method === 'GET' || req.method === 'HEAD'
        ? {}
        : { body: JSON.stringify(req.body ?? {}) }),
    });
    const text = await upstream.text();
    res.status(upstream.status).type(upstream.headers.get('content-type') ?? 'application/json');
    res.send(text);
  });
  return router;
}
