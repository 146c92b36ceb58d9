import type { Language } from '@hutong/shared';
import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import { LANGUAGES } from '@hutong/shared';
import { DEFAULT_LANGUAGE, SAY_SETTINGS, type Localized } from '../menu/voice-menu.js';

/** What every flow needs: where the system's webhooks are reachable from Twilio. */
export interface FlowContext {
  /** HUTONG_PUBLIC_URL, e.g. https://hotline.example.org (no trailing slash needed). */
  baseUrl: string;
}

/** A fresh TwiML voice document. */
export function voiceResponse(): VoiceResponse {
  return new twilio.twiml.VoiceResponse();
}

/** Speaks `text` with the language and voice configured for `language`. */
export function say(target: SayTarget, language: Language, text: string): void {
  target.say({ ...SAY_SETTINGS[language] }, text);
}

/** Speaks a localized prompt in the caller's language. */
export function sayPrompt(target: SayTarget, language: Language, prompt: Localized): void {
  say(target, language, prompt[language]);
}

/** Anything with a `say` method: the response itself or a `<Gather>`. */
export interface SayTarget {
  say(attributes: VoiceResponse.SayAttributes, message: string): unknown;
}

/** Reads a language from a query or form value, falling back to the hotline default. */
export function parseLanguage(value: unknown): Language {
  return (LANGUAGES as readonly unknown[]).includes(value) ? (value as Language) : DEFAULT_LANGUAGE;
}

/** Reads a non-negative integer from a query or form value. */
export function parseCount(value: unknown, fallback = 0): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}
