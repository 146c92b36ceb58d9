import type { TSweep, TSweepCounts, TSweepDetail } from '@hutong/shared';
import type { RegionDirectory } from '../regions/region-directory.js';
import type { SweepRowWithStarter, VillageCount } from './sweeps.repository.js';

/** Tasks still open once `dueBy` has passed are overdue; before it, or without one, none. */
export function sweepCounts(
  dueBy: Date | null,
  counts: readonly Pick<VillageCount, 'total' | 'done'>[],
  now: Date,
): TSweepCounts {
  const total = counts.reduce((n, c) => n + c.total, 0);
  const done = counts.reduce((n, c) => n + c.done, 0);
  return { total, done, overdue: dueBy && dueBy <= now ? total - done : 0 };
}

const regionRef = (regions: RegionDirectory, code: string) =>
  regions.ref(code) ?? { code, name: '', path: [] };

/** The time a sweep's figures are counted at: now while open, its end once ended. */
export const sweepAsOf = (sweep: { endedAt: Date | null }, now: Date): Date => sweep.endedAt ?? now;

export function presentSweep(
  { sweep, starterName, enderName }: SweepRowWithStarter,
  counts: readonly VillageCount[],
  regions: RegionDirectory,
  now: Date,
): TSweep {
  return {
    id: sweep.id,
    region: regionRef(regions, sweep.regionCode),
    categories: sweep.categories,
    dueBy: sweep.dueBy?.toISOString() ?? null,
    note: sweep.note,
    startedAt: sweep.createdAt.toISOString(),
    startedBy: sweep.createdBy ? { id: sweep.createdBy, displayName: starterName ?? '' } : null,
    status: sweep.status,
    endedAt: sweep.endedAt?.toISOString() ?? null,
    endedBy: sweep.endedBy ? { id: sweep.endedBy, displayName: enderName ?? '' } : null,
    endReason: sweep.endReason,
    ...sweepCounts(sweep.dueBy, counts, sweepAsOf(sweep, now)),
  };
}

/** The sweep with its villages, most tasks still to do first. */
export function presentSweepDetail(
  row: SweepRowWithStarter,
  counts: readonly VillageCount[],
  regions: RegionDirectory,
  now: Date,
): TSweepDetail {
  return {
    ...presentSweep(row, counts, regions, now),
    villages: counts
      .map((c) => ({
        region: regionRef(regions, c.regionCode),
        ...sweepCounts(row.sweep.dueBy, [c], sweepAsOf(row.sweep, now)),
      }))
      .sort(
        (a, b) =>
          b.total - b.done - (a.total - a.done) || a.region.code.localeCompare(b.region.code),
      ),
  };
}
