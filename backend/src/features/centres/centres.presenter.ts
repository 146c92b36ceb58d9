import type { CentreKind, TCentre, TRegionRef } from '@hutong/shared';
import type { centres } from '../../db/schema.js';
import type { RegionDirectory } from '../regions/region-directory.js';

export type CentreRow = typeof centres.$inferSelect;

function regionRef(regions: RegionDirectory, code: string): TRegionRef {
  return regions.ref(code) ?? { code, name: code, path: [code] };
}

/** A centre for admins and dispatchers (duty numbers are the centre's, not a person's). */
export function presentCentre(row: CentreRow, regions: RegionDirectory): TCentre {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as CentreKind,
    region: regionRef(regions, row.regionCode),
    jurisdiction: row.jurisdiction.map((code) => regionRef(regions, code)),
    dutyContacts: row.dutyContacts,
    active: row.active,
  };
}
