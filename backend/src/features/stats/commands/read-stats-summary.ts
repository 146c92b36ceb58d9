import {
  ANSWER_WITHIN_SECONDS,
  CHILD_CATEGORIES,
  type ChildCategory,
  SITUATION_CATEGORIES,
  SMS_REPLY_WITHIN_SECONDS,
  statsPeriod,
  type SituationCategory,
  type TStatsQuery,
  type TStatsSummary,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { resolveStatsScope, childRegions, regionRollup } from '../stats-scope.js';
import {
  callFigures,
  outboundCallFigures,
  caseFigures,
  contactCategories,
  contactCells,
  referralsByCentre,
  registerFigures,
  smsFigures,
} from '../stats.repository.js';

/** The line calls a voice report "phone" in its figures. */
export const channelName = (channel: string) => (channel === 'voice' ? 'phone' : channel);

export const emptyByChannel = () =>
  ({ web: 0, api: 0, phone: 0, sms: 0, monitoring: 0 }) as Record<
    'web' | 'api' | 'phone' | 'sms' | 'monitoring',
    number
  > &
    Record<string, number>;

const seconds = (value: number | string | null) =>
  value === null ? null : Math.round(Number(value) * 10) / 10;

/** Runs the thunks together or one after another, answering in their order. */
async function all<T extends readonly (() => Promise<unknown>)[]>(
  together: boolean,
  thunks: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (together) return (await Promise.all(thunks.map((t) => t()))) as never;
  const out: unknown[] = [];
  for (const thunk of thunks) out.push(await thunk());
  return out as never;
}

/** Every figure of a period and region, computed from the stored records (no personal data). */
export async function readStatsSummary(
  ctx: Context,
  actor: Actor,
  query: TStatsQuery,
  now = new Date(),
): Promise<TStatsSummary> {
  const { regionCode, codes } = resolveStatsScope(ctx, actor, query.regionCode);
  const period = statsPeriod(query.from, query.to, now);
  // On a PostgreSQL server the queries run side by side on the pool; on PGlite (a single
  // connection) one at a time.
  const [cells, categories, calls, sms, cases, centres, register, outbound] = await all(
    ctx.config.databaseUrl !== undefined,
    [
      () => contactCells(ctx.db, period, regionRollup(ctx, regionCode)),
      () => contactCategories(ctx.db, period, codes),
      () => callFigures(ctx.db, period, codes, ANSWER_WITHIN_SECONDS),
      () => smsFigures(ctx.db, period, codes, SMS_REPLY_WITHIN_SECONDS),
      () => caseFigures(ctx.db, period, codes),
      () => referralsByCentre(ctx.db, period, codes),
      () => registerFigures(ctx.db, period, regionCode, now),
      () => outboundCallFigures(ctx.db, period, regionCode),
    ] as const,
  );

  const byChannel = emptyByChannel();
  const byPriority = { P1: 0, P2: 0, P3: 0, P4: 0, untriaged: 0 };
  const byHour = Array.from({ length: 24 }, () => 0);
  const children = childRegions(ctx, regionCode);
  const byChild = new Map(children.map((r) => [r.code, 0]));
  let total = 0;
  let responded = 0;
  let unplaced = 0;
  for (const cell of cells) {
    total += cell.n;
    if (cell.responded) responded += cell.n;
    const channel = channelName(cell.channel);
    byChannel[channel] = (byChannel[channel] ?? 0) + cell.n;
    const priority = cell.priority as keyof typeof byPriority | null;
    byPriority[priority && priority in byPriority ? priority : 'untriaged'] += cell.n;
    byHour[cell.hour] = (byHour[cell.hour] ?? 0) + cell.n;
    // The database already rolled the cell up to its row (null: no place, or the region itself).
    if (cell.regionCode && byChild.has(cell.regionCode)) {
      byChild.set(cell.regionCode, byChild.get(cell.regionCode)! + cell.n);
    } else unplaced += cell.n;
  }
  const byCategory = Object.fromEntries(SITUATION_CATEGORIES.map((c) => [c, 0])) as Record<
    SituationCategory,
    number
  >;
  for (const row of categories) {
    if (row.category in byCategory) byCategory[row.category as SituationCategory] = row.n;
  }
  const registerByCategory = Object.fromEntries(CHILD_CATEGORIES.map((c) => [c, 0])) as Record<
    ChildCategory,
    number
  >;
  for (const row of register.categories) {
    if (row.category in registerByCategory)
      registerByCategory[row.category as ChildCategory] = row.n;
  }
  const sum = (key: 'made' | 'ackedInTime' | 'escalated' | 'declined' | 'rerouted') =>
    centres.reduce((n, c) => n + c[key], 0);

  return {
    from: period.from,
    to: period.to,
    regionCode,
    contacts: {
      total,
      byChannel,
      byCategory,
      byRegion: children.map((r) => ({ code: r.code, name: r.name, count: byChild.get(r.code)! })),
      unplaced,
      byPriority,
      byHour,
      responded,
      respondedShare: total === 0 ? null : responded / total,
    },
    calls: {
      offered: calls.offered,
      answered: calls.answered,
      answeredWithin15s: calls.answeredInTime,
      abandoned: calls.abandoned,
      waitP50: seconds(calls.waitP50),
      waitP90: seconds(calls.waitP90),
      outbound: { made: outbound.made, answered: outbound.answered },
    },
    sms: { conversations: sms.conversations, repliedWithin3m: sms.repliedInTime },
    cases: {
      opened: cases.opened,
      resolved: cases.resolved,
      claimP50: seconds(cases.claimP50),
      claimP90: seconds(cases.claimP90),
      resolutionP50: seconds(cases.resolutionP50),
      reopened: cases.reopened,
    },
    referrals: {
      made: sum('made'),
      ackedInTime: sum('ackedInTime'),
      escalated: sum('escalated'),
      declined: sum('declined'),
      rerouted: sum('rerouted'),
      byCentre: centres,
    },
    register: {
      onFile: register.onFile,
      byCategory: registerByCategory,
      byRisk: { high: register.high, medium: register.medium, low: register.low },
      visitsDone: register.visitsDone,
      visitsOverdue: register.overdue,
      warningsRaised: register.warningsRaised,
      warningsEscalated: register.warningsEscalated,
    },
  };
}
