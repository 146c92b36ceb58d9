import { AppError, can, type Role } from '@hutong/shared';
import type { SQL } from 'drizzle-orm';
import { warnings } from '../../db/schema.js';
import type { Actor } from '../auth/sessions.js';
import { inScope, regionScopeCondition, type ChildScope } from '../children/children.policy.js';

/**
 * Whose warnings a user sees and acts on: hotline supervisors every one; directors and township
 * supervisors their region's subtree; nobody else (centre staff, operators and reporters see a
 * warning only once escalated, as a case).
 */
export type WarningScope = ChildScope;

const REGION_BOUND: ReadonlySet<Role> = new Set(['child_director', 'township_supervisor']);

export function warningScope(actor: Actor): WarningScope {
  if (!can(actor.role, 'warnings.read')) return { kind: 'none' };
  if (actor.role === 'supervisor') return { kind: 'all' };
  if (REGION_BOUND.has(actor.role) && actor.regionCode)
    return { kind: 'regions', codes: [actor.regionCode] };
  return { kind: 'none' };
}

export const warningScopeCondition = (scope: WarningScope): SQL =>
  regionScopeCondition(scope, warnings.regionPath);

export const warningInScope = inScope;

/** 404 for a warning out of scope: it is not said to exist. */
export function notFound(): AppError {
  return new AppError('NOT_FOUND', { message: 'No such warning in your region' });
}
