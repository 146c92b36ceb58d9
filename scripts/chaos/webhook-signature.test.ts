import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from './webhook-signature.mjs';

// The published Standard Webhooks test vector (Svix's, which the specification adopted).
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY = '{"test": 2432232314}';
const AT = 1614265330;
const headers = (over: Record<string, string> = {}) => ({
  'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  'webhook-timestamp': String(AT),
  'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  ...over,
});

describe("the centres' receiver checks signatures as a partner would", () => {
  it('accepts the published test vector, also among other signatures', () => {
    expect(verifyStandardWebhook(SECRET, headers(), BODY, AT * 1000)).toBe(true);
    const rotated = `v1,${createHmac('sha256', 'old').update('x').digest('base64')} ${headers()['webhook-signature']}`;
    expect(
      verifyStandardWebhook(SECRET, headers({ 'webhook-signature': rotated }), BODY, AT * 1000),
    ).toBe(true);
  });

  it('refuses another body, another id, another secret, a stale timestamp or no headers', () => {
    expect(verifyStandardWebhook(SECRET, headers(), `${BODY} `, AT * 1000)).toBe(false);
    expect(verifyStandardWebhook(SECRET, headers({ 'webhook-id': 'msg_x' }), BODY, AT * 1000)).toBe(
      false,
    );
    expect(verifyStandardWebhook('whsec_AAAA', headers(), BODY, AT * 1000)).toBe(false);
    expect(verifyStandardWebhook(SECRET, headers(), BODY, (AT + 301) * 1000)).toBe(false);
    expect(verifyStandardWebhook(SECRET, {}, BODY, AT * 1000)).toBe(false);
  });
});
