import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/** Options for the REST client; `apiBase` (TWILIO_API_BASE) points it at the simulator. */
export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Base URL that replaces every https://*.twilio.com host, e.g. http://127.0.0.1:4010. */
  apiBase?: string | undefined;
}

/** The twilio REST client type the factory returns. */
export type TwilioClient = twilio.Twilio;

// api.twilio.com, and the product hosts with optional edge/region (api.sydney.au1.twilio.com).
const TWILIO_HOST = /^https:\/\/[a-z0-9.-]*\.?twilio\.com(?=[/?]|$)/i;

/**
 * A RequestClient that sends every request to `apiBase` instead of Twilio; twilio-node accepts
 * it through the `httpClient` option (twilio/twilio-node#326, #668).
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  private readonly base: string;

  constructor(apiBase: string) {
    super();
    this.base = apiBase.replace(/\/$/, '');
  }

  /** Rewrites the host and forwards to the stock client (auth, form encoding, JSON parsing). */
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rewriteTwilioUri(opts.uri, this.base) });
  }
}

/** Replaces the Twilio host of `uri` with `base`; other URIs are returned unchanged. */
export function rewriteTwilioUri(uri: string, base: string): string {
  return uri.replace(TWILIO_HOST, base.replace(/\/$/, ''));
}

/** Creates the twilio REST client, pointed at the simulator when `apiBase` is set. */
export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const { accountSid, authToken, apiBase } = options;
  if (!apiBase) return twilio(accountSid, authToken);
  return twilio(accountSid, authToken, { httpClient: new RedirectingRequestClient(apiBase) });
}
