import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { WEBHOOK_SECRET_PREFIX } from '@hutong/shared';
import { guardedLookup, refusedAddress, RefusedAddressError } from './address-guard.js';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** A message id (`webhook-id`): the same on every attempt of one delivery. */
export function newMessageId(): string {
  return `msg_${randomUUID().replaceAll('-', '')}`;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the secret's decoded bytes. */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** How one attempt went: the receiver's status, or why there was none (never the URL). */
export interface AttemptResult {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
}

/**
 * POSTs one signed delivery. Any 2xx is success; redirects are not followed (a redirect could
 * point inward). The connection only goes to addresses the guard allows, checked at connect time.
 */
export function postSigned(options: {
  url: string;
  secret: string;
  id: string;
  body: string;
  timeoutMs: number;
  allowLoopback: boolean;
  now?: Date;
}): Promise<AttemptResult> {
  const url = new URL(options.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) && refusedAddress(host, options.allowLoopback)) {
    return Promise.resolve({ ok: false, responseCode: null, error: 'refused_address' });
  }
  const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowLoopback),
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Hutong-Webhooks/1',
          'webhook-id': options.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature(options.secret, options.id, timestamp, options.body),
        },
      },
      (res) => {
        // The answer's body is not kept (it is the receiver's, and may be anything).
        res.resume();
        const code = res.statusCode ?? 0;
        const ok = code >= 200 && code < 300;
        resolve({ ok, responseCode: code, error: ok ? null : `http_${code}` });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => {
      resolve({
        ok: false,
        responseCode: null,
        error:
          err instanceof RefusedAddressError
            ? 'refused_address'
            : err.message === 'timeout'
              ? 'timeout'
              : 'connection_failed',
      });
    });
    req.end(options.body);
  });
}
