import { asc } from 'drizzle-orm';
import type { TDirectory } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { directoryEntries } from '../../../db/schema.js';
import { findCentres } from '../../centres/centres.repository.js';
import { presentCentre } from '../../centres/centres.presenter.js';
import { presentDirectoryEntry } from '../directory.presenter.js';

/**
 * The directory for an area: entries located in the region or anywhere below it, and the rescue
 * centres located there or whose jurisdiction reaches into it or covers it from above. `q`
 * narrows by name. Without an area, everything. Small tables: filtered here, by the region tree.
 */
export async function readDirectory(
  ctx: Context,
  query: { regionCode?: string | undefined; q?: string | undefined },
): Promise<TDirectory> {
  const within = (code: string) =>
    query.regionCode === undefined ||
    ctx.regions.lineage(code).some((r) => r.code === query.regionCode);
  const above = (code: string) =>
    query.regionCode !== undefined &&
    ctx.regions.lineage(query.regionCode).some((r) => r.code === code);
  const named = (name: string) => !query.q || name.includes(query.q);

  const entries = await ctx.db
    .select()
    .from(directoryEntries)
    .orderBy(asc(directoryEntries.regionCode), asc(directoryEntries.name));
  const centres = await findCentres(ctx.db);
  return {
    entries: entries
      .filter((e) => within(e.regionCode) && named(e.name))
      .map((e) => presentDirectoryEntry(e, ctx.regions)),
    centres: centres
      .filter(
        (c) =>
          named(c.name) &&
          (within(c.regionCode) || c.jurisdiction.some((j) => within(j) || above(j))),
      )
      .map((c) => presentCentre(c, ctx.regions)),
  };
}
