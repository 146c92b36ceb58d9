import type { TUser } from '@hutong/shared';
import type { UserRow } from './users.repository.js';

/** An account for administrators: never its password hash or failure count. */
export function presentUser(row: UserRow): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    centreId: row.centreId,
    orgId: row.orgId,
    regionCode: row.regionCode,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The fields an audit entry records before and after a change (no secrets). */
export function auditSnapshot(row: UserRow): Record<string, unknown> {
  return {
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    centreId: row.centreId,
    orgId: row.orgId,
    regionCode: row.regionCode,
    disabled: row.disabledAt !== null,
  };
}
