import {
  addDays,
  ANSWER_WITHIN_SECONDS,
  shanghaiDate,
  shanghaiDayStart,
  SMS_REPLY_WITHIN_SECONDS,
  type IsoDate,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { layoutId, rollupKeys } from '../rollup-layout.js';
import {
  clearRollup,
  firstFactDay,
  lockRollupState,
  rebuildDays,
  rebuildMonths,
  replaceRegionKeys,
  setRollupState,
  takeDirtyDays,
  tryRollupLock,
} from '../stats-rollup.repository.js';

/** Days recomputed per statement (a backfill goes month by month). */
const CHUNK_DAYS = 31;

export interface RollupRun {
  /** False when another worker was refreshing the rollup at that moment. */
  ran: boolean;
  days: number;
  months: number;
  rolledTo: IsoDate | null;
}

/**
 * `stats.rollup`: brings the rollup up to yesterday (Beijing time). In one transaction, under an
 * advisory lock (a second worker skips): the dirty marks are consumed, the days they name and the
 * days since the last run are recomputed from the records, then the complete months holding
 * them, and the watermark moves to today. Another counter layout or region mapping rebuilds
 * everything (the mapping is stored too, `stats_region_keys`, for the readers' joins). Safe to run twice: a run recomputes rows, it never adds to them.
 */
export async function refreshStatsRollup(ctx: Context, now = new Date()): Promise<RollupRun> {
  const keyOf = rollupKeys(ctx);
  const layout = layoutId(keyOf);
  const today = shanghaiDate(now);
  return ctx.db.transaction(async (tx) => {
    if (!(await tryRollupLock(tx))) return { ran: false, days: 0, months: 0, rolledTo: null };
    const state = await lockRollupState(tx);
    // The mapping first: the days below are computed through it.
    if (state.keysLayout !== layout) await replaceRegionKeys(tx, keyOf, layout);
    const days = new Set<IsoDate>();
    let from: IsoDate | null;
    if (state.layout !== layout || !state.rolledTo) {
      await clearRollup(tx);
      from = await firstFactDay(tx);
    } else {
      for (const day of await takeDirtyDays(tx)) if (day < today) days.add(day);
      from = state.rolledTo;
    }
    if (from) for (let d = from; d < today; d = addDays(d, 1)) days.add(d);

    const sorted = [...days].sort();
    for (let i = 0; i < sorted.length;) {
      // A run of consecutive days, at most CHUNK_DAYS long, is one range.
      let j = i + 1;
      while (j < sorted.length && j - i < CHUNK_DAYS && sorted[j] === addDays(sorted[j - 1]!, 1))
        j++;
      const chunk = sorted.slice(i, j);
      const range = {
        start: shanghaiDayStart(chunk[0]!),
        end: shanghaiDayStart(addDays(chunk[chunk.length - 1]!, 1)),
      };
      await rebuildDays(tx, chunk, range, null, ANSWER_WITHIN_SECONDS, SMS_REPLY_WITHIN_SECONDS);
      i = j;
    }
    // Complete months only (the current one is read by days).
    const currentMonth = `${today.slice(0, 7)}-01`;
    const months = [...new Set(sorted.map((d) => `${d.slice(0, 7)}-01`))].filter(
      (m) => m < currentMonth,
    );
    await rebuildMonths(tx, months);
    await setRollupState(tx, today, layout);
    return { ran: true, days: sorted.length, months: months.length, rolledTo: today };
  });
}
