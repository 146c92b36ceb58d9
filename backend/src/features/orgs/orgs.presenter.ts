import type { OrgKind, TOrg, TOrgApiKey } from '@hutong/shared';
import type { orgApiKeys, reporterOrgs } from '../../db/schema.js';
import type { RegionDirectory } from '../regions/region-directory.js';

export type OrgRow = typeof reporterOrgs.$inferSelect;
export type OrgApiKeyRow = typeof orgApiKeys.$inferSelect;

/** `2025-09-01` for a letter signed that day (stored as midnight UTC). */
function dateOnly(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

/** A partner key without its secret or digest. */
export function presentOrgApiKey(row: OrgApiKeyRow): TOrgApiKey {
  return {
    id: row.id,
    label: row.label,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** A reporting organisation for admins, with its keys (newest first). */
export function presentOrg(row: OrgRow, keys: OrgApiKeyRow[], regions: RegionDirectory): TOrg {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrgKind,
    region: regions.ref(row.regionCode) ?? {
      code: row.regionCode,
      name: row.regionCode,
      path: [row.regionCode],
    },
    letterSignedAt: dateOnly(row.letterSignedAt),
    active: row.active,
    apiKeys: keys.map(presentOrgApiKey),
  };
}

/** What the audit log keeps of an organisation: fields, no secrets. */
export function orgAuditSnapshot(row: OrgRow) {
  return {
    name: row.name,
    kind: row.kind,
    regionCode: row.regionCode,
    letterSignedAt: dateOnly(row.letterSignedAt),
    active: row.active,
  };
}
