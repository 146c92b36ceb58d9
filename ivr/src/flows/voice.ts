import type { Language } from '@hutong/shared';
import { TWILIO_PATHS, webhookUrl } from '../paths.js';
import {
  DEFAULT_LANGUAGE,
  GATHER_TIMEOUT_SECONDS,
  LANGUAGE_MENU,
  MAIN_MENU,
  MAX_MENU_ATTEMPTS,
  NO_INPUT_OPTION,
  REPEAT_DIGIT,
  VOICE_PROMPTS,
  type CallQueue,
  type MenuOption,
} from '../menu/voice-menu.js';
import { enqueueTwiml } from './queue.js';
import {
  parseCount,
  parseLanguage,
  say,
  sayPrompt,
  voiceResponse,
  type FlowContext,
} from './twiml.js';

/** Where the caller is in the menus; carried in the `/twilio/voice/menu` query string. */
export type MenuState =
  { stage: 'language'; attempt: number } | { stage: 'main'; language: Language; attempt: number };

/** What the system should record after a menu step. */
export type MenuDecision =
  | { kind: 'menu'; state: MenuState }
  | {
      kind: 'enqueue';
      language: Language;
      option: MenuOption;
      queue: CallQueue;
      /** `no-input`: the caller never chose; queued as "talk to someone". */
      reason: 'pressed' | 'no-input';
    };

/** TwiML plus the decision it encodes. */
export interface VoiceStep<D = MenuDecision> {
  twiml: string;
  decision: D;
}

/** Answers an incoming call (`POST /twilio/voice`) with the language menu. */
export function incomingCallTwiml(ctx: FlowContext): VoiceStep {
  return menuTwiml(ctx, { stage: 'language', attempt: 1 });
}

/** Reads the menu state from the `/twilio/voice/menu` query string. */
export function parseMenuState(query: Record<string, unknown>): MenuState {
  const attempt = Math.max(1, parseCount(query.attempt, 1));
  if (query.stage === 'main')
    return { stage: 'main', language: parseLanguage(query.lang), attempt };
  return { stage: 'language', attempt };
}

/**
 * Handles `POST /twilio/voice/menu`: `digits` is the Gather's Digits, or undefined when the
 * Gather timed out and Twilio followed the `<Redirect>` after it.
 */
export function menuStepTwiml(ctx: FlowContext, state: MenuState, digits?: string): VoiceStep {
  const pressed = digits?.trim() ?? '';
  if (state.stage === 'language') {
    const choice = LANGUAGE_MENU.find((item) => item.digit === pressed);
    if (choice) return menuTwiml(ctx, { stage: 'main', language: choice.language, attempt: 1 });
    return retryOrQueue(ctx, state, DEFAULT_LANGUAGE, pressed);
  }
  if (pressed === REPEAT_DIGIT) return menuTwiml(ctx, { ...state, attempt: 1 });
  const item = MAIN_MENU.find((entry) => entry.digit === pressed);
  if (item) {
    return queueStep(ctx, state.language, item.option, item.queue, 'pressed');
  }
  return retryOrQueue(ctx, state, state.language, pressed);
}

function retryOrQueue(
  ctx: FlowContext,
  state: MenuState,
  language: Language,
  pressed: string,
): VoiceStep {
  if (state.attempt >= MAX_MENU_ATTEMPTS) {
    const item = MAIN_MENU.find((entry) => entry.option === NO_INPUT_OPTION)!;
    return queueStep(ctx, language, item.option, item.queue, 'no-input');
  }
  return menuTwiml(ctx, { ...state, attempt: state.attempt + 1 }, pressed !== '');
}

function queueStep(
  ctx: FlowContext,
  language: Language,
  option: MenuOption,
  queue: CallQueue,
  reason: 'pressed' | 'no-input',
): VoiceStep {
  return {
    twiml: enqueueTwiml(ctx, { language, option, queue }),
    decision: { kind: 'enqueue', language, option, queue, reason },
  };
}

function menuQuery(state: MenuState): Record<string, string | number> {
  return state.stage === 'main'
    ? { stage: 'main', lang: state.language, attempt: state.attempt }
    : { stage: 'language', attempt: state.attempt };
}

function menuTwiml(ctx: FlowContext, state: MenuState, invalid = false): VoiceStep {
  const response = voiceResponse();
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: 1,
    timeout: GATHER_TIMEOUT_SECONDS,
    action: webhookUrl(ctx.baseUrl, TWILIO_PATHS.voiceMenu, menuQuery(state)),
    method: 'POST',
  });
  if (state.stage === 'language') {
    if (invalid) say(gather, DEFAULT_LANGUAGE, VOICE_PROMPTS.invalid[DEFAULT_LANGUAGE]);
    for (const item of LANGUAGE_MENU) say(gather, item.language, item.prompt);
  } else {
    if (invalid) sayPrompt(gather, state.language, VOICE_PROMPTS.invalid);
    for (const item of MAIN_MENU) sayPrompt(gather, state.language, item.prompt);
    sayPrompt(gather, state.language, VOICE_PROMPTS.repeat);
  }
  // A Gather that times out falls through to the next verb: the Redirect without Digits is
  // how the menu learns there was no input.
  response.redirect(
    { method: 'POST' },
    webhookUrl(ctx.baseUrl, TWILIO_PATHS.voiceMenu, { ...menuQuery(state), timeout: 1 }),
  );
  return { twiml: response.toString(), decision: { kind: 'menu', state } };
}
