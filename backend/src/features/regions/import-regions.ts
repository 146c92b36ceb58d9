import { inArray, sql } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { REGION_LEVELS, type RegionLevel } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { regions } from '../../db/schema.js';

/** One region as an import file gives it; `line` is where it stood, for the error messages. */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  line: number;
}

/** What is wrong with an import file, all at once, each with where it is. */
export interface RegionProblem {
  line: number;
  field: string;
  message: string;
}

export class RegionImportError extends Error {
  constructor(readonly problems: RegionProblem[]) {
    super(`The region file has ${problems.length} problem(s); nothing was imported`);
    this.name = 'RegionImportError';
  }
}

export interface RegionImportResult {
  added: number;
  updated: number;
  unchanged: number;
}

const ZRow = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{2,12}$/, 'Use the administrative division code: 2 to 12 digits'),
  name: z.string().trim().min(1, 'Give the name').max(100, 'Use at most 100 characters'),
  level: z.enum(REGION_LEVELS, { message: `Use one of ${REGION_LEVELS.join(', ')}` }),
  parentCode: z
    .string()
    .trim()
    .transform((v) => v || null)
    .nullable(),
});

/** A nested tree, as the demo seed and `{ code, name, children }` JSON files give it. */
export interface RegionTree {
  code: string;
  name: string;
  children?: RegionTree[];
}

/** Flattens a tree whose root is a province; each level below is the next one down. */
export function rowsFromTree(root: RegionTree): Omit<RegionRow, 'line'>[] {
  const out: Omit<RegionRow, 'line'>[] = [];
  const walk = (node: RegionTree, depth: number, parentCode: string | null) => {
    out.push({
      code: node.code,
      name: node.name,
      level: REGION_LEVELS[Math.min(depth, REGION_LEVELS.length - 1)]!,
      parentCode,
    });
    for (const child of node.children ?? []) walk(child, depth + 1, node.code);
  };
  walk(root, 0, null);
  return out;
}

/**
 * Reads an import file: CSV with the header `code,name,level,parent_code` (UTF-8, a BOM is
 * fine), or JSON — an array of `{ code, name, level, parentCode }` or one nested tree.
 */
export function parseRegionFile(
  text: string,
  format: 'csv' | 'json',
): { rows: RegionRow[]; problems: RegionProblem[] } {
  const raw: { line: number; value: Record<string, unknown> }[] = [];
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { rows: [], problems: [{ line: 1, field: 'file', message: 'This is not JSON' }] };
    }
    const list = Array.isArray(data)
      ? (data as Record<string, unknown>[])
      : rowsFromTree(data as RegionTree);
    list.forEach((value, index) => raw.push({ line: index + 1, value }));
  } else {
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parseCsv<{ record: Record<string, string>; info: { lines: number } }>(
        text.replace(/^\ufeff/, ''),
        {
          columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
          skip_empty_lines: true,
          trim: true,
          info: true,
        },
      );
    } catch (err) {
      const line = (err as { lines?: number }).lines ?? 1;
      return { rows: [], problems: [{ line, field: 'file', message: (err as Error).message }] };
    }
    for (const { record, info } of records) {
      raw.push({
        line: info.lines,
        value: { ...record, parentCode: record.parent_code ?? record.parentcode ?? '' },
      });
    }
  }
  const rows: RegionRow[] = [];
  const problems: RegionProblem[] = [];
  for (const { line, value } of raw) {
    const parsed = ZRow.safeParse({ ...value, parentCode: value.parentCode ?? null });
    if (parsed.success) rows.push({ ...parsed.data, line });
    else {
      for (const issue of parsed.error.issues) {
        problems.push({ line, field: String(issue.path[0] ?? 'row'), message: issue.message });
      }
    }
  }
  if (raw.length === 0) problems.push({ line: 1, field: 'file', message: 'No regions in it' });
  return { rows, problems };
}

/**
 * Adds or renames regions, all or nothing. Each region's parent must be in the file or already
 * stored, one level up; a stored region keeps its level and parent. Regions are never deleted
 * (cases, reports and centres refer to them).
 */
export async function importRegions(
  exec: Executor,
  rows: RegionRow[],
): Promise<RegionImportResult> {
  const problems: RegionProblem[] = [];
  const byCode = new Map<string, RegionRow>();
  for (const row of rows) {
    if (byCode.has(row.code)) {
      problems.push({
        line: row.line,
        field: 'code',
        message: `${row.code} is also on line ${byCode.get(row.code)!.line}`,
      });
    } else byCode.set(row.code, row);
  }
  const wanted = [
    ...new Set(rows.flatMap((r) => [r.code, ...(r.parentCode ? [r.parentCode] : [])])),
  ];
  const stored = new Map(
    (wanted.length
      ? await exec.select().from(regions).where(inArray(regions.code, wanted))
      : []
    ).map((r) => [r.code, r]),
  );
  const levelOf = (code: string) => byCode.get(code)?.level ?? stored.get(code)?.level;
  for (const row of byCode.values()) {
    const depth = REGION_LEVELS.indexOf(row.level);
    if (row.parentCode === null) {
      if (depth !== 0) {
        problems.push({
          line: row.line,
          field: 'parentCode',
          message: `A ${row.level} needs a parent`,
        });
      }
    } else {
      const parentLevel = levelOf(row.parentCode);
      if (!parentLevel) {
        problems.push({
          line: row.line,
          field: 'parentCode',
          message: `No region ${row.parentCode} in the file or stored`,
        });
      } else if (REGION_LEVELS.indexOf(parentLevel) !== depth - 1) {
        problems.push({
          line: row.line,
          field: 'level',
          message: `A ${row.level} cannot be under a ${parentLevel}`,
        });
      }
    }
    const before = stored.get(row.code);
    if (before && (before.level !== row.level || before.parentCode !== row.parentCode)) {
      problems.push({
        line: row.line,
        field: before.level !== row.level ? 'level' : 'parentCode',
        message: `${row.code} is stored as a ${before.level} under ${before.parentCode ?? 'nothing'}; only its name may change`,
      });
    }
  }
  if (problems.length > 0) throw new RegionImportError(problems.sort((a, b) => a.line - b.line));

  const result: RegionImportResult = { added: 0, updated: 0, unchanged: 0 };
  const changed: (typeof regions.$inferInsert)[] = [];
  for (const row of byCode.values()) {
    const before = stored.get(row.code);
    if (!before) result.added++;
    else if (before.name !== row.name) result.updated++;
    else {
      result.unchanged++;
      continue;
    }
    changed.push({ code: row.code, name: row.name, level: row.level, parentCode: row.parentCode });
  }
  // Parents first, so every reference is to a row already written.
  changed.sort((a, b) => REGION_LEVELS.indexOf(a.level) - REGION_LEVELS.indexOf(b.level));
  for (let i = 0; i < changed.length; i += 500) {
    await exec
      .insert(regions)
      .values(changed.slice(i, i + 500))
      .onConflictDoUpdate({ target: regions.code, set: { name: sql`excluded.name` } });
  }
  return result;
}
