import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { isValidTwilioRequest, signTwilioRequest, validateTwilioWebhook } from './validate.js';

// Twilio's published example (security docs; twilio-php and twilio-csharp RequestValidatorTest).
// Caller/From are +14158675309 there: with any other number the signature differs.
const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const EXPECTED = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('Twilio request validation', () => {
  it("matches Twilio's published signature test vector", () => {
    expect(signTwilioRequest(TOKEN, URL, PARAMS)).toBe(EXPECTED);
    expect(isValidTwilioRequest(TOKEN, EXPECTED, URL, PARAMS)).toBe(true);
  });

  it('accepts a request signed with twilio.getExpectedTwilioSignature', () => {
    const url = 'https://hotline.example.org/twilio/voice/menu?stage=main&lang=en&attempt=1';
    const params = { CallSid: 'CA42', Digits: '1', From: '+8613800000000' };
    const signature = twilio.getExpectedTwilioSignature('secret-token', url, params);
    const req = {
      originalUrl: '/twilio/voice/menu?stage=main&lang=en&attempt=1',
      headers: { 'x-twilio-signature': signature },
      body: params,
    };
    expect(validateTwilioWebhook('secret-token', 'https://hotline.example.org/', req)).toBe(true);
  });

  it('rejects a tampered parameter', () => {
    expect(isValidTwilioRequest(TOKEN, EXPECTED, URL, { ...PARAMS, Digits: '1235' })).toBe(false);
  });

  it('rejects an added parameter', () => {
    expect(isValidTwilioRequest(TOKEN, EXPECTED, URL, { ...PARAMS, Extra: 'x' })).toBe(false);
  });

  it('rejects the right signature presented for another host', () => {
    const other = 'https://attacker.example.com/myapp.php?foo=1&bar=2';
    expect(isValidTwilioRequest(TOKEN, EXPECTED, other, PARAMS)).toBe(false);
  });

  it('rejects a missing or empty signature header', () => {
    const req = { originalUrl: '/myapp.php?foo=1&bar=2', headers: {}, body: PARAMS };
    expect(validateTwilioWebhook(TOKEN, 'https://mycompany.com', req)).toBe(false);
    expect(isValidTwilioRequest(TOKEN, '', URL, PARAMS)).toBe(false);
  });

  it('rejects a signature made with another auth token', () => {
    const forged = signTwilioRequest('54321', URL, PARAMS);
    expect(isValidTwilioRequest(TOKEN, forged, URL, PARAMS)).toBe(false);
  });

  it('treats a malformed URL as invalid instead of throwing', () => {
    expect(isValidTwilioRequest(TOKEN, 'abc', 'not a url', PARAMS)).toBe(false);
  });
});
