import { AppError } from '@hutong/shared';
import { NetworkError } from './api-client';

/**
 * A fresh Idempotency-Key. `crypto.randomUUID` only exists on secure origins, and operators may
 * open the form over plain http on a local network, so fall back to getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether the server may have stored what was sent: then a retry must reuse the same key. */
export function outcomeUnknown(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    (error instanceof AppError && (error.status >= 500 || error.code === 'RATE_LIMITED'))
  );
}
