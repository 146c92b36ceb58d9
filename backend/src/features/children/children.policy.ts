import { AppError, type Role } from '@hutong/shared';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Context } from '../../context.js';
import { centres, children } from '../../db/schema.js';
import type { Actor } from '../auth/sessions.js';

/**
 * Whose files a user reads: hotline supervisors all of them; directors and township supervisors
 * their region's subtree; a centre's staff its jurisdiction; anyone else none (operators will
 * read a file through a case linked to it).
 */
export type ChildScope = { kind: 'all' } | { kind: 'regions'; codes: string[] } | { kind: 'none' };

const REGION_BOUND: ReadonlySet<Role> = new Set(['child_director', 'township_supervisor']);

export async function childScope(ctx: Context, actor: Actor): Promise<ChildScope> {
  if (actor.role === 'supervisor') return { kind: 'all' };
  if (REGION_BOUND.has(actor.role))
    return actor.regionCode ? { kind: 'regions', codes: [actor.regionCode] } : { kind: 'none' };
  if (actor.role === 'centre_staff' && actor.centreId) {
    const [centre] = await ctx.db
      .select({ jurisdiction: centres.jurisdiction, active: centres.active })
      .from(centres)
      .where(eq(centres.id, actor.centreId));
    if (centre?.active && centre.jurisdiction.length > 0)
      return { kind: 'regions', codes: centre.jurisdiction };
  }
  return { kind: 'none' };
}

/**
 * A region scope as a condition on a `region_path` column (a region's subtree: its code is in the
 * row's path) — the children's, or a warning's.
 */
export function regionScopeCondition(scope: ChildScope, regionPath: AnyPgColumn): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'regions':
      return sql`${regionPath} && ${sql.param(scope.codes)}::text[]`;
  }
}

/** The scope as a condition on `children`. */
export const scopeCondition = (scope: ChildScope): SQL =>
  regionScopeCondition(scope, children.regionPath);

/** Whether a row (a child, a warning) with this region path is in scope. */
export function inScope(scope: ChildScope, regionPath: readonly string[]): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return scope.codes.some((c) => regionPath.includes(c));
}

/**
 * Who may register, change or visit children in a village: directors and township supervisors,
 * only within their own region's subtree. 403 otherwise (the route has let the role through).
 */
export function assertMayManage(ctx: Context, actor: Actor, regionCode: string): void {
  const path = ctx.regions.lineage(regionCode).map((r) => r.code);
  if (!REGION_BOUND.has(actor.role) || !actor.regionCode || !path.includes(actor.regionCode)) {
    throw new AppError('FORBIDDEN', {
      message: 'This village is outside your region',
      data: { regionCode: 'Outside your region' },
    });
  }
}

/** A village the register accepts: known, and a village or community (not a township or above). */
export function assertVillage(
  ctx: Pick<Context, 'regions'>,
  regionCode: string,
  field = 'regionCode',
): string[] {
  const lineage = ctx.regions.lineage(regionCode);
  const self = lineage.at(-1);
  if (!self || self.code !== regionCode) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { [field]: 'Unknown region code' },
    });
  }
  if (self.level !== 'village') {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { [field]: 'Choose the village or community the child lives in' },
    });
  }
  return lineage.map((r) => r.code);
}
