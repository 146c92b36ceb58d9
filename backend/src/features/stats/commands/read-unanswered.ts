import {
  AppError,
  statsPeriod,
  type CaseStatus,
  type Channel,
  type Priority,
  type TStatsUnanswered,
  type TStatsUnansweredQuery,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { resolveStatsScope } from '../stats-scope.js';
import { unansweredContacts } from '../stats.repository.js';

/**
 * The contacts of a period and region that were not effectively answered, for supervisors and
 * admins: references, times, channel, priority, place and the case's id and status — never a
 * name, a narrative or an address. Analysts never see a contact (403 here, not only on the route).
 */
export async function readUnanswered(
  ctx: Context,
  actor: Actor,
  query: TStatsUnansweredQuery,
  now = new Date(),
): Promise<TStatsUnanswered> {
  if (actor.role !== 'supervisor' && actor.role !== 'admin') {
    throw new AppError('FORBIDDEN', { message: 'Your role may not do this' });
  }
  const { regionCode, codes } = resolveStatsScope(ctx, actor, query.regionCode);
  const period = statsPeriod(query.from, query.to, now);
  const found = await unansweredContacts(ctx.db, period, codes, query.limit);
  return {
    from: period.from,
    to: period.to,
    regionCode,
    total: found[0]?.total ?? 0,
    rows: found.map((r) => ({
      reportId: r.reportId,
      reference: r.reference,
      receivedAt: new Date(r.receivedAt).toISOString(),
      channel: r.channel as Channel,
      priority: r.priority as Priority | null,
      regionCode: r.regionCode,
      regionName: ctx.regions.ref(r.regionCode)?.name ?? null,
      caseId: r.caseId,
      caseReference: r.caseReference,
      caseStatus: r.caseStatus as CaseStatus | null,
    })),
  };
}
