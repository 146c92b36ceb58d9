import { z } from 'zod';
import { ZPhone } from '../phone/schemas.js';
import { CHILD_LIMITS } from './constants.js';

/**
 * How a check-in call (回访) ended. `answered`: the guardian or child spoke to the staff member;
 * `staff_unreachable`: the staff member's own phone never answered, so nobody else was called.
 * WARNING: stored on the call and its phone visit; never rename one.
 */
export const CHECKIN_OUTCOMES = [
  'answered',
  'no_answer',
  'busy',
  'failed',
  'canceled',
  'staff_unreachable',
] as const;
export type CheckinOutcome = (typeof CHECKIN_OUTCOMES)[number];

/** Where a check-in call is: ringing the staff member, ringing the other party, talking, over. */
export const CHECKIN_STATES = ['calling_staff', 'calling_party', 'connected', 'ended'] as const;
export type CheckinState = (typeof CHECKIN_STATES)[number];

/**
 * `POST /api/children/:id/calls`: whom to call (a guardian on the file by position, or the child)
 * and how the staff member takes the call — their own phone (`staffPhone`) or the console's
 * softphone (`softphone: true`), exactly one of the two.
 */
export const ZStartCheckinCall = z
  .object({
    to: z.union([
      z
        .object({
          guardianIndex: z
            .number()
            .int()
            .min(0)
            .max(CHILD_LIMITS.guardiansMax - 1),
        })
        .strict(),
      z.literal('child'),
    ]),
    staffPhone: ZPhone.optional(),
    softphone: z.literal(true).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.staffPhone === undefined && v.softphone === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['staffPhone'],
        message: 'Give your phone number, or take the call on the softphone',
      });
    if (v.staffPhone !== undefined && v.softphone !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['softphone'],
        message: 'Choose one: phone or softphone',
      });
  });
export type TStartCheckinCall = z.input<typeof ZStartCheckinCall>;

/** A check-in call as the console follows it: no phone number, ever. */
export const ZCheckinCall = z.object({
  id: z.uuid(),
  childId: z.uuid(),
  target: z.union([
    z.object({ kind: z.literal('guardian'), guardianIndex: z.number().int() }),
    z.object({ kind: z.literal('child') }),
  ]),
  state: z.enum(CHECKIN_STATES),
  outcome: z.enum(CHECKIN_OUTCOMES).nullable(),
  /** Seconds the staff member and the other party talked, once ended. */
  talkSeconds: z.number().int().nonnegative().nullable(),
  /** The phone visit the call was logged as, once ended (none when the staff phone never answered). */
  visitId: z.uuid().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /**
   * Twilio's CallSid of the leg that rings the staff member, once Twilio took the call (null
   * before): the browser's softphone accepts the incoming call with this CallSid and no other.
   */
  staffCallSid: z.string().nullable(),
});
export type TCheckinCall = z.infer<typeof ZCheckinCall>;

/**
 * `checkin.updated`: a check-in call moved (ringing the staff member, the other party, connected,
 * ended with its outcome). Ids and state only; the rest is read with `GET …/calls/:callId`.
 */
export const ZCheckinCallChanged = ZCheckinCall.pick({
  id: true,
  childId: true,
  state: true,
  outcome: true,
});
export type TCheckinCallChanged = z.infer<typeof ZCheckinCallChanged>;
