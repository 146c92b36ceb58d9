import { AppError } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Actor } from '../auth/sessions.js';
import type { RegionRollup, RegionScope } from './stats.repository.js';

/** The region figures are asked for, and the region codes whose rows count. */
export interface StatsScope {
  regionCode: string | null;
  codes: RegionScope;
}

/**
 * Analysts see their region's subtree only (another region is 403); supervisors and admins the
 * whole line or any region of it. An unknown region is a 400 naming the field.
 */
export function resolveStatsScope(
  ctx: Context,
  actor: Actor,
  asked: string | undefined,
): StatsScope {
  if (asked !== undefined && !ctx.regions.has(asked)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The query has invalid fields',
      data: { regionCode: ['No such region'] },
    });
  }
  let regionCode = asked ?? null;
  if (actor.role === 'analyst') {
    const own = actor.regionCode;
    if (!own) throw new AppError('FORBIDDEN', { message: 'Your account is bound to no region' });
    if (regionCode && !ctx.regions.lineage(regionCode).some((r) => r.code === own)) {
      throw new AppError('FORBIDDEN', { message: 'That region is outside yours' });
    }
    regionCode ??= own;
  } else if (actor.role !== 'supervisor' && actor.role !== 'admin') {
    throw new AppError('FORBIDDEN', { message: 'Your role may not do this' });
  }
  return { regionCode, codes: regionCode ? subtree(ctx, regionCode) : null };
}

/** A region and every region below it. */
function subtree(ctx: Context, code: string): string[] {
  const children = childMap(ctx);
  const out: string[] = [];
  const stack = [code];
  while (stack.length > 0) {
    const next = stack.pop()!;
    out.push(next);
    stack.push(...(children.get(next) ?? []));
  }
  return out;
}

/** The regions one level below `code` (the top-level regions for null), by code. */
export function childRegions(ctx: Context, code: string | null) {
  return ctx.regions
    .list()
    .filter((r) => (r.parentCode ?? null) === code)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Every region of the scope with the row it counts in: the region one level below `code` that
 * holds it (for the whole line: its top-level region), or null for `code` itself.
 */
export function regionRollup(ctx: Context, code: string | null): RegionRollup {
  const children = childMap(ctx);
  const codes: string[] = [];
  const tops: (string | null)[] = [];
  if (code) {
    codes.push(code);
    tops.push(null);
  }
  const starts = code
    ? (children.get(code) ?? [])
    : ctx.regions
        .list()
        .filter((r) => !r.parentCode)
        .map((r) => r.code);
  for (const top of starts) {
    const stack = [top];
    while (stack.length > 0) {
      const next = stack.pop()!;
      codes.push(next);
      tops.push(top);
      stack.push(...(children.get(next) ?? []));
    }
  }
  return { whole: code === null, codes, tops };
}

function childMap(ctx: Context): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const r of ctx.regions.list()) {
    if (!r.parentCode) continue;
    const list = map.get(r.parentCode) ?? [];
    list.push(r.code);
    map.set(r.parentCode, list);
  }
  return map;
}
