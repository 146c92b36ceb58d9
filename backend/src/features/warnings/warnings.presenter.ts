import type { TWarning, TWarningView } from '@hutong/shared';
import type { RegionDirectory } from '../regions/region-directory.js';
import { openText } from '../children/child-content.js';
import type { WarningRowWithRefs } from './warnings.repository.js';

const ref = (id: string | null, name: string | null) =>
  id && name ? { id, displayName: name } : null;

/** A warning as events carry it: no name, no free text. */
export function presentWarning(row: WarningRowWithRefs, regions: RegionDirectory): TWarning {
  const w = row.warning;
  return {
    id: w.id,
    childId: w.childId,
    kind: w.kind,
    status: w.status,
    reasons: w.reasons,
    region: regions.ref(w.regionCode) ?? { code: w.regionCode, name: '', path: [] },
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
    acknowledged: w.acknowledgedAt
      ? { at: w.acknowledgedAt.toISOString(), by: ref(w.acknowledgedBy, row.acknowledgedByName) }
      : null,
    dismissed: w.dismissedAt
      ? { at: w.dismissedAt.toISOString(), by: ref(w.dismissedBy, row.dismissedByName) }
      : null,
    escalated:
      w.escalatedAt && row.escalatedReference
        ? {
            at: w.escalatedAt.toISOString(),
            by: ref(w.escalatedBy, row.escalatedByName),
            reference: row.escalatedReference,
          }
        : null,
  };
}

/** A line of the list: the warning with the child's name (decrypted) and the dismissal's reason. */
export function presentWarningView(
  row: WarningRowWithRefs,
  regions: RegionDirectory,
): TWarningView {
  return {
    ...presentWarning(row, regions),
    child: {
      id: row.child.id,
      name: openText(row.child.name) ?? '',
      categories: row.child.categories,
      riskLevel: row.child.riskLevel,
    },
    dismissReason: openText(row.warning.dismissReason),
  };
}
