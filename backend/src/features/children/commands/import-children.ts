import { inArray } from 'drizzle-orm';
import { AppError, can, type TChildImportProblem, type TChildImportResult } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { children } from '../../../db/schema.js';
import { writeAudit } from '../../audit/audit.repository.js';
import type { Actor } from '../../auth/sessions.js';
import { ChildImportError, parseChildFile, type ChildImportRow } from '../child-import.js';
import { childIdentityHash } from '../child-content.js';
import { assertVillage } from '../children.policy.js';
import { insertChildFile } from './register-child.js';

/** Who imports: an administrator signed in, or the command line (`--as` an administrator, or nobody). */
export type Importer = { via: 'upload'; actor: Actor } | { via: 'cli'; actorId: string | null };

/**
 * Registers the children of a register file, all or nothing, in one transaction: every row's
 * village must be a known village (each problem with its line); a child twice in the file is a
 * problem; a child already on the register (same identity hash: name, birth date or age,
 * village) is skipped and counted, so a file may be imported again. Each child is registered as
 * `POST /api/children` does (encrypted, hashed, risk computed, its timeline entry); the import is
 * audited once, last, naming the files it made. `dryRun` checks everything and writes nothing.
 */
export async function importChildren(
  ctx: Pick<Context, 'db' | 'config' | 'regions'>,
  importer: Importer,
  rows: ChildImportRow[],
  options: { dryRun?: boolean } = {},
): Promise<TChildImportResult> {
  const actorId = importer.via === 'upload' ? importer.actor.id : importer.actorId;
  if (importer.via === 'upload' && !can(importer.actor.role, 'children.import')) {
    throw new AppError('FORBIDDEN', { message: 'Only administrators import register files' });
  }
  const { problems, planned } = planImport(ctx, rows);
  if (problems.length > 0) throw new ChildImportError(problems);

  try {
    return await ctx.db.transaction(async (tx) => {
      const stored = new Set<string>();
      const hashes = planned.map((p) => p.identityHash);
      for (let i = 0; i < hashes.length; i += 500) {
        const found = await tx
          .select({ identityHash: children.identityHash })
          .from(children)
          .where(inArray(children.identityHash, hashes.slice(i, i + 500)));
        for (const f of found) stored.add(f.identityHash);
      }
      const fresh = planned.filter((p) => !stored.has(p.identityHash));
      const result = { created: fresh.length, skipped: planned.length - fresh.length };
      if (options.dryRun) return { ...result, dryRun: true };
      const ids: string[] = [];
      for (const row of fresh) {
        const { id } = await insertChildFile(tx, ctx, actorId, row.child, {
          regionPath: row.regionPath,
          identityHash: row.identityHash,
          imported: true,
        });
        ids.push(id);
      }
      await writeAudit(tx, {
        actorId: actorId,
        action: 'children.imported',
        entityType: 'children',
        entityId: null,
        data: { ...result, rows: rows.length, via: importer.via, childIds: ids },
      });
      return { ...result, dryRun: false };
    });
  } catch (err) {
    // Someone registered one of these children while the file was being imported.
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', {
        message: 'A child in the file was registered meanwhile; nothing was imported, run it again',
      });
    }
    throw err;
  }
}

type PlannedRow = ChildImportRow & { identityHash: string; regionPath: string[] };

/**
 * The checks across a file's parsed rows: each village known, no child twice in the file (by the
 * identity hash). Returns the problems and the rows ready to register.
 */
function planImport(
  ctx: Pick<Context, 'config' | 'regions'>,
  rows: readonly ChildImportRow[],
): { problems: TChildImportProblem[]; planned: PlannedRow[] } {
  const key = ctx.config.dataKey;
  const problems: TChildImportProblem[] = [];
  const firstLineOf = new Map<string, number>();
  const planned: PlannedRow[] = [];
  for (const row of rows) {
    let regionPath: string[];
    try {
      regionPath = assertVillage(ctx, row.child.regionCode, 'village_code');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems.push({ line: row.line, field: 'village_code', message: villageMessage(err) });
      continue;
    }
    const identityHash = childIdentityHash(key, row.child);
    const first = firstLineOf.get(identityHash);
    if (first !== undefined) {
      problems.push({
        line: row.line,
        field: 'name',
        message: `The same child (name, birth date or age, village) as on line ${first}`,
      });
      continue;
    }
    firstLineOf.set(identityHash, row.line);
    planned.push({ ...row, identityHash, regionPath });
  }
  return { problems, planned };
}

/**
 * Reads a register file into rows to import, or throws `ChildImportError` with every problem of
 * every line at once, in line order: a line's fields and its village together, and a child twice
 * in the file among them.
 */
export function readChildFile(
  ctx: Pick<Context, 'config' | 'regions'>,
  text: string,
): ChildImportRow[] {
  const { rows, problems } = parseChildFile(text, villageProblemOf(ctx));
  const all = [...problems, ...planImport(ctx, rows).problems].sort((a, b) => a.line - b.line);
  if (all.length > 0) throw new ChildImportError(all);
  return rows;
}

/** The register file's village check, for `parseChildFile`: why a code is refused, or null. */
export function villageProblemOf(ctx: Pick<Context, 'regions'>): (code: string) => string | null {
  return (code) => {
    try {
      assertVillage(ctx, code, 'village_code');
      return null;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return villageMessage(err);
    }
  };
}

function villageMessage(err: AppError): string {
  const message = err.data?.village_code;
  return typeof message === 'string' ? message : err.message;
}
