import { asc } from 'drizzle-orm';
import type { RegionLevel, TRegion, TRegionRef } from '@hutong/shared';
import type { Db } from '../../db/client.js';
import { regions } from '../../db/schema.js';

/**
 * The region tree held in memory: it changes rarely and every case summary needs names and
 * ancestors, so reading it per request would be waste. `reload()` after an admin edit.
 */
export class RegionDirectory {
  private byCode = new Map<string, TRegion>();

  constructor(private readonly db: Db) {}

  async reload(): Promise<void> {
    const rows = await this.db.select().from(regions).orderBy(asc(regions.code));
    this.byCode = new Map(rows.map((r) => [r.code, r]));
  }

  list(): TRegion[] {
    return [...this.byCode.values()];
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** The region and its ancestors, province first. */
  lineage(code: string): TRegion[] {
    const out: TRegion[] = [];
    for (
      let r = this.byCode.get(code);
      r;
      r = r.parentCode ? this.byCode.get(r.parentCode) : undefined
    ) {
      out.unshift(r);
    }
    return out;
  }

  /** The ancestor (or self) at a level, e.g. the county a village belongs to. */
  ancestorAt(code: string, level: RegionLevel): TRegion | undefined {
    return this.lineage(code).find((r) => r.level === level);
  }

  ref(code: string | null): TRegionRef | null {
    if (!code) return null;
    const lineage = this.lineage(code);
    const self = lineage.at(-1);
    if (!self) return null;
    return { code, name: self.name, path: lineage.map((r) => r.name) };
  }
}
