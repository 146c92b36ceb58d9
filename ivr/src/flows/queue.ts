import { LANGUAGES, type Language } from '@hutong/shared';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import { TWILIO_PATHS, webhookUrl } from '../paths.js';
import {
  CallQueue,
  GATHER_TIMEOUT_SECONDS,
  MenuOption,
  OFFER_VOICEMAIL_AFTER_SECONDS,
  VOICE_PROMPTS,
  WAIT_CHOICES,
  positionPrompt,
  type WaitChoice,
} from '../menu/voice-menu.js';
import {
  parseCount,
  parseLanguage,
  sayPrompt,
  say,
  voiceResponse,
  type FlowContext,
} from './twiml.js';
import { recordVoicemailTwiml } from './voicemail.js';

/** A queued caller as the queue URLs carry it (`?lang=&queue=&option=`). */
export interface QueuedCaller {
  language: Language;
  queue: CallQueue;
  option: MenuOption;
}

/** Seconds of silence between hold announcements. */
const HOLD_PAUSE_SECONDS = 10;

function queuedQuery(caller: QueuedCaller): Record<string, string> {
  return { lang: caller.language, queue: caller.queue, option: caller.option };
}

/** Reads the queued caller from a queue URL's query string. */
export function parseQueuedCaller(query: Record<string, unknown>): QueuedCaller {
  const queue = query.queue === CallQueue.urgent ? CallQueue.urgent : CallQueue.general;
  const options = Object.values(MenuOption) as unknown[];
  const option = options.includes(query.option) ? (query.option as MenuOption) : MenuOption.talk;
  return { language: parseLanguage(query.lang), queue, option };
}

/** Puts the caller into the urgent or general queue with the hold loop and exit action. */
export function enqueueTwiml(ctx: FlowContext, caller: QueuedCaller): string {
  const response = voiceResponse();
  // A child in danger needs the police faster than any queue: said before queueing.
  if (caller.queue === CallQueue.urgent)
    sayPrompt(response, caller.language, VOICE_PROMPTS.call110);
  sayPrompt(
    response,
    caller.language,
    caller.queue === CallQueue.urgent ? VOICE_PROMPTS.queueUrgent : VOICE_PROMPTS.queueGeneral,
  );
  appendEnqueue(response, ctx, caller);
  return response.toString();
}

function appendEnqueue(response: VoiceResponse, ctx: FlowContext, caller: QueuedCaller): void {
  response.enqueue(
    {
      action: webhookUrl(ctx.baseUrl, TWILIO_PATHS.voiceQueueExit, queuedQuery(caller)),
      method: 'POST',
      waitUrl: webhookUrl(ctx.baseUrl, TWILIO_PATHS.voiceWait, queuedQuery(caller)),
      waitUrlMethod: 'POST',
    },
    caller.queue,
  );
}

/** Twilio's parameters on each waitUrl request. */
export interface QueueWaitParams {
  QueuePosition?: string;
  QueueSid?: string;
  QueueTime?: string;
  AvgQueueTime?: string;
  CurrentQueueSize?: string;
}

/** What the hold loop did this round. */
export interface WaitDecision {
  kind: 'hold';
  position: number;
  waitSeconds: number;
  /** Whether voicemail and callback were offered (general queue after 60 s only). */
  offered: boolean;
}

/**
 * The hold loop (`POST /twilio/voice/wait`): tells the caller their position; in the general
 * queue after 60 s offers voicemail or a callback. Urgent callers are never offered either.
 */
export function waitTwiml(
  ctx: FlowContext,
  caller: QueuedCaller,
  params: QueueWaitParams,
): { twiml: string; decision: WaitDecision } {
  const position = Math.max(1, parseCount(params.QueuePosition, 1));
  const waitSeconds = parseCount(params.QueueTime, 0);
  const offered =
    caller.queue === CallQueue.general && waitSeconds >= OFFER_VOICEMAIL_AFTER_SECONDS;
  const response = voiceResponse();
  say(response, caller.language, positionPrompt(caller.language, position));
  // Urgent callers hear it every round; everyone else once, on their first round of waiting.
  if (caller.queue === CallQueue.urgent || waitSeconds < HOLD_PAUSE_SECONDS) {
    sayPrompt(response, caller.language, VOICE_PROMPTS.call110);
  }
  if (offered) {
    const gather = response.gather({
      input: ['dtmf'],
      numDigits: 1,
      timeout: GATHER_TIMEOUT_SECONDS,
      action: webhookUrl(ctx.baseUrl, TWILIO_PATHS.voiceWaitChoice, queuedQuery(caller)),
      method: 'POST',
    });
    sayPrompt(gather, caller.language, VOICE_PROMPTS.offer);
  } else {
    sayPrompt(
      response,
      caller.language,
      caller.queue === CallQueue.urgent ? VOICE_PROMPTS.holdUrgent : VOICE_PROMPTS.holdGeneral,
    );
    response.pause({ length: HOLD_PAUSE_SECONDS });
  }
  return { twiml: response.toString(), decision: { kind: 'hold', position, waitSeconds, offered } };
}

/** What the caller chose in the hold loop. */
export type WaitChoiceDecision = { kind: 'leave'; choice: WaitChoice } | { kind: 'stay' };

/**
 * The hold loop's Gather action (`POST /twilio/voice/wait-choice`): 1 or 2 leaves the queue
 * (`<Leave>`, then Twilio requests the Enqueue action with QueueResult=leave); the system must
 * remember the choice by CallSid for that request. Urgent callers always stay.
 */
export function waitChoiceTwiml(
  _ctx: FlowContext,
  caller: QueuedCaller,
  digits: string | undefined,
): { twiml: string; decision: WaitChoiceDecision } {
  const response = voiceResponse();
  const choice = (Object.keys(WAIT_CHOICES) as WaitChoice[]).find(
    (key) => WAIT_CHOICES[key] === digits?.trim(),
  );
  if (choice && caller.queue === CallQueue.general) {
    response.leave();
    return { twiml: response.toString(), decision: { kind: 'leave', choice } };
  }
  sayPrompt(response, caller.language, VOICE_PROMPTS.stay);
  return { twiml: response.toString(), decision: { kind: 'stay' } };
}

/** Twilio's QueueResult values on the Enqueue action request. */
export const QueueResult = {
  bridged: 'bridged',
  bridgingInProgress: 'bridging-in-progress',
  queueFull: 'queue-full',
  redirected: 'redirected',
  hangup: 'hangup',
  leave: 'leave',
  error: 'error',
  systemError: 'system-error',
} as const;
export type QueueResult = (typeof QueueResult)[keyof typeof QueueResult];

/** What happened when the caller left the queue. */
export type QueueExitDecision =
  | { kind: 'voicemail' }
  | { kind: 'callback' }
  | { kind: 'abandoned' }
  | { kind: 'completed' }
  | { kind: 'redirected' }
  | { kind: 'requeued'; reason: string }
  | { kind: 'duty-phone' };

/** Input of the Enqueue action besides the caller: Twilio's QueueResult and the stored choice. */
export interface QueueExitInput {
  queueResult: string | undefined;
  /** The hold-loop choice the system stored for this CallSid, if any. */
  choice?: WaitChoice | undefined;
  /** HUTONG_DUTY_PHONE: where to send the caller if queueing itself failed. */
  dutyPhone?: string | undefined;
}

/**
 * The Enqueue action (`POST /twilio/voice/queue-exit`). Nobody is dropped: a leave without a
 * known choice, or a failed enqueue, puts the caller back in the queue (or to the duty phone).
 */
export function queueExitTwiml(
  ctx: FlowContext,
  caller: QueuedCaller,
  input: QueueExitInput,
): { twiml: string; decision: QueueExitDecision } {
  const response = voiceResponse();
  switch (input.queueResult ?? '') {
    case QueueResult.hangup:
      return { twiml: response.toString(), decision: { kind: 'abandoned' } };
    case QueueResult.redirected:
      // The call already runs the dequeue URL; Twilio ignores this document.
      return { twiml: response.toString(), decision: { kind: 'redirected' } };
    case QueueResult.bridged:
      sayPrompt(response, caller.language, VOICE_PROMPTS.goodbye);
      response.hangup();
      return { twiml: response.toString(), decision: { kind: 'completed' } };
    case QueueResult.leave:
      if (caller.queue === CallQueue.general && input.choice === 'voicemail') {
        return {
          twiml: recordVoicemailTwiml(ctx, caller.language),
          decision: { kind: 'voicemail' },
        };
      }
      if (caller.queue === CallQueue.general && input.choice === 'callback') {
        sayPrompt(response, caller.language, VOICE_PROMPTS.callbackConfirmed);
        response.hangup();
        return { twiml: response.toString(), decision: { kind: 'callback' } };
      }
      return requeue(ctx, caller, 'leave without a choice');
    default:
      if (input.dutyPhone) {
        sayPrompt(response, caller.language, VOICE_PROMPTS.fallback);
        response.dial({ timeout: 30 }).number(input.dutyPhone);
        // If the duty phone does not answer, the caller goes back to the queue, never to silence.
        appendEnqueue(response, ctx, caller);
        return { twiml: response.toString(), decision: { kind: 'duty-phone' } };
      }
      return requeue(ctx, caller, input.queueResult ?? 'unknown');
  }
}

function requeue(
  ctx: FlowContext,
  caller: QueuedCaller,
  reason: string,
): { twiml: string; decision: QueueExitDecision } {
  return { twiml: enqueueTwiml(ctx, caller), decision: { kind: 'requeued', reason } };
}

/**
 * TwiML for the answering side of a queue (`<Dial><Queue>`): a duty phone or softphone that
 * takes the caller at the front of `queue`.
 */
export function dialQueueTwiml(queue: CallQueue): string {
  const response = voiceResponse();
  response.dial().queue(queue);
  return response.toString();
}

/**
 * `POST /twilio/voice/connect?conference=&lang=`: the URL given when dequeuing a caller through
 * the REST API; bridges them into the conference named after the case.
 */
export function connectTwiml(
  _ctx: FlowContext,
  input: { language: Language; conference: string },
): string {
  const response = voiceResponse();
  sayPrompt(response, input.language, VOICE_PROMPTS.connecting);
  response
    .dial()
    .conference({ startConferenceOnEnter: true, endConferenceOnExit: true }, input.conference);
  return response.toString();
}

/**
 * `POST /twilio/voice/client` (the TwiML App's Voice URL), for an operator allowed on the call:
 * the operator's browser joins the case's conference; leaving it ends the call for the caller.
 */
export function softphoneJoinTwiml(_ctx: FlowContext, input: { conference: string }): string {
  const response = voiceResponse();
  response
    .dial()
    .conference(
      { startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false' },
      input.conference,
    );
  return response.toString();
}

/** The same URL for an unknown identity or a call this operator may not join: said, then ended. */
export function softphoneRefusedTwiml(): string {
  const response = voiceResponse();
  for (const language of LANGUAGES) sayPrompt(response, language, VOICE_PROMPTS.softphoneRefused);
  response.hangup();
  return response.toString();
}
