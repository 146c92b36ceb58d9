import {
  ANSWER_WITHIN_SECONDS,
  CHILD_CATEGORIES,
  type ChildCategory,
  SITUATION_CATEGORIES,
  SMS_REPLY_WITHIN_SECONDS,
  statsPeriod,
  type StatsPeriod,
  type SituationCategory,
  type TStatsQuery,
  type TStatsSummary,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { readRollupFigures, type ContactTotals, type RollupFigures } from '../stats-rollup.js';
import type { Actor } from '../../auth/sessions.js';
import { hotline12345RatingFigures } from '../hotline12345-ratings.js';
import { resolveStatsScope, childRegions, regionRollup } from '../stats-scope.js';
import {
  callFigures,
  caseFigures,
  contactCategories,
  contactCells,
  referralsByCentre,
  outboundCallFigures,
  overdueFiles,
  registerFigures,
  smsFigures,
  type RegionScope,
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

/** The summary's figures computed from the records alone, over the whole period. */
async function readLiveFigures(
  ctx: Context,
  period: StatsPeriod,
  regionCode: string | null,
  codes: RegionScope,
): Promise<RollupFigures> {
  const [cells, categories, calls, outbound, sms, cases, centres, register] = await all(
    ctx.config.databaseUrl !== undefined,
    [
      () => contactCells(ctx.db, period, regionRollup(ctx, regionCode)),
      () => contactCategories(ctx.db, period, codes),
      () => callFigures(ctx.db, period, codes, ANSWER_WITHIN_SECONDS),
      () => outboundCallFigures(ctx.db, period, codes),
      () => smsFigures(ctx.db, period, codes, SMS_REPLY_WITHIN_SECONDS),
      () => caseFigures(ctx.db, period, codes),
      () => referralsByCentre(ctx.db, period, codes),
      () => registerFigures(ctx.db, period, codes),
    ] as const,
  );
  const contacts: ContactTotals = {
    total: 0,
    responded: 0,
    byChannel: new Map(),
    byPriority: new Map(),
    byHour: Array.from({ length: 24 }, () => 0),
    byTop: new Map(),
  };
  const add = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  for (const cell of cells) {
    contacts.total += cell.n;
    if (cell.responded) contacts.responded += cell.n;
    add(contacts.byChannel, cell.channel, cell.n);
    add(contacts.byPriority, cell.priority ?? 'untriaged', cell.n);
    contacts.byHour[cell.hour] = (contacts.byHour[cell.hour] ?? 0) + cell.n;
    // The database already rolled the cell up to its row (null: no place, or the region itself).
    add(contacts.byTop, cell.regionCode, cell.n);
  }
  return { contacts, categories, calls, outbound, sms, cases, centres, register };
}

/**
 * Every figure of a period and region, computed from the stored records (no personal data): from
 * the rollup and the days it has not caught up with (stats-rollup.ts), or, where it cannot
 * answer (or `options.live`), all from the records.
 */
export async function readStatsSummary(
  ctx: Context,
  actor: Actor,
  query: TStatsQuery,
  now = new Date(),
  options: { live?: boolean } = {},
): Promise<TStatsSummary> {
  const { regionCode, codes } = resolveStatsScope(ctx, actor, query.regionCode);
  const period = statsPeriod(query.from, query.to, now);
  const together = ctx.config.databaseUrl !== undefined;
  const [figures, overdue, ratings] = await all(together, [
    async () =>
      (options.live ? null : await readRollupFigures(ctx, period, regionCode)) ??
      (await readLiveFigures(ctx, period, regionCode, codes)),
    () => overdueFiles(ctx.db, period, codes, now),
    () => hotline12345RatingFigures(ctx.db, period, codes),
  ] as const);
  const { categories, calls, outbound, sms, cases, register } = figures;
  const centres = [...figures.centres].sort(
    (a, b) => b.made - a.made || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );

  const byChannel = emptyByChannel();
  for (const [channel, n] of figures.contacts.byChannel) {
    const name = channelName(channel);
    byChannel[name] = (byChannel[name] ?? 0) + n;
  }
  const byPriority = { P1: 0, P2: 0, P3: 0, P4: 0, untriaged: 0 };
  for (const [priority, n] of figures.contacts.byPriority) {
    byPriority[priority in byPriority ? (priority as keyof typeof byPriority) : 'untriaged'] += n;
  }
  const byHour = figures.contacts.byHour;
  const { total, responded } = figures.contacts;
  const children = childRegions(ctx, regionCode);
  const byChild = new Map(children.map((r) => [r.code, 0]));
  let unplaced = 0;
  for (const [top, n] of figures.contacts.byTop) {
    if (top && byChild.has(top)) byChild.set(top, byChild.get(top)! + n);
    else unplaced += n;
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
    hotline12345: ratings,
    register: {
      onFile: register.onFile,
      byCategory: registerByCategory,
      byRisk: { high: register.high, medium: register.medium, low: register.low },
      visitsDone: register.visitsDone,
      visitsOverdue: overdue,
      warningsRaised: register.warningsRaised,
      warningsEscalated: register.warningsEscalated,
    },
  };
}
