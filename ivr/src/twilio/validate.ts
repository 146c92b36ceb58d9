import twilio from 'twilio';

/** Form parameters of a Twilio webhook as Express's urlencoded parser delivers them. */
export type TwilioParams = Record<string, string | string[]>;

/** The header that carries Twilio's HMAC-SHA1 request signature. */
export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/** Computes the X-Twilio-Signature Twilio would send for a form-encoded POST to `url`. */
export function signTwilioRequest(authToken: string, url: string, params: TwilioParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/**
 * Checks a form-encoded webhook's signature with the twilio package's validator; `url` is the
 * full public URL Twilio requested (HUTONG_PUBLIC_URL + original path and query).
 */
export function isValidTwilioRequest(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: TwilioParams,
): boolean {
  if (!signature || !authToken) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    // validateRequest parses the URL and throws on a malformed one: that is simply invalid.
    return false;
  }
}

/** What a webhook handler needs to validate one request, independent of the HTTP framework. */
export interface WebhookRequestLike {
  /** Path plus query exactly as received, e.g. Express's `req.originalUrl`. */
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Validates a request against the public base URL; the one code path for real and simulated Twilio. */
export function validateTwilioWebhook(
  authToken: string,
  publicBaseUrl: string,
  req: WebhookRequestLike,
): boolean {
  const header = req.headers[TWILIO_SIGNATURE_HEADER];
  const signature = Array.isArray(header) ? header[0] : header;
  const base = publicBaseUrl.replace(/\/$/, '');
  return isValidTwilioRequest(authToken, signature, base + req.originalUrl, toParams(req.body));
}

function toParams(body: unknown): TwilioParams {
  if (!body || typeof body !== 'object') return {};
  const out: TwilioParams = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map(String);
  }
  return out;
}
