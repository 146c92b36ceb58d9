import type { TDirectoryEntry } from '@hutong/shared';
import type { directoryEntries } from '../../db/schema.js';
import type { RegionDirectory } from '../regions/region-directory.js';

export type DirectoryEntryRow = typeof directoryEntries.$inferSelect;

/** A directory row as operators see it, with its region's names from the province down. */
export function presentDirectoryEntry(
  row: DirectoryEntryRow,
  regions: RegionDirectory,
): TDirectoryEntry {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    phone: row.phone,
    region: regions.ref(row.regionCode) ?? { code: row.regionCode, name: row.regionCode, path: [] },
    note: row.note,
    active: row.active,
  };
}
