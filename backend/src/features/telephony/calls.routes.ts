import { eq } from 'drizzle-orm';
import { mintVoiceAccessToken, softphoneIdentity } from '@hutong/ivr';
import { AppError, type TCallbackList, type TSoftphoneToken } from '@hutong/shared';
import type { Context } from '../../context.js';
import { reports } from '../../db/schema.js';
import { SENT, type RouteHandlers, type RouteInput } from '../../http/define-route.js';
import type { Actor } from '../auth/sessions.js';
import { answerCall } from './commands/answer-call.js';
import { completeCallback, hangUpCall } from './commands/end-call.js';
import { readCaseSms, sendCaseSms } from './commands/send-sms.js';
import { findLiveCallRows, findOpenCallbackRows } from './telephony.repository.js';
import { presentCall, presentCallbackTask } from './telephony.presenter.js';

/** Open callback tasks, each with the case its report went to (if triaged yet). */
async function listCallbacks(ctx: Context): Promise<TCallbackList> {
  const rows = await findOpenCallbackRows(ctx.db);
  const caseIds = new Map<string, string | null>();
  for (const { task } of rows) {
    const [report] = await ctx.db
      .select({ caseId: reports.caseId })
      .from(reports)
      .where(eq(reports.id, task.reportId));
    caseIds.set(task.id, report?.caseId ?? null);
  }
  return {
    tasks: rows.map(({ task, call }) =>
      presentCallbackTask(ctx.config, task, call, caseIds.get(task.id) ?? null),
    ),
  };
}

/** A Twilio Voice access token when an account is configured; the simulated softphone else. */
function softphoneToken(ctx: Context, actor: Actor): TSoftphoneToken {
  const identity = softphoneIdentity(actor.id);
  const t = ctx.telephony.config;
  if (!(t.accountSid && t.apiKey && t.apiSecret && t.twimlAppSid)) {
    return { mode: 'simulated', identity };
  }
  return {
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

/**
 * `/api/calls` (the live waiting-calls panel, answering, callback tasks, softphone set-up) and
 * `/api/cases/:id/sms` (a case's SMS conversation, and replies from the console).
 */
export function callRoutes(ctx: Context) {
  return {
    listCalls: async () => {
      const now = new Date();
      const rows = await findLiveCallRows(ctx.db);
      return { calls: rows.map((row) => presentCall(ctx.config, row, now)) };
    },
    listCallbacks: () => listCallbacks(ctx),
    completeCallback: ({ actor, params }) => completeCallback(ctx, actor, params.id),
    softphoneToken: ({ actor }) => softphoneToken(ctx, actor),
    // The body is optional: answering without picking a case opens one from the call.
    answerCall: {
      optionalBody: true,
      handle: ({ actor, params, body }) => answerCall(ctx, actor, params.id, body),
    },
    hangUpCall: ({ actor, params }) => hangUpCall(ctx, actor, params.id),
    caseSms: ({ actor, params }) => readCaseSms(ctx, actor, params.id),
    sendCaseSms: ({ actor, params, body }) => sendCaseSms(ctx, actor, params.id, body.body),
  } satisfies RouteHandlers;
}

type SimRoute =
  'simHealth' | 'simCalls' | 'simPlaceCall' | 'simHangUp' | 'simSendSms' | 'simMessages';

/**
 * Forwards a parsed request to the in-process simulator's control API and relays its answer
 * (status and body) as it is.
 */
async function forward(
  ctx: Context,
  path: string,
  { req, res, body }: Pick<RouteInput<SimRoute>, 'req' | 'res'> & { body?: unknown },
): Promise<typeof SENT> {
  const base = ctx.telephony.simulatorUrl;
  if (ctx.config.production || !base) {
    throw new AppError('NOT_FOUND', { message: 'The phone simulator is not running' });
  }
  const upstream = await fetch(`${base}/sim${path}`, {
    method: req.method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await upstream.text();
  res.status(upstream.status).type(upstream.headers.get('content-type') ?? 'application/json');
  res.send(text);
  return SENT;
}

/**
 * `/api/dev/sim/*` (demo mode only; operators, supervisors and admins): the in-process
 * simulator's control API, so the console's phone-simulator page can place calls and send SMS.
 * Not bound in production; 404 when no simulator runs.
 */
export function devSimRoutes(ctx: Context) {
  return {
    simHealth: { demoOnly: true, handle: (input) => forward(ctx, '/health', input) },
    simCalls: { demoOnly: true, handle: (input) => forward(ctx, '/calls', input) },
    simPlaceCall: { demoOnly: true, handle: (input) => forward(ctx, '/calls', input) },
    simHangUp: {
      demoOnly: true,
      handle: (input) => forward(ctx, `/calls/${input.params.sid}/hangup`, input),
    },
    simSendSms: { demoOnly: true, handle: (input) => forward(ctx, '/sms', input) },
    simMessages: { demoOnly: true, handle: (input) => forward(ctx, '/messages', input) },
  } satisfies RouteHandlers;
}
