import { inArray } from 'drizzle-orm';
import { AppError, can, type TChildImportProblem, type TChildImportResult } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { children } from '../../../db/schema.js';
import { writeAudit } from '../../audit/audit.repository.js';
import type { Actor } from '../../auth/sessions.js';
import { ChildImportError, type ChildImportRow } from '../child-import.js';
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
  const key = ctx.config.dataKey;
  const problems: TChildImportProblem[] = [];
  const firstLineOf = new Map<string, number>();
  const planned: (ChildImportRow & { identityHash: string; regionPath: string[] })[] = [];
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

function villageMessage(err: AppError): string {
  const message = err.data?.village_code;
  return typeof message === 'string' ? message : err.message;
}
