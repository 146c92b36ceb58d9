import { z } from 'zod';
import type { Label } from '../labels.js';
import { ZPhone } from '../phone/schemas.js';

/**
 * The 12345 linkage (issue 11, part 4): 12345 hands a child-protection work order (工单) to
 * Hutong, and Hutong answers through 12345's own steps. These are the wire contracts of both
 * directions and of the console's 12345 panel.
 */

/** An order number as 12345 issues it: printable ASCII, no spaces (it is also a URL segment). */
export const ZOrderNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Use 1 to 64 letters, digits, ".", "_" or "-"');

const text = (max: number) => z.string().trim().min(1).max(max);

/** `POST /api/partners/12345/orders`: one work order. */
export const ZHotline12345Order = z
  .object({
    orderNumber: ZOrderNumber,
    /** When the caller rang 12345. */
    orderTime: z.iso.datetime({ offset: true }),
    caller: z
      .object({ name: text(100).optional(), phone: ZPhone.optional() })
      .strict()
      .optional(),
    content: text(5000),
    /** An administrative code (6–12 digits) or a region's name as 12345 writes it (e.g. 乳源县). */
    region: text(100),
    /** The order's time limit (办理时限): by when 12345 expects it completed. */
    timeLimit: z.iso.datetime({ offset: true }),
  })
  .strict();
export type THotline12345Order = z.input<typeof ZHotline12345Order>;

export const ZHotline12345OrderAccepted = z.object({
  orderNumber: z.string(),
  /** Hutong's reference for the report the order became (HT-XXXX-XXXX). */
  reference: z.string(),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type THotline12345OrderAccepted = z.infer<typeof ZHotline12345OrderAccepted>;

/** `POST /api/partners/12345/orders/:number/urge` (督办). */
export const ZHotline12345Urge = z
  .object({
    /** When 12345 urged; now if absent. */
    time: z.iso.datetime({ offset: true }).optional(),
    /** 12345's words (督办意见), kept encrypted with the case. */
    comment: text(1000).optional(),
  })
  .strict();
export type THotline12345Urge = z.input<typeof ZHotline12345Urge>;

export const Satisfaction = {
  very_satisfied: 'very_satisfied',
  satisfied: 'satisfied',
  neutral: 'neutral',
  dissatisfied: 'dissatisfied',
  very_dissatisfied: 'very_dissatisfied',
} as const;
export type Satisfaction = (typeof Satisfaction)[keyof typeof Satisfaction];
export const SATISFACTIONS = Object.values(Satisfaction) as [Satisfaction, ...Satisfaction[]];

/** `POST /api/partners/12345/orders/:number/rating` (回访评价): the caller's satisfaction. */
export const ZHotline12345Rating = z
  .object({
    satisfaction: z.enum(SATISFACTIONS),
    time: z.iso.datetime({ offset: true }).optional(),
    comment: text(1000).optional(),
  })
  .strict();
export type THotline12345Rating = z.input<typeof ZHotline12345Rating>;

/** What 12345 gets back for an urge or a rating. */
export const ZHotline12345Ack = z.object({
  orderNumber: z.string(),
  reference: z.string(),
  urges: z.number().int(),
  rated: z.boolean(),
});
export type THotline12345Ack = z.infer<typeof ZHotline12345Ack>;

/** Hutong's steps back to 12345. WARNING: stored and on the wire; never rename a value. */
export const FeedbackStep = {
  /** 签收: the order is in a case on the operators' queue. */
  signed: 'signed',
  /** 过程反馈: a progress reply. */
  progress: 'progress',
  /** 办结: done, with a summary fit for the caller. */
  completed: 'completed',
  /** 退单: not a child-protection matter, with the reason. */
  returned: 'returned',
} as const;
export type FeedbackStep = (typeof FeedbackStep)[keyof typeof FeedbackStep];
export const FEEDBACK_STEPS = Object.values(FeedbackStep) as [FeedbackStep, ...FeedbackStep[]];

/**
 * The body Hutong POSTs to HUTONG_12345_URL for each step (field names as here, or renamed by
 * HUTONG_12345_FIELD_MAP). Signed as a Standard Webhooks message: see the README.
 */
export const ZHotline12345Feedback = z.object({
  /** The message id, the same on every attempt (also the `webhook-id` header). */
  id: z.string(),
  orderNumber: z.string(),
  step: z.enum(FEEDBACK_STEPS),
  time: z.iso.datetime({ offset: true }),
  reference: z.string(),
  /** The reply, the caller-fit summary, or the reason for returning. */
  text: z.string(),
});
export type THotline12345Feedback = z.infer<typeof ZHotline12345Feedback>;

/** `POST /api/cases/:id/12345/reply`: a progress reply an operator writes for 12345. */
export const ZReplyTo12345 = z.object({ text: text(1000) }).strict();
export type TReplyTo12345 = z.input<typeof ZReplyTo12345>;

/** `POST /api/cases/:id/12345/return`: hand the order back (退单), with the reason. */
export const ZReturnTo12345 = z.object({ reason: text(500) }).strict();
export type TReturnTo12345 = z.input<typeof ZReturnTo12345>;

export const ZHotline12345Message = z.object({
  id: z.string(),
  step: z.enum(FEEDBACK_STEPS),
  text: z.string(),
  createdAt: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  deliveredAt: z.string().nullable(),
  attempts: z.number().int(),
});
export type THotline12345Message = z.infer<typeof ZHotline12345Message>;

/** One order as the case view shows it. */
export const ZHotline12345OrderView = z.object({
  orderNumber: z.string(),
  reference: z.string(),
  orderTime: z.string(),
  timeLimit: z.string(),
  receivedAt: z.string(),
  status: z.enum(['received', 'signed', 'completed', 'returned']),
  returnedReason: z.string().nullable(),
  urges: z.array(z.object({ at: z.string(), comment: z.string().nullable() })),
  rating: z
    .object({
      satisfaction: z.enum(SATISFACTIONS),
      at: z.string(),
      comment: z.string().nullable(),
    })
    .nullable(),
  messages: z.array(ZHotline12345Message),
});
export type THotline12345OrderView = z.infer<typeof ZHotline12345OrderView>;

/** `GET /api/cases/:id/12345`: the 12345 orders in a case (none for most cases). */
export const ZCaseHotline12345 = z.object({ orders: z.array(ZHotline12345OrderView) });
export type TCaseHotline12345 = z.infer<typeof ZCaseHotline12345>;

export const FEEDBACK_STEP_LABEL: Record<FeedbackStep, Label> = {
  signed: { 'zh-CN': '签收', en: 'Signed for' },
  progress: { 'zh-CN': '过程反馈', en: 'Progress reply' },
  completed: { 'zh-CN': '办结', en: 'Completed' },
  returned: { 'zh-CN': '退单', en: 'Returned' },
};

export const SATISFACTION_LABEL: Record<Satisfaction, Label> = {
  very_satisfied: { 'zh-CN': '非常满意', en: 'Very satisfied' },
  satisfied: { 'zh-CN': '满意', en: 'Satisfied' },
  neutral: { 'zh-CN': '基本满意', en: 'Fairly satisfied' },
  dissatisfied: { 'zh-CN': '不满意', en: 'Dissatisfied' },
  very_dissatisfied: { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
};

/**
 * The words sent to 12345 when Hutong writes them itself: they reach the caller, so they say
 * what happened and never who or where.
 */
export const FEEDBACK_TEXT = {
  signed: '儿童保护热线已签收，正在评估处置。',
  dispatched: '已转介当地未成年人救助保护机构跟进处置。',
  completed: '儿童保护热线已办结：已核实情况并由相关机构跟进处置，感谢您的反映。',
  closedNoAction: '儿童保护热线已办结：经核实，暂无需进一步处置。感谢您的反映。',
} as const;
