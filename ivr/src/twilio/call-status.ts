/** Twilio's call statuses, in the order a call moves through them. */
export const TWILIO_CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

const FINAL = new Set<string>(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** Whether a status ends the call. */
export function isFinalCallStatus(status: string): boolean {
  return FINAL.has(status);
}

function rank(status: string): number {
  if (FINAL.has(status)) return 4;
  const index = (TWILIO_CALL_STATUSES as readonly string[]).indexOf(status);
  return index === -1 ? -1 : Math.min(index, 3);
}

/**
 * Whether a status callback moves a call forward from `current`; callbacks arrive duplicated
 * and out of order, and a late "ringing" must never reopen a completed call. SequenceNumber
 * breaks ties within one callback stream.
 */
export function isCallStatusAdvance(
  current: { status: string; sequence?: number | undefined } | undefined,
  next: { status: string; sequence?: number | undefined },
): boolean {
  if (!current) return rank(next.status) >= 0;
  const a = rank(current.status);
  const b = rank(next.status);
  if (b !== a) return b > a;
  if (a === 4) return false;
  return (next.sequence ?? -1) > (current.sequence ?? -1);
}

/** Twilio's outbound message statuses, in order; a later one never goes back to an earlier. */
export const TWILIO_MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
] as const;
export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

/** Whether a message status callback moves a message forward (delivered never becomes sent). */
export function isMessageStatusAdvance(current: string | undefined, next: string): boolean {
  const order = (s: string): number => {
    if (s === 'undelivered' || s === 'failed') return 5;
    if (s === 'read') return 6;
    return (TWILIO_MESSAGE_STATUSES as readonly string[]).indexOf(s);
  };
  if (current === undefined) return order(next) >= 0;
  return order(next) > order(current);
}
