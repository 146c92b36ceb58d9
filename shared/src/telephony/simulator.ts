import { z } from 'zod';

/**
 * The Twilio simulator's control API as the console's phone-simulator page reads it through
 * `/api/dev/sim/*` (demo mode only). Loose on purpose: extra fields pass through untouched.
 */
export const ZSimHealth = z.object({
  ok: z.literal(true),
  hotlineNumber: z.string(),
  timeScale: z.number(),
});
export type TSimHealth = z.infer<typeof ZSimHealth>;

/** What a simulated caller heard (one `<Say>` or `<Play>`). */
export const ZSimHeard = z.object({
  verb: z.string(),
  text: z.string(),
  language: z.string().optional(),
});

export const ZSimCall = z.object({
  sid: z.string(),
  from: z.string(),
  to: z.string(),
  direction: z.string(),
  status: z.string(),
  activity: z.string(),
  queue: z.string().nullable(),
  conference: z.string().nullable(),
  startTime: z.string().nullable(),
  transcript: z.array(ZSimHeard),
});
export type TSimCall = z.infer<typeof ZSimCall>;
export const ZSimCallList = z.object({ calls: z.array(ZSimCall) });

export const ZSimMessage = z.object({
  sid: z.string(),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  direction: z.string(),
  status: z.string(),
  dateCreated: z.string(),
});
export type TSimMessage = z.infer<typeof ZSimMessage>;
export const ZSimMessageList = z.object({ messages: z.array(ZSimMessage) });

/** `POST /api/dev/sim/calls`: place a simulated call to the hotline. */
export const ZSimPlaceCall = z
  .object({
    from: z.string().regex(/^\+[1-9][0-9]{6,14}$/),
    /** One entry per menu, in order; null stays silent. */
    digits: z
      .array(
        z
          .string()
          .regex(/^[0-9*#]{1,8}$/)
          .nullable(),
      )
      .max(10)
      .optional(),
    hangupAfterSeconds: z.number().int().positive().max(3600).optional(),
  })
  .strict();
export type TSimPlaceCall = z.infer<typeof ZSimPlaceCall>;

/** `POST /api/dev/sim/sms`: a simulated text to the hotline. */
export const ZSimSendSms = z
  .object({
    from: z.string().regex(/^\+[1-9][0-9]{6,14}$/),
    body: z.string().trim().min(1).max(1600),
  })
  .strict();
export type TSimSendSms = z.infer<typeof ZSimSendSms>;

export const ZSimSmsResult = z.object({
  message: ZSimMessage,
  webhookStatus: z.number(),
  replies: z.array(ZSimMessage),
});
export type TSimSmsResult = z.infer<typeof ZSimSmsResult>;
