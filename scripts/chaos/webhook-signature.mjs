// How a partner checks a Hutong webhook (Standard Webhooks), written apart from Hutong's own
// signing code so that the chaos run's receiver checks the wire format, not the implementation.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a Standard Webhooks signature as a partner would: HMAC-SHA256 of
 * `webhook-id.webhook-timestamp.body` keyed with the secret's base64 bytes, any of the
 * space-separated `v1,` signatures matching, and the timestamp within five minutes.
 */
export function verifyStandardWebhook(secret, headers, body, nowMs = Date.now()) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string')
    return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((s) => {
    const [version, mac] = s.split(',');
    if (version !== 'v1' || !mac) return false;
    const given = Buffer.from(mac, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
