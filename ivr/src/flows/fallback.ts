import { LANGUAGES } from '@hutong/shared';
import { VOICE_PROMPTS } from '../menu/voice-menu.js';
import { sayPrompt, voiceResponse } from './twiml.js';

/**
 * The Voice Fallback document (`/twilio/fallback`): Twilio requests it when the main webhook
 * fails, so it depends on nothing but the duty phone number and can be hosted apart from the
 * service (a static file or a TwiML Bin; see ivr/README.md). Without a number it tells the
 * caller to ring 110 rather than leaving them in silence.
 */
export function fallbackTwiml(dutyPhone?: string): string {
  const response = voiceResponse();
  if (dutyPhone) {
    for (const language of LANGUAGES) sayPrompt(response, language, VOICE_PROMPTS.fallback);
    response.dial({ timeout: 30 }).number(dutyPhone);
  }
  // Dial without an action falls through when the duty phone does not answer.
  for (const language of LANGUAGES) {
    sayPrompt(response, language, VOICE_PROMPTS.fallbackUnavailable);
  }
  response.hangup();
  return response.toString();
}

/** The fallback document for a placeholder number, to copy into a static host or TwiML Bin. */
export const FALLBACK_TWIML_EXAMPLE: string = fallbackTwiml('+8610XXXXXXXX');
