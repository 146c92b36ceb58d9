import { needsPolice, type SituationCategory } from '@hutong/shared';
import type { RegionDirectory } from '../../regions/region-directory.js';
import type { CentreRow } from '../centres.presenter.js';

export type SuggestionReason = 'jurisdiction' | 'parent_region' | 'police';

/**
 * The nearest active non-police centre whose jurisdiction covers `regionCode` or, failing that,
 * one of its ancestors: the closest covering level wins (a township station before the county
 * centre). Returns the depth at which it matched (0 = the region itself).
 */
function coveringCentre(
  regions: RegionDirectory,
  all: readonly CentreRow[],
  regionCode: string,
  exclude: ReadonlySet<string> = new Set(),
): { centre: CentreRow; depth: number } | null {
  const lineage = regions.lineage(regionCode).reverse();
  for (const [depth, region] of lineage.entries()) {
    const centre = all.find(
      (c) =>
        c.active &&
        c.kind !== 'police' &&
        !exclude.has(c.id) &&
        c.jurisdiction.includes(region.code),
    );
    if (centre) return { centre, depth };
  }
  return null;
}

/**
 * Dispatch suggestions for a case (DOMAIN.md §2): the centre whose jurisdiction covers the child's
 * location, then the one above it in the region tree, and the police for situations 1–8.
 */
export function suggestCentres(
  regions: RegionDirectory,
  all: readonly CentreRow[],
  facts: { regionCode: string | null; categories: readonly SituationCategory[] },
): { centre: CentreRow; reason: SuggestionReason }[] {
  const out: { centre: CentreRow; reason: SuggestionReason }[] = [];
  if (facts.regionCode) {
    const first = coveringCentre(regions, all, facts.regionCode);
    if (first) {
      out.push({ centre: first.centre, reason: 'jurisdiction' });
      const parent = backupCentre(regions, all, first.centre);
      if (parent) out.push({ centre: parent, reason: 'parent_region' });
    }
  }
  if (needsPolice(facts.categories)) {
    const lineage = facts.regionCode ? regions.lineage(facts.regionCode).reverse() : [];
    const police =
      lineage
        .map((r) =>
          all.find((c) => c.active && c.kind === 'police' && c.jurisdiction.includes(r.code)),
        )
        .find(Boolean) ?? all.find((c) => c.active && c.kind === 'police');
    if (police) out.push({ centre: police, reason: 'police' });
  }
  return out;
}

/** The backup for a centre: the nearest centre covering the region above the centre's own. */
export function backupCentre(
  regions: RegionDirectory,
  all: readonly CentreRow[],
  centre: CentreRow,
): CentreRow | null {
  const parentCode = regions.lineage(centre.regionCode).at(-2)?.code;
  if (!parentCode) return null;
  return coveringCentre(regions, all, parentCode, new Set([centre.id]))?.centre ?? null;
}
