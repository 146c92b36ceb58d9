import { z } from 'zod';
import { CHANNELS, SITUATION_CATEGORIES } from '../reports/constants.js';
import { CASE_STATUSES, PRIORITIES } from '../cases/constants.js';
import { CHILD_CATEGORIES } from '../children/constants.js';
import { SATISFACTIONS } from '../hotline12345/schemas.js';

const ZIsoDate = z.iso.date();

/** The period and place every statistics request takes; defaults: the last 30 days, the whole scope. */
export const ZStatsQuery = z
  .object({
    from: ZIsoDate.optional(),
    to: ZIsoDate.optional(),
    regionCode: z
      .string()
      .regex(/^\d{6,12}$/)
      .optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  })
  .refine(
    (q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000,
    {
      message: 'A period is at most three years',
      path: ['to'],
    },
  );
export type TStatsQuery = z.infer<typeof ZStatsQuery>;

const count = z.number().int().nonnegative();
const seconds = z.number().nonnegative().nullable();

/** Contacts by channel: the line's channels, `phone` for voice; any other channel as it is named. */
export const ZStatsByChannel = z
  .object({ web: count, api: count, phone: count, sms: count, monitoring: count })
  .catchall(count);

export const ZStatsRegionRow = z.object({ code: z.string(), name: z.string(), count });
export const ZStatsCentreRow = z.object({
  centreId: z.uuid(),
  name: z.string(),
  made: count,
  ackedInTime: count,
  escalated: count,
  declined: count,
  rerouted: count,
});
export type TStatsCentreRow = z.infer<typeof ZStatsCentreRow>;

/** `GET /api/stats/summary`: every figure of a period and region (see STAT_DEFINITIONS). */
export const ZStatsSummary = z.object({
  from: ZIsoDate,
  to: ZIsoDate,
  /** The region the figures cover (its whole subtree); null for the whole line. */
  regionCode: z.string().nullable(),
  contacts: z.object({
    total: count,
    byChannel: ZStatsByChannel,
    byCategory: z.record(z.enum(SITUATION_CATEGORIES), count),
    /** One row per region one level below `regionCode` (provinces for the whole line). */
    byRegion: z.array(ZStatsRegionRow),
    /** Contacts with no place given, or placed at the chosen region itself rather than below it. */
    unplaced: count,
    byPriority: z.object({ P1: count, P2: count, P3: count, P4: count, untriaged: count }),
    /** 24 counts, 0–23 h Beijing time. */
    byHour: z.array(count).length(24),
    responded: count,
    /** responded / total, null when there were no contacts. */
    respondedShare: z.number().min(0).max(1).nullable(),
  }),
  calls: z.object({
    offered: count,
    answered: count,
    answeredWithin15s: count,
    abandoned: count,
    waitP50: seconds,
    waitP90: seconds,
    /** Check-in calls (回访) placed from children's files, by the time they were placed. */
    outbound: z.object({ made: count, answered: count }),
  }),
  sms: z.object({ conversations: count, repliedWithin3m: count }),
  cases: z.object({
    opened: count,
    resolved: count,
    claimP50: seconds,
    claimP90: seconds,
    resolutionP50: seconds,
    reopened: count,
  }),
  referrals: z.object({
    made: count,
    ackedInTime: count,
    escalated: count,
    declined: count,
    rerouted: count,
    byCentre: z.array(ZStatsCentreRow),
  }),
  /**
   * The callers' satisfaction ratings (回访评价) 12345 sent back for the work orders it handed
   * over, by the time rated and the report's region; one level per rating.
   */
  hotline12345: z.object({
    rated: count,
    bySatisfaction: z.record(z.enum(SATISFACTIONS), count),
  }),
  /** The children register and its early warnings (issue 12), within the same region. */
  register: z.object({
    onFile: count,
    byCategory: z.record(z.enum(CHILD_CATEGORIES), count),
    byRisk: z.object({ high: count, medium: count, low: count }),
    visitsDone: count,
    visitsOverdue: count,
    warningsRaised: count,
    warningsEscalated: count,
  }),
});
export type TStatsSummary = z.infer<typeof ZStatsSummary>;

/** Figures that can be drawn over time. */
export const STAT_SERIES_METRICS = [
  'contacts.total',
  'calls.offered',
  'calls.answered',
  'calls.abandoned',
  'sms.conversations',
  'cases.opened',
  'cases.resolved',
  'referrals.made',
] as const;
export type StatSeriesMetric = (typeof STAT_SERIES_METRICS)[number];
export const STAT_INTERVALS = ['day', 'week', 'month'] as const;
export type StatInterval = (typeof STAT_INTERVALS)[number];

export const ZStatsSeriesQuery = z.intersection(
  ZStatsQuery,
  z.object({
    metric: z.enum(STAT_SERIES_METRICS),
    interval: z.enum(STAT_INTERVALS).default('day'),
  }),
);
export type TStatsSeriesQuery = z.infer<typeof ZStatsSeriesQuery>;

/** `GET /api/stats/series`: one point per day, week (from Monday) or month, empty ones included. */
export const ZStatsSeries = z.object({
  metric: z.enum(STAT_SERIES_METRICS),
  interval: z.enum(STAT_INTERVALS),
  from: ZIsoDate,
  to: ZIsoDate,
  regionCode: z.string().nullable(),
  points: z.array(
    z.object({
      /** The first day of the bucket (Beijing time). */
      start: ZIsoDate,
      value: count,
      /** contacts.total only: the same count by channel. */
      byChannel: ZStatsByChannel.optional(),
    }),
  ),
});
export type TStatsSeries = z.infer<typeof ZStatsSeries>;

export const ZStatsExportQuery = z.intersection(
  ZStatsQuery,
  z.object({
    format: z.enum(['xlsx', 'csv']).default('xlsx'),
    lang: z.enum(['zh-CN', 'en']).optional(),
  }),
);
export type TStatsExportQuery = z.infer<typeof ZStatsExportQuery>;

/** `GET /api/stats/unanswered`: the period and region of the summary, and how many rows at most. */
export const ZStatsUnansweredQuery = z.intersection(
  ZStatsQuery,
  z.object({ limit: z.coerce.number().int().min(1).max(1000).default(500) }),
);
export type TStatsUnansweredQuery = z.infer<typeof ZStatsUnansweredQuery>;

/** A contact not effectively answered: where to find it, never who or what (no names, no narrative). */
export const ZStatsUnansweredRow = z.object({
  reportId: z.uuid(),
  reference: z.string(),
  receivedAt: z.iso.datetime({ offset: true }),
  channel: z.enum(CHANNELS),
  /** The case's priority; null when not yet triaged. */
  priority: z.enum(PRIORITIES).nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  caseId: z.uuid().nullable(),
  caseReference: z.string().nullable(),
  caseStatus: z.enum(CASE_STATUSES).nullable(),
});
export type TStatsUnansweredRow = z.infer<typeof ZStatsUnansweredRow>;

/** Supervisors and admins only (analysts never see a contact); oldest first, `total` all of them. */
export const ZStatsUnanswered = z.object({
  from: ZIsoDate,
  to: ZIsoDate,
  regionCode: z.string().nullable(),
  total: count,
  rows: z.array(ZStatsUnansweredRow),
});
export type TStatsUnanswered = z.infer<typeof ZStatsUnanswered>;
