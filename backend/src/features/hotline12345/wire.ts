import type { THotline12345Feedback } from '@hutong/shared';
import { postSigned, signature, type AttemptResult } from '../webhooks/signing.js';

/**
 * The 12345 wire format, in one place.
 *
 * In: 12345 POSTs orders, urges and ratings as JSON with its partner key
 * (`Authorization: Bearer hk_…`). Out: Hutong POSTs each step to HUTONG_12345_URL as JSON
 * (`ZHotline12345Feedback`), signed the Standard Webhooks way with HUTONG_12345_SECRET:
 *
 *   webhook-id:        the message id (`msg_…`, also `id` in the body; the same on every retry)
 *   webhook-timestamp: Unix seconds
 *   webhook-signature: `v1,` + base64 HMAC-SHA256 over `<id>.<timestamp>.<body>`, keyed with the
 *                      base64-decoded part of the secret after `whsec_`
 *
 * 12345 answers any 2xx to accept; anything else is retried with backoff (HUTONG_WEBHOOK_*).
 * HUTONG_12345_FIELD_MAP renames our top-level field names to 12345's in both directions.
 */
export const WIRE = { signature };

/** An order, urge or rating as 12345 sent it, with 12345's field names turned into ours. */
export function fromPartnerFields(body: unknown, fieldMap: Record<string, string>): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const ours = new Map(Object.entries(fieldMap).map(([our, their]) => [their, our]));
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([k, v]) => [ours.get(k) ?? k, v]),
  );
}

/** Field errors (keyed by our names) keyed by the names 12345 used. */
export function toPartnerErrors(
  data: Record<string, unknown>,
  fieldMap: Record<string, string>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([path, message]) => {
      const [head = '', ...rest] = path.split('.');
      return [[fieldMap[head] ?? head, ...rest].join('.'), message];
    }),
  );
}

/** A step's body with our field names turned into 12345's. */
export function toPartnerFields(
  feedback: THotline12345Feedback,
  fieldMap: Record<string, string>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(feedback).map(([k, v]) => [fieldMap[k] ?? k, v]));
}

/** One signed attempt to deliver a step to 12345. */
export function sendFeedback(options: {
  url: string;
  secret: string;
  feedback: THotline12345Feedback;
  fieldMap: Record<string, string>;
  timeoutMs: number;
  allowLoopback: boolean;
}): Promise<AttemptResult> {
  return postSigned({
    url: options.url,
    secret: options.secret,
    id: options.feedback.id,
    body: JSON.stringify(toPartnerFields(options.feedback, options.fieldMap)),
    timeoutMs: options.timeoutMs,
    allowLoopback: options.allowLoopback,
  });
}
