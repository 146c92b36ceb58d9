import { eq, sql } from 'drizzle-orm';
import type { TSweepChanged } from '@hutong/shared';
import type { Context } from '../../context.js';
import { sweeps } from '../../db/schema.js';
import type { HutongServer } from '../../realtime/io.js';
import { rooms } from '../../realtime/rooms.js';
import { sweepAsOf, sweepCounts } from './sweeps.presenter.js';
import { villageCounts } from './sweeps.repository.js';

/**
 * A sweep that just changed (committed): a task in a village done or dropped (`regionCode` the
 * village), or the sweep closed or cancelled (`regionCode` null: every room of the sweep).
 */
export interface SweepChange {
  sweepId: string;
  regionCode: string | null;
}

/**
 * Sends `sweep.updated` after a sweep changed: each room gets the status and the counts as its
 * members see them — supervisors and the rooms of the sweep's region and above the whole sweep,
 * the rooms of regions within it (a township in a county sweep, the village) their share. Ids,
 * codes and numbers only. Not replayed: a console re-reads on reconnect and every 30 s.
 */
export class SweepFeed {
  private io: HutongServer | null = null;

  attach(io: HutongServer): void {
    this.io = io;
  }

  /** Never throws: a lost push is repaired by the console's next read. */
  async publish(ctx: Context, changes: readonly SweepChange[]): Promise<void> {
    const io = this.io;
    if (!io || changes.length === 0) return;
    try {
      const now = new Date();
      for (const task of changes) {
        // The version first, then the counts: the counts are never older than the seq they carry.
        const [sweep] = await ctx.db
          .select({
            version: sweeps.version,
            regionCode: sweeps.regionCode,
            dueBy: sweeps.dueBy,
            status: sweeps.status,
            endedAt: sweeps.endedAt,
          })
          .from(sweeps)
          .where(eq(sweeps.id, task.sweepId));
        if (!sweep) continue;
        const counts = await villageCounts(ctx.db, [task.sweepId], sql`true`);
        const lineageOf = new Map(
          counts.map((c) => [c.regionCode, ctx.regions.lineage(c.regionCode).map((r) => r.code)]),
        );
        const asOf = sweepAsOf(sweep, now);
        const village = counts.find((c) => c.regionCode === task.regionCode);
        const villageShare = village
          ? { code: village.regionCode, ...sweepCounts(sweep.dueBy, [village], asOf) }
          : null;
        const share = (code: string): TSweepChanged => ({
          seq: sweep.version,
          sweep: {
            id: task.sweepId,
            status: sweep.status,
            scopeCode: code,
            village: villageShare,
            ...sweepCounts(
              sweep.dueBy,
              code === sweep.regionCode
                ? counts
                : counts.filter((c) => lineageOf.get(c.regionCode)?.includes(code)),
              asOf,
            ),
          },
        });
        const whole = ctx.regions.lineage(sweep.regionCode).map((r) => r.code);
        // The regions within the sweep's on the way to the village (or to every village).
        const villages = task.regionCode === null ? [...lineageOf.keys()] : [task.regionCode];
        const below = new Set(
          villages.flatMap((code) => {
            const path = lineageOf.get(code) ?? ctx.regions.lineage(code).map((r) => r.code);
            const at = path.indexOf(sweep.regionCode);
            return at < 0 ? [] : path.slice(at + 1);
          }),
        );
        io.to([rooms.supervisors, ...whole.map((code) => rooms.region(code))]).emit(
          'sweep.updated',
          share(sweep.regionCode),
        );
        for (const code of below) io.to(rooms.region(code)).emit('sweep.updated', share(code));
      }
    } catch (err) {
      ctx.log.warn({ err }, 'sweep broadcast failed; consoles re-read');
    }
  }
}
