import twilio from 'twilio';

/** What a Twilio Voice SDK access token needs (an API key, not the auth token). */
export interface VoiceTokenOptions {
  accountSid: string;
  apiKey: string;
  apiSecret: string;
  /** The TwiML App whose Voice URL handles the softphone's outgoing calls. */
  twimlAppSid: string;
  /** The softphone's client identity (`client:<identity>` in Dial and Participants). */
  identity: string;
  /** Seconds the token is valid (Twilio allows up to 24 h). */
  ttlSeconds?: number;
}

/** Mints a Voice SDK access token (JWT) with a VoiceGrant for incoming and outgoing calls. */
export function mintVoiceAccessToken(options: VoiceTokenOptions): string {
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(options.accountSid, options.apiKey, options.apiSecret, {
    identity: options.identity,
    ttl: options.ttlSeconds ?? 3600,
  });
  token.addGrant(
    new AccessToken.VoiceGrant({
      outgoingApplicationSid: options.twimlAppSid,
      incomingAllow: true,
    }),
  );
  return token.toJwt();
}
