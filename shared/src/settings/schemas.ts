import { z } from 'zod';
import { PRIORITY_META } from '../cases/constants.js';
import { ZUserRef } from '../cases/schemas.js';

/** The priorities a referral must be acknowledged within a deadline for (P4 has none: DESIGN.md). */
export const ACK_PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type AckPriority = (typeof ACK_PRIORITIES)[number];

/** Bounds of an acknowledgement deadline an administrator may set: a minute to a week. */
export const ACK_MINUTES_MIN = 1;
export const ACK_MINUTES_MAX = 7 * 24 * 60;

/** DESIGN.md's defaults (P1 10 min, P2 1 h, P3 24 h), in minutes. */
export const DEFAULT_ACK_MINUTES: Record<AckPriority, number> = {
  P1: PRIORITY_META.P1.ackWithinSeconds! / 60,
  P2: PRIORITY_META.P2.ackWithinSeconds! / 60,
  P3: PRIORITY_META.P3.ackWithinSeconds! / 60,
};

const ZAckMinutes = z
  .number({ error: 'Enter a whole number of minutes' })
  .int('Enter a whole number of minutes')
  .min(ACK_MINUTES_MIN, `At least ${ACK_MINUTES_MIN} minute`)
  .max(ACK_MINUTES_MAX, `At most ${ACK_MINUTES_MAX} minutes (7 days)`);

/**
 * `PUT /api/admin/settings/dispatch`: how long a centre has to acknowledge a new referral, per
 * priority. A more urgent priority may not be given longer than a less urgent one.
 */
export const ZDispatchSettings = z
  .object({
    ackMinutes: z
      .object({ P1: ZAckMinutes, P2: ZAckMinutes, P3: ZAckMinutes })
      .strict()
      .superRefine((v, ctx) => {
        if (v.P2 < v.P1)
          ctx.addIssue({
            code: 'custom',
            path: ['P2'],
            message: 'May not be shorter than the P1 deadline',
          });
        if (v.P3 < v.P2)
          ctx.addIssue({
            code: 'custom',
            path: ['P3'],
            message: 'May not be shorter than the P2 deadline',
          });
      }),
  })
  .strict();
export type TDispatchSettings = z.infer<typeof ZDispatchSettings>;

/** The settings as in force, with who last changed them (null: the defaults, never changed). */
export const ZDispatchSettingsView = ZDispatchSettings.extend({
  defaults: z.object({ ackMinutes: z.object({ P1: z.number(), P2: z.number(), P3: z.number() }) }),
  updatedAt: z.string().nullable(),
  updatedBy: ZUserRef.nullable(),
});
export type TDispatchSettingsView = z.infer<typeof ZDispatchSettingsView>;
