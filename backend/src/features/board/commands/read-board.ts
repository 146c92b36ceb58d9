import type { TDutyBoard } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { findOverdueClaimRows } from '../../cases/cases.repository.js';
import { presentCaseSummary } from '../../cases/cases.presenter.js';
import { readPresences } from '../../presence/presence-status.js';
import {
  callStatsSince,
  countOpenCallbacks,
  countClaimsSince,
  countOpenCases,
  countOverdueClaims,
  countWaitingCalls,
  findReferralsNeedingAttention,
} from '../board.repository.js';
import { countOpenOrders } from '../../hotline12345/hotline12345.repository.js';

/** Rows each list on the board shows; the totals say how many there are in all. */
const BOARD_LIST_MAX = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The supervisor's live picture, as of now. */
export async function readBoard(ctx: Context, now = new Date()): Promise<TDutyBoard> {
  // One query at a time: on PGlite the database is a single connection.
  const openCases = await countOpenCases(ctx.db);
  const overdueRows = await findOverdueClaimRows(ctx.db, now, BOARD_LIST_MAX);
  const overdueTotal = await countOverdueClaims(ctx.db, now);
  const claimsLast24h = await countClaimsSince(ctx.db, new Date(now.getTime() - DAY_MS));
  const attention = await findReferralsNeedingAttention(ctx.db, now, BOARD_LIST_MAX);
  const waiting = await countWaitingCalls(ctx.db);
  const last24h = await callStatsSince(ctx.db, new Date(now.getTime() - DAY_MS));
  const callbacks = await countOpenCallbacks(ctx.db, now);
  const hotline12345 = await countOpenOrders(ctx.db, now);
  const present = await ctx.presence.onDuty();
  const statuses = new Map(
    present
      ? (
          await readPresences(
            ctx,
            present,
            now,
            present.map((p) => p.id),
          )
        ).map((p) => [p.userId, p])
      : [],
  );
  return {
    at: now.toISOString(),
    cases: {
      open: openCases.open,
      byPriority: openCases.byPriority,
      unclaimed: openCases.unclaimed,
      overdueClaims: overdueRows.map((row) => presentCaseSummary(row, ctx.regions)),
      overdueClaimsTotal: overdueTotal,
      claimsLast24h,
    },
    referrals: {
      awaitingAck: attention.awaitingAck,
      attention: attention.rows,
      attentionTotal: attention.total,
    },
    calls: {
      waiting: waiting.waiting,
      urgent: waiting.urgent,
      oldestQueuedAt: waiting.oldestQueuedAt?.toISOString() ?? null,
      last24h,
    },
    callbacks,
    hotline12345,
    onDuty:
      present?.map((p) => ({
        ...p,
        holding: openCases.holding.get(p.id) ?? 0,
        status: statuses.get(p.id)?.status ?? 'available',
        since: statuses.get(p.id)?.since ?? now.toISOString(),
      })) ?? null,
  };
}
