/**
 * Webhook paths under the public base URL; Twilio phone-number configuration and signatures
 * depend on these exact strings, so a rename is a deployment change, never a refactor.
 */
export const TWILIO_PATHS = {
  /** Incoming call: the number's Voice URL. */
  voice: '/twilio/voice',
  /** Menu digits (language and main menu), and the no-input redirects. */
  voiceMenu: '/twilio/voice/menu',
  /** The `<Enqueue waitUrl>` hold loop. */
  voiceWait: '/twilio/voice/wait',
  /** The hold loop's `<Gather>` action: 1 voicemail, 2 callback. */
  voiceWaitChoice: '/twilio/voice/wait-choice',
  /** Call status callbacks (the number's Status Callback URL). */
  voiceStatus: '/twilio/voice/status',
  /** The `<Enqueue action>`: requested with QueueResult when the caller leaves the queue. */
  voiceQueueExit: '/twilio/voice/queue-exit',
  /** The `<Record action>` after a voicemail. */
  voiceVoicemail: '/twilio/voice/voicemail',
  /** The `<Record recordingStatusCallback>`. */
  voiceRecording: '/twilio/voice/recording',
  /** TwiML that bridges a dequeued caller into a named conference (operator answer). */
  voiceConnect: '/twilio/voice/connect',
  /**
   * The TwiML App's Voice URL (TWILIO_TWIML_APP_SID): an operator's browser softphone connecting
   * with `conference=<case reference>` joins that call's conference.
   */
  voiceClient: '/twilio/voice/client',
  /**
   * A check-in call (回访): the staff member answered their phone; TwiML that dials the guardian
   * or child. With `?call=<call id>`, as are the three below.
   */
  checkinVoice: '/twilio/checkin/voice',
  /** The check-in `<Dial action>`: DialCallStatus and DialCallDuration of the guardian's leg. */
  checkinDialed: '/twilio/checkin/dialed',
  /** Status callbacks of the check-in call itself (the staff member's leg). */
  checkinStatus: '/twilio/checkin/status',
  /** Status callbacks of the dialed leg (`<Number statusCallback>`). */
  checkinLegStatus: '/twilio/checkin/leg-status',
  /** Incoming SMS: the number's Messaging webhook. */
  sms: '/twilio/sms',
  /** Outbound SMS status callbacks. */
  smsStatus: '/twilio/sms/status',
  /** Static TwiML for the number's Voice Fallback URL: routes the caller to the duty phone. */
  fallback: '/twilio/fallback',
} as const;

/** One of the webhook paths above. */
export type TwilioPath = (typeof TWILIO_PATHS)[keyof typeof TWILIO_PATHS];

/** Joins the public base URL (no trailing slash needed) with a path and optional query. */
export function webhookUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, string | number | undefined>,
): string {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  // A base URL with its own path prefix (https://host/hutong) keeps it.
  url.pathname = `${new URL(baseUrl).pathname.replace(/\/$/, '')}${path}`;
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}
