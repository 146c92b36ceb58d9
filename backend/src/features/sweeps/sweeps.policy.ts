import { AppError, can } from '@hutong/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { Context } from '../../context.js';
import { sweeps, sweepTasks } from '../../db/schema.js';
import type { Actor } from '../auth/sessions.js';

/**
 * Whose sweeps a user sees: hotline supervisors every one; directors and township supervisors
 * those over their region or a region within it, or over a region above theirs (a county sweep
 * reaches each township). In every case only the tasks within their region count for them.
 */
export type SweepScope = { kind: 'all' } | { kind: 'region'; code: string } | { kind: 'none' };

export function sweepScope(actor: Actor): SweepScope {
  if (!can(actor.role, 'sweeps.read')) return { kind: 'none' };
  if (actor.role === 'supervisor') return { kind: 'all' };
  if ((actor.role === 'child_director' || actor.role === 'township_supervisor') && actor.regionCode)
    return { kind: 'region', code: actor.regionCode };
  return { kind: 'none' };
}

/** The sweeps a scope sees, as a condition on `sweeps`. */
export function sweepVisible(ctx: Context, scope: SweepScope): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'region': {
      const above = ctx.regions.lineage(scope.code).map((r) => r.code);
      return sql`(${sweeps.regionPath} @> ${sql.param([scope.code])}::text[] or ${sweeps.regionCode} = any(${sql.param(above)}::text[]))`;
    }
  }
}

/** The tasks a scope counts, as a condition on `sweep_tasks`. */
export function taskVisible(scope: SweepScope): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'region':
      return sql`${sweepTasks.regionPath} @> ${sql.param([scope.code])}::text[]`;
  }
}

/**
 * Who may start (or close, or cancel) a sweep over a region: hotline supervisors anywhere;
 * township supervisors within their own township. Directors do not start sweeps (their visits follow the register's
 * schedule and the sweeps their township starts): the permission table keeps them out. 403
 * otherwise, naming the field.
 */
export function assertMayStart(ctx: Context, actor: Actor, regionCode: string): void {
  if (actor.role === 'supervisor') return;
  const path = ctx.regions.lineage(regionCode).map((r) => r.code);
  if (actor.role !== 'township_supervisor' || !actor.regionCode || !path.includes(actor.regionCode))
    throw new AppError('FORBIDDEN', {
      message: 'This region is outside your own',
      data: { regionCode: 'Outside your region' },
    });
}

/** 404 for a sweep out of scope: it is not said to exist. */
export function sweepNotFound(): AppError {
  return new AppError('NOT_FOUND', { message: 'No such sweep in your region' });
}
