import { describe, expect, it } from 'vitest';
import { mintVoiceAccessToken, softphoneIdentity, softphoneUserId } from './access-token.js';

const decode = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('Voice SDK access tokens', () => {
  it('mints a JWT for the API key with a VoiceGrant for the TwiML app and the identity', () => {
    const jwt = mintVoiceAccessToken({
      accountSid: `AC${'a'.repeat(32)}`,
      apiKey: `SK${'b'.repeat(32)}`,
      apiSecret: 'api-secret-value',
      twimlAppSid: `AP${'c'.repeat(32)}`,
      identity: 'operator-42',
      ttlSeconds: 600,
    });
    const [header, payload] = jwt.split('.');
    expect(decode(header!)).toMatchObject({ cty: 'twilio-fpa;v=1', alg: 'HS256' });
    const claims = decode(payload!) as {
      iss: string;
      sub: string;
      exp: number;
      iat: number;
      grants: {
        identity: string;
        voice: { outgoing: { application_sid: string }; incoming: { allow: boolean } };
      };
    };
    expect(claims.iss).toBe(`SK${'b'.repeat(32)}`);
    expect(claims.sub).toBe(`AC${'a'.repeat(32)}`);
    expect(claims.exp - claims.iat).toBe(600);
    expect(claims.grants.identity).toBe('operator-42');
    expect(claims.grants.voice.outgoing.application_sid).toBe(`AP${'c'.repeat(32)}`);
    expect(claims.grants.voice.incoming.allow).toBe(true);
  });
});

describe('softphone identities', () => {
  const id = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';

  it('reads the user back from the From of a softphone call', () => {
    expect(softphoneIdentity(id)).toBe(`operator-${id}`);
    expect(softphoneUserId(`client:${softphoneIdentity(id)}`)).toBe(id);
    expect(softphoneUserId(`client:operator-${id.toUpperCase()}`)).toBe(id);
  });

  it('recognises nothing else', () => {
    for (const from of [
      undefined,
      '',
      '+8613800000000',
      `operator-${id}`,
      'client:alice',
      'client:operator-42',
      `client:operator-${id}x`,
      `client:supervisor-${id}`,
    ]) {
      expect(softphoneUserId(from)).toBeUndefined();
    }
  });
});
