import { z } from 'zod';
import { ROLES } from '../auth/constants.js';
import { PRIORITIES } from '../cases/constants.js';
import { ZCaseSummary } from '../cases/schemas.js';
import { REFERRAL_STATUSES } from '../dispatch/constants.js';
import { PRESENCE_STATUSES } from '../shift/schemas.js';

/** A referral that needs a supervisor's eye: past its acknowledgement deadline, or escalated. */
export const ZBoardReferral = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseReference: z.string(),
  centre: z.object({ id: z.uuid(), name: z.string() }),
  priority: z.enum(PRIORITIES),
  status: z.enum(REFERRAL_STATUSES),
  ackDeadline: z.string().nullable(),
  escalationLevel: z.number().int().nonnegative(),
});
export type TBoardReferral = z.infer<typeof ZBoardReferral>;

/** Someone on duty: a console open in the operators room, on any node. */
export const ZOnDuty = z.object({
  id: z.uuid(),
  displayName: z.string(),
  role: z.enum(ROLES),
  /** Open consoles (tabs, devices). */
  connections: z.number().int().positive(),
  /** Open cases they hold. */
  holding: z.number().int().nonnegative(),
  /** Available, on a call, wrap-up or break (issue 10), and since when (ISO). */
  status: z.enum(PRESENCE_STATUSES),
  since: z.string(),
});
export type TOnDuty = z.infer<typeof ZOnDuty>;

/**
 * `GET /api/board`: the supervisor's live picture — queues, waits, SLA breaches, who is on duty.
 * Counts and references only: no names of children or reporters, no phone numbers.
 */
export const ZDutyBoard = z.object({
  at: z.string(),
  cases: z.object({
    open: z.number().int().nonnegative(),
    byPriority: z.record(z.enum(PRIORITIES), z.number().int().nonnegative()),
    unclaimed: z.number().int().nonnegative(),
    /** Unclaimed past the claim deadline, most urgent first, then oldest (at most 50). */
    overdueClaims: z.array(ZCaseSummary),
    overdueClaimsTotal: z.number().int().nonnegative(),
    /**
     * Cases claimed in the last 24 hours, and how many of those after their claim deadline: a P1
     * claimed 24 minutes late is late even though nothing is overdue any more.
     */
    claimsLast24h: z.object({
      claimed: z.number().int().nonnegative(),
      inTime: z.number().int().nonnegative(),
      late: z.number().int().nonnegative(),
    }),
  }),
  referrals: z.object({
    awaitingAck: z.number().int().nonnegative(),
    /** Past the acknowledgement deadline or escalated, still unresolved (at most 50). */
    attention: z.array(ZBoardReferral),
    attentionTotal: z.number().int().nonnegative(),
  }),
  calls: z.object({
    waiting: z.number().int().nonnegative(),
    urgent: z.number().int().nonnegative(),
    /** When the longest-waiting caller joined the queue. */
    oldestQueuedAt: z.string().nullable(),
    /**
     * Callers who reached a queue in the last 24 hours: how many were answered, how many within
     * 15 s (GB/T 33358-2016 measures that), and how many hung up waiting.
     */
    last24h: z.object({
      queued: z.number().int().nonnegative(),
      answered: z.number().int().nonnegative(),
      answeredWithin15s: z.number().int().nonnegative(),
      abandoned: z.number().int().nonnegative(),
    }),
  }),
  callbacks: z.object({
    open: z.number().int().nonnegative(),
    overdue: z.number().int().nonnegative(),
  }),
  /** Null when the live connections could not be counted (a node did not answer in time). */
  onDuty: z.array(ZOnDuty).nullable(),
  /**
   * 12345 work orders not yet completed or returned: how many, how many 12345 has urged (督办),
   * and how many are past their time limit (issue 11).
   */
  hotline12345: z
    .object({
      open: z.number().int().nonnegative(),
      urged: z.number().int().nonnegative(),
      overdue: z.number().int().nonnegative(),
    })
    .optional(),
});
export type TDutyBoard = z.infer<typeof ZDutyBoard>;

/** `presence.updated` (supervisors room): someone's console opened or their last one closed. */
export const ZPresenceChanged = z.object({
  userId: z.uuid(),
  online: z.boolean(),
});
export type TPresenceChanged = z.infer<typeof ZPresenceChanged>;
