import type { Language } from '@hutong/shared';
import { TWILIO_PATHS, webhookUrl } from '../paths.js';
import { VOICE_PROMPTS } from '../menu/voice-menu.js';
import { sayPrompt, voiceResponse, type FlowContext } from './twiml.js';

/** Longest voicemail in seconds. */
export const VOICEMAIL_MAX_SECONDS = 300;

/** Asks for a message and records it; the recording is reported to `/twilio/voice/recording`. */
export function recordVoicemailTwiml(ctx: FlowContext, language: Language): string {
  const response = voiceResponse();
  sayPrompt(response, language, VOICE_PROMPTS.voicemail);
  response.record({
    action: webhookUrl(ctx.baseUrl, TWILIO_PATHS.voiceVoicemail, { lang: language }),
    method: 'POST',
    maxLength: VOICEMAIL_MAX_SECONDS,
    finishOnKey: '#',
    playBeep: true,
    timeout: 10,
    recordingStatusCallback: webhookUrl(ctx.baseUrl, TWILIO_PATHS.voiceRecording, {
      lang: language,
    }),
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed'],
  });
  // Reached only if Record ends without requesting its action; the caller still hears a close.
  sayPrompt(response, language, VOICE_PROMPTS.callbackConfirmed);
  return response.toString();
}

/** The Record action (`POST /twilio/voice/voicemail`): thanks the caller and ends the call. */
export function voicemailSavedTwiml(_ctx: FlowContext, language: Language): string {
  const response = voiceResponse();
  sayPrompt(response, language, VOICE_PROMPTS.voicemailSaved);
  response.hangup();
  return response.toString();
}
