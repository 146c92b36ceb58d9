import type { Language } from '@hutong/shared';
import { TWILIO_PATHS, webhookUrl } from '../paths.js';
import { say, voiceResponse, type FlowContext } from './twiml.js';

/** What the staff member hears on a check-in call (回访), in the console's language. */
export const CHECKIN_PROMPTS = {
  connecting: {
    'zh-CN': '护童回访电话，正在为您接通。',
    en: 'Hutong check-in call. Connecting you now.',
  },
  noAnswer: { 'zh-CN': '对方未接听，通话结束。', en: 'There was no answer. Goodbye.' },
  busy: { 'zh-CN': '对方忙线，通话结束。', en: 'The line is busy. Goodbye.' },
  failed: { 'zh-CN': '无法接通对方，通话结束。', en: 'The call could not be connected. Goodbye.' },
  ended: {
    'zh-CN': '通话已结束，请在档案中填写回访记录。',
    en: 'The call has ended. Please complete the visit form.',
  },
} as const;

/** Seconds the guardian's phone rings before the check-in counts as unanswered. */
export const CHECKIN_RING_SECONDS = 30;

/**
 * The staff member answered: say so, then `<Dial>` the guardian or child from the hotline number.
 * The dialed leg reports its progress to `checkinLegStatus`; the `<Dial action>` gets its result.
 * The number is put in the TwiML only (Twilio needs it); it is never in a URL or a log.
 */
export function checkinDialTwiml(
  ctx: FlowContext,
  input: { callId: string; number: string; callerId: string | undefined; language: Language },
): string {
  const response = voiceResponse();
  say(response, input.language, CHECKIN_PROMPTS.connecting[input.language]);
  const query = { call: input.callId, lang: input.language };
  const dial = response.dial({
    action: webhookUrl(ctx.baseUrl, TWILIO_PATHS.checkinDialed, query),
    method: 'POST',
    timeout: CHECKIN_RING_SECONDS,
    ...(input.callerId ? { callerId: input.callerId } : {}),
  });
  dial.number(
    {
      statusCallback: webhookUrl(ctx.baseUrl, TWILIO_PATHS.checkinLegStatus, {
        call: input.callId,
      }),
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      statusCallbackMethod: 'POST',
    },
    input.number,
  );
  return response.toString();
}

/** After the `<Dial>`: tell the staff member how it went and hang up. */
export function checkinDialedTwiml(language: Language, dialCallStatus: string | undefined): string {
  const response = voiceResponse();
  const prompt =
    dialCallStatus === 'completed' || dialCallStatus === 'answered'
      ? CHECKIN_PROMPTS.ended
      : dialCallStatus === 'busy'
        ? CHECKIN_PROMPTS.busy
        : dialCallStatus === 'no-answer'
          ? CHECKIN_PROMPTS.noAnswer
          : CHECKIN_PROMPTS.failed;
  say(response, language, prompt[language]);
  response.hangup();
  return response.toString();
}

/** The call is no longer wanted (file closed, call unknown): a short apology and hang up. */
export function checkinGoneTwiml(language: Language): string {
  const response = voiceResponse();
  say(response, language, CHECKIN_PROMPTS.failed[language]);
  response.hangup();
  return response.toString();
}
