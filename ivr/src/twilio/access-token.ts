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

const SOFTPHONE_PREFIX = 'operator-';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client identity a user's softphone token is minted for: `operator-<user id>`. */
export function softphoneIdentity(userId: string): string {
  return `${SOFTPHONE_PREFIX}${userId}`;
}

/**
 * The user id behind a softphone call's `From` (`client:operator-<user id>`), or undefined for
 * anything else (a phone number, another client, a malformed id).
 */
export function softphoneUserId(from: string | undefined): string | undefined {
  const prefix = `client:${SOFTPHONE_PREFIX}`;
  if (!from?.startsWith(prefix)) return undefined;
  const id = from.slice(prefix.length);
  return UUID.test(id) ? id.toLowerCase() : undefined;
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
