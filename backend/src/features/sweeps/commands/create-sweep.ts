import { and, eq } from 'drizzle-orm';
import { AppError, type TSweepDetail, type ZCreateSweep } from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { sweeps } from '../../../db/schema.js';
import { canonicalJson, sha256 } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { assertMayStart } from '../sweeps.policy.js';
import { insertSweepTasks } from '../sweeps.repository.js';
import { readSweep } from './read-sweeps.js';

type SweepInput = z.output<typeof ZCreateSweep>;

/** The sweep this starter already started with this key, or null; 422 with another body. */
async function replay(
  ctx: Context,
  actor: Actor,
  key: string,
  requestHash: string,
): Promise<TSweepDetail | null> {
  const [earlier] = await ctx.db
    .select({ id: sweeps.id, requestHash: sweeps.requestHash })
    .from(sweeps)
    .where(and(eq(sweeps.createdBy, actor.id), eq(sweeps.idempotencyKey, key)));
  if (!earlier) return null;
  if (earlier.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', {
      message: 'This Idempotency-Key was already used for a different sweep',
      data: { 'Idempotency-Key': 'Already used with a different body' },
    });
  }
  return readSweep(ctx, actor, earlier.id);
}

/**
 * `POST /api/sweeps`: starts a sweep (摸底排查) over a region and categories — one visit task per
 * open file that matches now, created in one statement — and audits it (region, categories and
 * the number of tasks; never a child). Township supervisors within their township, hotline
 * supervisors anywhere (403 otherwise). With an `Idempotency-Key`, the same request twice starts
 * one sweep and answers it twice; the key with another body is 422.
 */
export async function createSweep(
  ctx: Context,
  actor: Actor,
  input: SweepInput,
  idempotencyKey?: string,
): Promise<{ body: TSweepDetail; replayed: boolean }> {
  const requestHash = sha256(canonicalJson(input));
  if (idempotencyKey) {
    const earlier = await replay(ctx, actor, idempotencyKey, requestHash);
    if (earlier) return { body: earlier, replayed: true };
  }
  const lineage = ctx.regions.lineage(input.regionCode);
  if (lineage.at(-1)?.code !== input.regionCode) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { regionCode: 'Unknown region code' },
    });
  }
  assertMayStart(ctx, actor, input.regionCode);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const [sweep] = await tx
        .insert(sweeps)
        .values({
          regionCode: input.regionCode,
          regionPath: lineage.map((r) => r.code),
          categories: input.categories,
          dueBy: input.dueBy ? new Date(input.dueBy) : null,
          note: input.note || null,
          createdBy: actor.id,
          idempotencyKey: idempotencyKey ?? null,
          requestHash: idempotencyKey ? requestHash : null,
        })
        .returning({ id: sweeps.id });
      const tasks = await insertSweepTasks(tx, {
        id: sweep!.id,
        regionCode: input.regionCode,
        categories: input.categories,
      });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'sweep.created',
        entityType: 'sweep',
        entityId: sweep!.id,
        data: {
          regionCode: input.regionCode,
          categories: input.categories,
          tasks,
          ...(input.dueBy ? { dueBy: input.dueBy } : {}),
        },
      });
      return sweep!.id;
    });
    return { body: await readSweep(ctx, actor, id), replayed: false };
  } catch (err) {
    // The same key twice at once: the first one won; answer as it did.
    if (idempotencyKey && isUniqueViolation(err)) {
      const earlier = await replay(ctx, actor, idempotencyKey, requestHash);
      if (earlier) return { body: earlier, replayed: true };
    }
    throw err;
  }
}
